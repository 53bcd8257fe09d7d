import type { Translator } from '../../i18n/translator';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/**
 * The agent desk's page: a shell whose script (web/desk.js) signs in, shows the queue and the
 * conversations, and renders everything a customer wrote with textContent, never as markup.
 */
export function renderDeskPage(tr: Translator, accountsConfigured: boolean): string {
  const other = tr.language === 'de' ? 'en' : 'de';
  const config = JSON.stringify({
    language: tr.language,
    locale: tr.language === 'de' ? 'de-DE' : 'en-US',
    accountsConfigured,
    text: tr.tree('desk'),
    accountKinds: tr.tree('accountKinds'),
  }).replace(/</g, '\\u003c');
  const p = (key: string) => escapeHtml(tr.t(`desk.${key}`));
  return `<!doctype html>
<html lang="${p('htmlLang')}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    <title>${p('title')}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/agent/assets/desk.css" />
  </head>
  <body>
    <header class="desk-header">
      <h1>${p('heading')}</h1>
      <span class="connection" data-connection hidden></span>
      <span class="who" data-who hidden></span>
      <a class="insights-link" data-insights-link href="/agent/insights?lang=${tr.language}" hidden>${p('insightsLink')}</a>
      <button type="button" class="sign-out" data-sign-out hidden>${p('signOut')}</button>
      <a class="language-switch" href="/agent?lang=${other}" hreflang="${other}" lang="${other}" title="${p('otherLanguageLabel')}">${p('otherLanguage')}</a>
    </header>
    <main id="desk" class="desk">
      <section class="sign-in" data-sign-in hidden aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading">${p('signIn.heading')}</h2>
        <p class="notice" data-no-accounts hidden>${p('noAccounts')}</p>
        <form data-sign-in-form>
          <label>${p('signIn.username')} <input name="username" autocomplete="username" required maxlength="64" /></label>
          <label>${p('signIn.password')} <input name="password" type="password" autocomplete="current-password" required maxlength="256" /></label>
          <button type="submit">${p('signIn.submit')}</button>
          <p class="error" role="alert" data-sign-in-error></p>
        </form>
      </section>
      <div class="workspace" data-workspace hidden>
        <nav class="lists" aria-label="${p('queue.waiting')}">
          <section><h2>${p('queue.waiting')}</h2><ul data-waiting></ul></section>
          <section><h2>${p('queue.active')}</h2><ul data-active></ul></section>
          <section><h2>${p('queue.recent')}</h2><ul data-recent></ul></section>
        </nav>
        <section class="case" data-case aria-live="polite"></section>
      </div>
    </main>
    <script type="application/json" id="desk-config">${config}</script>
    <script src="/agent/assets/desk.js" defer></script>
  </body>
</html>
`;
}
