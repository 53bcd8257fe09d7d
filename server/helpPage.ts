import path from 'node:path';
import type restify from 'restify';
import { LANGUAGES, isLanguage, type Language } from '../domain/language';
import { webFile } from './webFiles';
import { pageSecurityHeaders } from './securityHeaders';
import { StaticAsset } from './staticAssets';
import type { Translations, Translator } from '../i18n/translator';
import { PORTAL_STEPS } from '../domain/portalSteps';

export interface HelpPageDeps {
  translations: Translations;
  defaultLanguage: Language;
  portals: { online: string; corporate: string };
  /** CSP frame-ancestors (FRAME_ANCESTORS); default: this site only. */
  frameAncestors?: string[];
  /** Azure Direct Line's origin when configured: the widget talks to it (polling and WebSocket). */
  directLineOrigin?: string;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** The bot's messages use **bold** and bare URLs; the page shows the same sentences as HTML. */
function inlineMarkdown(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/https?:\/\/[^\s)<]+/g, (url) => `<a href="${url}" target="_blank" rel="noopener">${url}</a>`);
}

function webChatBundle(): string {
  // The package exports only its entry points; the browser bundle sits in dist/ beside lib/.
  return path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}

/** Picks the page language: ?lang=, then the browser's Accept-Language, then the default. */
export function pageLanguage(
  query: unknown,
  acceptLanguage: string | undefined,
  fallback: Language,
): Language {
  const lang = typeof query === 'string' ? query.toLowerCase() : undefined;
  if (isLanguage(lang)) return lang;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const base = part.trim().slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return fallback;
}

/** Where the page finds its files: each URL names the file's content, so a browser may keep it for long. */
export interface AssetUrls {
  css: string;
  helpJs: string;
  webChatJs: string;
}

const PLAIN_URLS: AssetUrls = {
  css: '/assets/help.css',
  helpJs: '/assets/help.js',
  webChatJs: '/assets/webchat.js',
};

export function renderHelpPage(
  tr: Translator,
  portals: HelpPageDeps['portals'],
  urls: AssetUrls = PLAIN_URLS,
): string {
  const p = (key: string) => escapeHtml(tr.t(`page.${key}`));
  const other: Language = tr.language === 'de' ? 'en' : 'de';
  const steps = (kind: 'online' | 'corporate') =>
    PORTAL_STEPS[kind]
      .map((key) => `<li>${inlineMarkdown(tr.t(key, { url: portals[kind] }))}</li>`)
      .join('\n          ');
  const config = JSON.stringify({
    locale: tr.language === 'de' ? 'de-DE' : 'en-US',
    language: tr.language,
    failed: tr.t('page.chatFailed'),
    sentAt: tr.t('page.webChatSentAt'),
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="${p('htmlLang')}">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${p('title')}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${urls.css}" />
  </head>
  <body>
    <a class="skip-link" href="#chat-launcher">${p('skipToChat')}</a>
    <header class="site-header">
      <span class="brand">${p('brand')}</span>
      <a class="language-switch" href="/?lang=${other}" hreflang="${other}" lang="${other}" aria-label="${p('otherLanguageLabel')}">${p('otherLanguage')}</a>
    </header>
    <main id="main">
      <article>
        <h1>${p('heading')}</h1>
        <p>${p('intro')}</p>
        <h2>${p('onlineHeading')}</h2>
        <ol>
          ${steps('online')}
        </ol>
        <h2>${p('corporateHeading')}</h2>
        <p>${p('corporateUserId')}</p>
        <ol>
          ${steps('corporate')}
        </ol>
        <p class="card-warning" role="note">${p('cardWarning')}</p>
        <section class="support" aria-labelledby="support-heading">
          <h2 id="support-heading">${p('supportHeading')}</h2>
          <p>${p('supportText')}</p>
          <button type="button" class="open-chat" data-open-chat>${p('openChat')}</button>
        </section>
      </article>
    </main>
    <button type="button" id="chat-launcher" class="chat-launcher" data-open-chat aria-controls="chat-panel" aria-expanded="false">
      <svg class="chat-launcher-icon" aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="20" height="20"><path fill="currentColor" d="M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>
      ${p('openChat')}
    </button>
    <section id="chat-panel" class="chat-panel" role="dialog" aria-modal="false" aria-labelledby="chat-title" hidden>
      <div class="chat-header">
        <h2 id="chat-title">${p('chatTitle')}</h2>
        <button type="button" class="close-chat" data-close-chat aria-label="${p('closeChat')}">×</button>
      </div>
      <div id="webchat" class="webchat" role="region" aria-label="${p('chatTitle')}">
        <p class="chat-status" data-chat-status>${p('chatLoading')}</p>
      </div>
    </section>
    <noscript><p class="noscript">${p('noScript')}</p></noscript>
    <script type="application/json" id="chat-config">${config}</script>
    <script src="${urls.webChatJs}" defer></script>
    <script src="${urls.helpJs}" defer></script>
  </body>
</html>
`;
}

/** GET / (the help page, DE/EN), the page's assets and the Web Chat bundle from node_modules. */
export function createHelpPage(deps: HelpPageDeps) {
  // A Map, not an object literal: the name comes from the URL, and `constructor` or `__proto__` must be a 404.
  const assets = new Map<string, StaticAsset>([
    ['help.css', new StaticAsset(webFile('help.css'), 'text/css; charset=utf-8')],
    ['help.js', new StaticAsset(webFile('help.js'), 'text/javascript; charset=utf-8')],
    ['webchat.js', new StaticAsset(webChatBundle(), 'text/javascript; charset=utf-8')],
  ]);
  const url = (name: string) => assets.get(name)!.url(`/assets/${name}`);
  const urls: AssetUrls = { css: url('help.css'), helpJs: url('help.js'), webChatJs: url('webchat.js') };
  const pages = new Map(
    LANGUAGES.map((lng) => [lng, renderHelpPage(deps.translations.for(lng), deps.portals, urls)]),
  );
  const dl = deps.directLineOrigin;
  const security = pageSecurityHeaders({
    frameAncestors: deps.frameAncestors,
    connect: dl ? [dl, dl.replace(/^https:/, 'wss:')] : [],
    inlineStyles: true,
  });
  return {
    mount(server: restify.Server): void {
      server.get('/', async (req, res) => {
        // No queryParser plugin on this server: read ?lang= from the raw query string.
        const lang = new URLSearchParams(req.getQuery()).get('lang') ?? undefined;
        const language = pageLanguage(lang, req.headers['accept-language'], deps.defaultLanguage);
        res.writeHead(200, {
          ...security,
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Language': language,
          // The page differs by Accept-Language when ?lang= is absent.
          Vary: 'Accept-Language',
        });
        res.end(pages.get(language));
      });
      server.get('/assets/:name', async (req, res) => {
        const asset = assets.get(String(req.params.name));
        if (!asset) {
          res.send(404, { error: 'not found' });
          return;
        }
        await asset.send(req, res);
      });
    },
  };
}
