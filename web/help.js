// Help page: opens the billing assistant (official Web Chat bundle) in a side panel on demand.
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('chat-config').textContent);
  var panel = document.getElementById('chat-panel');
  var launcher = document.getElementById('chat-launcher');
  var container = document.getElementById('webchat');
  var status = container.querySelector('[data-chat-status]');
  var started = false;

  // The product's colours; Web Chat takes them as style options.
  var styleOptions = {
    accent: '#0b5cab',
    backgroundColor: '#ffffff',
    bubbleBackground: '#f3f5f8',
    bubbleBorderRadius: 12,
    bubbleFromUserBackground: '#0b5cab',
    bubbleFromUserTextColor: '#ffffff',
    bubbleFromUserBorderRadius: 12,
    cardPushButtonBackgroundColor: '#0b5cab',
    suggestedActionBorderRadius: 16,
    suggestedActionLayout: 'flow',
    hideUploadButton: true,
    primaryFont: "'Segoe UI', system-ui, -apple-system, Roboto, 'Helvetica Neue', Arial, sans-serif",
    sendBoxHeight: 48,
  };

  // Web Chat formats times with its own precompiled CLDR data, whose pattern is a 12-hour one even in
  // German ("Gesendet um 1. Dezember um 11:32 PM"). The German page hands it formatters built on the
  // browser's Intl instead: the German date and a 24-hour clock ("Gesendet am 1. Dezember um 23:32").
  function intlGlobalize(locale) {
    var dateTime = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    var plurals = new Intl.PluralRules(locale);
    return {
      dateFormatter: function () {
        return function (date) {
          return dateTime.format(date);
        };
      },
      relativeTimeFormatter: function (unit) {
        var relative = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
        return function (value) {
          return relative.format(value, unit);
        };
      },
      unitFormatter: function (unit, options) {
        var form = options && options.form === 'short' ? 'short' : 'long';
        var number = new Intl.NumberFormat(locale, { style: 'unit', unit: unit, unitDisplay: form });
        return function (value) {
          return number.format(value);
        };
      },
      plural: function (value) {
        return plurals.select(value);
      },
    };
  }

  // Web Chat's own words the page replaces: its German "sent at" reads "um" before a date.
  var localizedStrings = { ACTIVITY_STATUS_SEND_STATUS_ALT_SENT_AT: config.sentAt };
  if (config.language === 'de') localizedStrings.GLOBALIZE = intlGlobalize(config.locale);

  function userId() {
    // One id per browser, so a language the user chose is remembered next time.
    try {
      var saved = window.localStorage.getItem('billing-assistant-user');
      if (saved) return saved;
      var id = 'dl_' + Math.random().toString(36).slice(2) + Date.now().toString(36);
      window.localStorage.setItem('billing-assistant-user', id);
      return id;
    } catch {
      // Storage blocked (private mode): a new id each visit.
      return undefined;
    }
  }

  // The conversation of this tab, kept for a reload and for reconnecting after a bot restart.
  var SESSION_KEY = 'billing-assistant-session';

  function savedSession() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(SESSION_KEY) || 'null');
      return saved && saved.token && saved.conversationId ? saved : null;
    } catch {
      return null;
    }
  }

  function saveSession(session) {
    try {
      window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    } catch {
      // Storage blocked: a reload starts a new conversation.
    }
  }

  function forgetSession() {
    try {
      window.sessionStorage.removeItem(SESSION_KEY);
    } catch {
      // Nothing was saved.
    }
  }

  function newSession() {
    return fetch('/api/directline/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: userId() } }),
    }).then(function (res) {
      if (!res.ok) throw new Error('token ' + res.status);
      return res.json();
    });
  }

  // Web Chat's Direct Line connection states (botframework-directlinejs ConnectionStatus).
  var ONLINE = 2;
  var EXPIRED_TOKEN = 3;
  var FAILED_TO_CONNECT = 4;

  // Web Chat's polling client stops for good after one failed poll, e.g. while the bot restarts.
  // The page watches /healthz; when the bot is back under a new start time, it reconnects to the
  // saved conversation the way a reload would, keeping what is on screen.
  var HEALTH_INTERVAL_MS = 3000;
  var current = null;
  var botStartedAt = null;
  var watching = false;

  function checkBot() {
    fetch('/healthz', { cache: 'no-store' })
      .then(function (res) {
        return res.ok ? res.json() : null;
      })
      .then(function (health) {
        if (!health || !health.startedAt) return;
        if (botStartedAt && health.startedAt !== botStartedAt && current) reconnect();
        botStartedAt = health.startedAt;
      })
      .catch(function () {
        // The bot is down for the moment: the next check tells when it is back.
      });
  }

  function watchBot() {
    if (watching) return;
    watching = true;
    checkBot();
    window.setInterval(checkBot, HEALTH_INTERVAL_MS);
  }

  function reconnect() {
    var saved = savedSession();
    if (!saved) return;
    current.end();
    connect(saved, true);
  }

  // One store for every connection of this page, so a reconnect keeps the transcript on screen.
  // On a resumed conversation the bot repeats its open question: after a restart its history is gone.
  var resumeOnConnect = false;
  var store = null;

  function chatStore() {
    store =
      store ||
      window.WebChat.createStore({}, function (api) {
        return function (next) {
          return function (action) {
            if (resumeOnConnect && action.type === 'DIRECT_LINE/CONNECT_FULFILLED') {
              api.dispatch({ type: 'WEB_CHAT/SEND_EVENT', payload: { name: 'webchat/resume' } });
            }
            return next(action);
          };
        };
      });
    return store;
  }

  function connect(session, resumed) {
    var options = {
      token: session.token,
      conversationStartProperties: { locale: config.locale },
    };
    if (resumed) options.conversationId = session.conversationId;
    if (session.domain) {
      options.domain = session.domain;
      // The built-in Direct Line polls; Azure's streams over a WebSocket.
      options.webSocket = session.domain.indexOf('directline.botframework.com') !== -1;
    }
    var directLine = window.WebChat.createDirectLine(options);
    var remember = function () {
      saveSession({
        token: directLine.token || session.token,
        conversationId: session.conversationId,
        domain: session.domain,
      });
    };
    // directlinejs replaces the token every 15 minutes (the old one is retired): keep the newest for a reload.
    var keeper = window.setInterval(remember, 30000);
    window.addEventListener('pagehide', remember);
    var subscription = directLine.connectionStatus$.subscribe(function (state) {
      if (state === ONLINE) remember();
      if (resumed && (state === EXPIRED_TOKEN || state === FAILED_TO_CONNECT)) {
        // The saved conversation is gone (token expired): start a new one.
        subscription.unsubscribe();
        window.clearInterval(keeper);
        forgetSession();
        directLine.end();
        newSession()
          .then(function (fresh) {
            connect(fresh, false);
          })
          .catch(showFailure);
      }
    });
    window.addEventListener('pagehide', remember);
    resumeOnConnect = resumed;
    current = {
      end: function () {
        window.removeEventListener('pagehide', remember);
        subscription.unsubscribe();
        directLine.end();
      },
    };
    watchBot();
    if (status.parentNode) status.parentNode.removeChild(status);
    window.WebChat.renderWebChat(
      {
        directLine: directLine,
        store: chatStore(),
        locale: config.locale,
        overrideLocalizedStrings: localizedStrings,
        styleOptions: styleOptions,
      },
      container,
    );
    var input = container.querySelector('input, textarea');
    if (input) input.focus();
  }

  function showFailure() {
    if (!status.parentNode) container.appendChild(status);
    status.textContent = config.failed;
    started = false;
  }

  function start() {
    if (started) return;
    started = true;
    var saved = savedSession();
    if (saved) {
      connect(saved, true);
      return;
    }
    newSession()
      .then(function (session) {
        connect(session, false);
      })
      .catch(showFailure);
  }

  function open() {
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    document.body.classList.add('chat-open');
    start();
  }

  function close() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    document.body.classList.remove('chat-open');
    launcher.focus();
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-open-chat]'), function (button) {
    button.addEventListener('click', open);
  });
  panel.querySelector('[data-close-chat]').addEventListener('click', close);
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && !panel.hidden) close();
  });
  if (/[?&]chat=open\b/.test(window.location.search) || savedSession()) open();
})();
