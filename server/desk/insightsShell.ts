import type { Translator } from '../../i18n/translator';

export const INSIGHTS_PREFIX = '/agent/insights';

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export interface ShellOptions {
  /** The page's path, for the language switch (which keeps the other parameters). */
  path: string;
  query: string;
  /** Which page of the navigation this is; none for the sign-in and the refusals. */
  current?: 'dashboard' | 'review';
  /** The signed-in account; with `supervisor`, the navigation between the insights pages shows. */
  who?: { displayName: string; csrfToken: string; supervisor: boolean };
  body: string;
}

/** The link to the same page in the other language, with the same filters. */
function switchHref(tr: Translator, path: string, query: string): string {
  const params = new URLSearchParams(query);
  params.set('lang', tr.language === 'de' ? 'en' : 'de');
  return `${path}?${params.toString()}`;
}

/**
 * The frame of every insights page: header with the account, sign-out and the language switch, the
 * navigation, and only our own stylesheet and script (the CSP allows nothing else). The page's texts for the
 * script travel as a JSON data block, which the browser never runs.
 */
export function renderShell(tr: Translator, options: ShellOptions): string {
  const p = (key: string, args?: Record<string, string | number>) =>
    escapeHtml(tr.t(`insights.${key}`, args));
  const lang = tr.language;
  const other = lang === 'de' ? 'en' : 'de';
  const config = JSON.stringify({
    language: lang,
    text: {
      signIn: tr.tree('insights.signIn'),
      review: tr.tree('insights.review'),
    },
  }).replace(/</g, '\\u003c');
  const nav = options.who?.supervisor
    ? `<nav class="ins-nav" aria-label="${p('nav.label')}">
        <a href="/agent/insights?lang=${lang}"${options.current === 'dashboard' ? ' aria-current="page"' : ''}>${p('nav.dashboard')}</a>
        <a href="/agent/insights/review?lang=${lang}"${options.current === 'review' ? ' aria-current="page"' : ''}>${p('nav.review')}</a>
        <a href="/agent?lang=${lang}">${p('nav.desk')}</a>
      </nav>`
    : '';
  const who = options.who
    ? `<span class="who">${p('signedInAs', { name: options.who.displayName })}</span>
      <button type="button" class="sign-out" data-sign-out>${p('signOut')}</button>`
    : '';
  return `<!doctype html>
<html lang="${p('htmlLang')}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex" />
    ${options.who ? `<meta name="csrf-token" content="${escapeHtml(options.who.csrfToken)}" />` : ''}
    <title>${p('title')}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${INSIGHTS_PREFIX}/assets/insights.css" />
  </head>
  <body>
    <a class="skip-link" href="#main">${p('skipToContent')}</a>
    <header class="ins-header">
      <h1>${p('heading')}</h1>
      ${nav}
      <div class="account">
        ${who}
        <a class="language-switch" href="${escapeHtml(switchHref(tr, options.path, options.query))}" hreflang="${other}" lang="${other}" title="${p('otherLanguageLabel')}">${p('otherLanguage')}</a>
      </div>
    </header>
    <main id="main" class="ins-main" tabindex="-1">
${options.body}
    </main>
    <script type="application/json" id="insights-config">${config}</script>
    <script src="${INSIGHTS_PREFIX}/assets/insights.js" defer></script>
  </body>
</html>
`;
}

/** Signed out: the desk's sign-in, on this page, so a supervisor lands where the link pointed. */
export function renderSignIn(tr: Translator, path: string, query: string): string {
  const p = (key: string) => escapeHtml(tr.t(`insights.signIn.${key}`));
  return renderShell(tr, {
    path,
    query,
    body: `      <section class="sign-in" aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading">${p('heading')}</h2>
        <p>${p('intro')}</p>
        <form data-sign-in-form>
          <label>${p('username')} <input name="username" autocomplete="username" required maxlength="64" /></label>
          <label>${p('password')} <input name="password" type="password" autocomplete="current-password" required maxlength="256" /></label>
          <button type="submit" class="primary">${p('submit')}</button>
          <p class="error" role="alert" data-sign-in-error></p>
        </form>
      </section>`,
  });
}

/** Signed in, but as an agent: the insights are for supervisors. */
export function renderForbidden(
  tr: Translator,
  path: string,
  query: string,
  who: { displayName: string; csrfToken: string },
): string {
  const p = (key: string, args?: Record<string, string>) => escapeHtml(tr.t(`insights.${key}`, args));
  return renderShell(tr, {
    path,
    query,
    who: { ...who, supervisor: false },
    body: `      <section class="notice-page" aria-labelledby="forbidden-heading">
        <h2 id="forbidden-heading">${p('forbidden.heading')}</h2>
        <p>${p('forbidden.text', { name: who.displayName })}</p>
        <p><a href="/agent?lang=${tr.language}">${p('nav.desk')}</a></p>
      </section>`,
  });
}

/** A filter value that cannot be used: which one and why, and a way back. */
export function renderBadRequest(
  tr: Translator,
  path: string,
  query: string,
  who: { displayName: string; csrfToken: string },
  messages: string[],
): string {
  const p = (key: string) => escapeHtml(tr.t(`insights.${key}`));
  return renderShell(tr, {
    path,
    query,
    who: { ...who, supervisor: true },
    body: `      <section class="notice-page" aria-labelledby="bad-request-heading">
        <h2 id="bad-request-heading">${p('badRequest.heading')}</h2>
        <ul class="problems">${messages.map((m) => `<li>${escapeHtml(m)}</li>`).join('')}</ul>
        <p><a href="${path}?lang=${tr.language}">${p('badRequest.back')}</a></p>
      </section>`,
  });
}
