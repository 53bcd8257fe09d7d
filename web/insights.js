// The insights pages in the browser: sign-in and sign-out (the desk's API), and the review of missed lines
// (one submit labels a line or a group). The pages are rendered on the server; this script only ever sets
// textContent, so a customer's line can never become markup here.
(function () {
  'use strict';
  const config = JSON.parse(document.getElementById('insights-config').textContent);
  const text = config.text;
  const csrfMeta = document.querySelector('meta[name="csrf-token"]');
  const csrfToken = csrfMeta ? csrfMeta.getAttribute('content') : '';

  const t = (path, args) => {
    let value = path.split('.').reduce((node, key) => (node ? node[key] : undefined), text) ?? path;
    for (const [name, arg] of Object.entries(args || {})) value = value.replace(`{{${name}}}`, String(arg));
    return value;
  };

  const post = (path, body) =>
    fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', ...(csrfToken ? { 'X-CSRF-Token': csrfToken } : {}) },
      body: JSON.stringify(body === undefined ? {} : body),
    });

  // Sign-in: the desk's own endpoint sets the session cookie; the page then loads as the account sees it.
  const signInForm = document.querySelector('[data-sign-in-form]');
  if (signInForm) {
    const error = document.querySelector('[data-sign-in-error]');
    signInForm.addEventListener('submit', async (event) => {
      event.preventDefault();
      error.textContent = '';
      const field = (name) => signInForm.elements.namedItem(name).value;
      try {
        const response = await post('/agent/api/login', {
          username: field('username'),
          password: field('password'),
        });
        if (response.ok) return window.location.reload();
        error.textContent =
          response.status === 401
            ? t('signIn.invalidCredentials')
            : response.status === 429
              ? t('signIn.tooManyAttempts')
              : t('signIn.failed');
      } catch {
        error.textContent = t('signIn.failed');
      }
    });
  }

  const signOut = document.querySelector('[data-sign-out]');
  if (signOut) {
    signOut.addEventListener('click', async () => {
      await post('/agent/api/logout').catch(() => undefined);
      window.location.reload();
    });
  }

  // Review: the status line says what happened; every line touched shows its new intent.
  const status = document.querySelector('[data-review-status]');
  const optionText = (select, value) => {
    const option = Array.from(select.options).find((o) => o.value === value);
    return option ? option.textContent : value;
  };

  function showLabel(ids, value, shown) {
    for (const line of document.querySelectorAll('[data-line]')) {
      if (!ids.includes(line.getAttribute('data-line'))) continue;
      const current = line.querySelector('[data-current]');
      current.textContent = shown;
      current.toggleAttribute('data-labelled', value !== null);
      line.querySelector('select').value = value === null ? '' : value;
      line.querySelector('[data-clear]').hidden = value === null;
    }
  }

  async function saveLabel(form, value) {
    const ids = JSON.parse(form.getAttribute('data-ids'));
    const select = form.querySelector('select');
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => (b.disabled = true));
    try {
      const response = await post('/agent/insights/api/labels', { ids, label: value });
      if (response.status === 401) {
        status.textContent = t('review.signedOut');
        return;
      }
      if (!response.ok) {
        status.textContent = t('review.failed');
        return;
      }
      const shown = value === null ? t('review.unlabelled') : optionText(select, value);
      showLabel(ids, value, shown);
      if (ids.length > 1) form.querySelector('[data-clear]').hidden = value === null;
      status.textContent =
        value === null ? t('review.cleared') : t('review.saved', { intent: optionText(select, value) });
    } catch {
      status.textContent = t('review.failed');
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  for (const form of document.querySelectorAll('[data-label-form]')) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = form.querySelector('select').value;
      if (value) void saveLabel(form, value);
    });
    form.querySelector('[data-clear]').addEventListener('click', () => void saveLabel(form, null));
  }
})();
