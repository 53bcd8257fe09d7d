// The agent desk in the browser: sign-in, the live queue (server-sent events), one conversation at a
// time. Everything a customer wrote is set with textContent: markup in a message never runs here.
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('desk-config').textContent);
  const text = config.text;
  const lang = config.language;
  const api = (path) => `/agent/api${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

  const $ = (selector) => document.querySelector(selector);
  const el = (tag, props, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (key === 'text') node.textContent = value;
      else if (key.startsWith('data-') || key === 'aria-label' || key === 'role')
        node.setAttribute(key, value);
      else node[key] = value;
    }
    for (const child of children) if (child) node.append(child);
    return node;
  };
  const t = (path, args) => {
    let value = path.split('.').reduce((node, key) => (node ? node[key] : undefined), text) ?? path;
    for (const [name, arg] of Object.entries(args || {})) value = value.replace(`{{${name}}}`, String(arg));
    return value;
  };

  let me = null;
  let desk = { waiting: [], active: [], recent: [] };
  let selected = null;
  let events = null;

  function show(signedIn) {
    $('[data-sign-in]').hidden = signedIn;
    $('[data-workspace]').hidden = !signedIn;
    $('[data-sign-out]').hidden = !signedIn;
    if (!signedIn) $('[data-insights-link]').hidden = true;
    $('[data-who]').hidden = !signedIn;
    $('[data-connection]').hidden = !signedIn;
    $('[data-no-accounts]').hidden = config.accountsConfigured;
  }

  function signedOut(reason) {
    me = null;
    if (events) events.close();
    events = null;
    show(false);
    $('[data-sign-in-error]').textContent = reason ? t(`signIn.${reason}`) : '';
  }

  async function call(method, path, body) {
    const response = await fetch(api(path), {
      method,
      credentials: 'same-origin',
      headers: {
        'Content-Type': 'application/json',
        ...(me ? { 'X-CSRF-Token': me.csrfToken } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 401) {
      signedOut('expired');
      throw new Error('signed out');
    }
    return response;
  }

  function signedIn(who) {
    me = who;
    show(true);
    $('[data-who]').textContent = t('signedInAs', { name: who.displayName });
    $('[data-insights-link]').hidden = !who.insights;
    connect();
  }

  function connect() {
    if (events) events.close();
    const status = $('[data-connection]');
    events = new EventSource(api('/events'));
    events.addEventListener('desk', (event) => {
      status.textContent = t('connection.live');
      status.dataset.state = 'live';
      desk = JSON.parse(event.data);
      render();
    });
    events.onerror = async () => {
      status.textContent = t('connection.reconnecting');
      status.dataset.state = 'reconnecting';
      // EventSource retries by itself (after a restart too); a session that ended needs a sign-in.
      try {
        const response = await fetch(api('/session'), { credentials: 'same-origin' });
        if (response.status === 401) signedOut('expired');
      } catch {
        /* the bot is restarting: EventSource keeps trying */
      }
    };
  }

  const minutes = (iso) => Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60000));

  function item(deskCase, kind) {
    const label =
      kind === 'waiting'
        ? `${deskCase.position}. ${deskCase.ref} · ${deskCase.language.toUpperCase()} · ${t(`reasons.${deskCase.reason}`)} · ${t('case.waitingSince')} ${t('case.minutes', { count: minutes(deskCase.requestedAt) })}`
        : `${deskCase.ref} · ${deskCase.language.toUpperCase()} · ${t(`statuses.${deskCase.status}`)}`;
    const button = el('button', { type: 'button', className: 'case-link', text: label });
    if (selected === deskCase.ref) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => {
      selected = deskCase.ref;
      render();
    });
    return el('li', {}, button);
  }

  function list(target, cases, kind, emptyKey) {
    const node = $(target);
    node.replaceChildren(
      ...(cases.length
        ? cases.map((c) => item(c, kind))
        : [el('li', { className: 'empty', text: t(emptyKey) })]),
    );
  }

  function facts(deskCase) {
    const rows = [
      [t('case.reference'), deskCase.ref],
      [
        t('case.status'),
        t(`statuses.${deskCase.status}`) +
          (deskCase.missedBecause ? ` (${t(`missedBecause.${deskCase.missedBecause}`)})` : ''),
      ],
      [t('case.language'), deskCase.language.toUpperCase()],
      [t('case.reason'), t(`reasons.${deskCase.reason}`)],
      ...deskCase.shown.map((f) => [f.label, f.value]),
    ];
    if (deskCase.agent) rows.push([t('case.agent'), deskCase.agent.displayName]);
    if (deskCase.closingNote) rows.push([t('case.closingNote'), deskCase.closingNote]);
    return el(
      'dl',
      { className: 'facts' },
      ...rows.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]),
    );
  }

  function transcript(deskCase) {
    const lines = deskCase.transcript.map((entry) =>
      el(
        'li',
        { className: `line from-${entry.from}` },
        el('span', { className: 'speaker', text: entry.name || t(`case.from.${entry.from}`) }),
        el('span', { className: 'said', text: entry.text }),
      ),
    );
    // Focusable, so the scrolled history can be read with the keyboard.
    return el('ol', { className: 'transcript', 'aria-label': t('case.transcript'), tabIndex: 0 }, ...lines);
  }

  function actions(deskCase) {
    const error = el('p', { className: 'error', role: 'alert' });
    const act = async (path, body) => {
      error.textContent = '';
      try {
        const response = await call('POST', `/cases/${encodeURIComponent(deskCase.ref)}/${path}`, body);
        if (!response.ok) {
          const problem = await response.json().catch(() => ({}));
          error.textContent =
            t(`errors.${problem.error}`) === `errors.${problem.error}`
              ? t('errors.generic')
              : t(`errors.${problem.error}`);
          return false;
        }
        return true;
      } catch {
        return false;
      }
    };
    if (deskCase.status === 'waiting') {
      const accept = el('button', { type: 'button', className: 'primary', text: t('case.accept') });
      accept.addEventListener('click', () => act('accept'));
      return el('div', { className: 'actions' }, accept, error);
    }
    if (deskCase.status === 'active' && me && deskCase.agent && deskCase.agent.username === me.username) {
      const input = el('textarea', {
        rows: 3,
        maxLength: 4000,
        placeholder: t('case.messagePlaceholder'),
        'aria-label': t('case.messagePlaceholder'),
      });
      const send = el('button', { type: 'submit', className: 'primary', text: t('case.send') });
      const form = el('form', { className: 'reply' }, input, send);
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        const message = input.value.trim();
        if (!message) return;
        if (await act('messages', { text: message })) input.value = '';
      });
      const note = el('textarea', {
        rows: 2,
        maxLength: 2000,
        placeholder: t('case.notePlaceholder'),
        'aria-label': t('case.notePlaceholder'),
      });
      const end = el('button', { type: 'button', text: t('case.end') });
      end.addEventListener('click', () => act('end', { note: note.value.trim() || undefined }));
      return el('div', { className: 'actions' }, form, note, end, error);
    }
    return null;
  }

  function render() {
    list('[data-waiting]', desk.waiting, 'waiting', 'queue.empty');
    list('[data-active]', desk.active, 'active', 'queue.noActive');
    list('[data-recent]', desk.recent, 'recent', 'queue.noRecent');
    const all = [...desk.waiting, ...desk.active, ...desk.recent];
    const deskCase = all.find((c) => c.ref === selected) || null;
    const pane = $('[data-case]');
    if (!deskCase) {
      pane.replaceChildren();
      return;
    }
    const typing = pane.querySelector('textarea');
    const draft = typing ? typing.value : '';
    pane.replaceChildren(
      el('h2', { text: `${t('case.reference')} ${deskCase.ref}` }),
      facts(deskCase),
      el('h3', { text: t('case.transcript') }),
      transcript(deskCase),
      actions(deskCase),
    );
    const reply = pane.querySelector('form.reply textarea');
    if (reply && draft) reply.value = draft;
    const lines = pane.querySelector('.transcript');
    if (lines) lines.scrollTop = lines.scrollHeight;
  }

  $('[data-sign-in-form]').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const error = $('[data-sign-in-error]');
    error.textContent = '';
    try {
      const response = await fetch(api('/login'), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: form.username.value, password: form.password.value }),
      });
      form.password.value = '';
      if (response.ok) return signedIn(await response.json());
      const problem = await response.json().catch(() => ({}));
      error.textContent = t(
        `signIn.${problem.error === 'tooManyAttempts' ? 'tooManyAttempts' : problem.error === 'invalidCredentials' ? 'invalidCredentials' : 'failed'}`,
      );
    } catch {
      error.textContent = t('signIn.failed');
    }
  });

  $('[data-sign-out]').addEventListener('click', async () => {
    try {
      await call('POST', '/logout');
    } finally {
      signedOut();
    }
  });

  fetch(api('/session'), { credentials: 'same-origin' })
    .then(async (response) => (response.ok ? signedIn(await response.json()) : signedOut()))
    .catch(() => signedOut('failed'));
})();
