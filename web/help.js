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

  function start() {
    if (started) return;
    started = true;
    fetch('/api/directline/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: { id: userId() } }),
    })
      .then(function (res) {
        if (!res.ok) throw new Error('token ' + res.status);
        return res.json();
      })
      .then(function (session) {
        var options = {
          token: session.token,
          conversationStartProperties: { locale: config.locale },
        };
        if (session.domain) {
          options.domain = session.domain;
          // The built-in Direct Line polls; Azure's streams over a WebSocket.
          options.webSocket = session.domain.indexOf('directline.botframework.com') !== -1;
        }
        var directLine = window.WebChat.createDirectLine(options);
        container.removeChild(status);
        window.WebChat.renderWebChat(
          { directLine: directLine, locale: config.locale, styleOptions: styleOptions },
          container,
        );
        var input = container.querySelector('input, textarea');
        if (input) input.focus();
      })
      .catch(function () {
        status.textContent = config.failed;
        started = false;
      });
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
  if (/[?&]chat=open\b/.test(window.location.search)) open();
})();
