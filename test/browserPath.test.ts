/** Where the browser tests find a browser, on Debian and elsewhere, and what they say when there is none. */
import assert from 'node:assert/strict';
import { BrowserNotFound, browserPath } from '../tools/browserPath';

const only =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe('the browser for the browser tests', () => {
  it("takes Debian's Chromium at /usr/bin/chromium", () => {
    assert.equal(browserPath({}, only('/usr/bin/chromium', '/usr/bin/google-chrome')), '/usr/bin/chromium');
  });

  it('finds Chrome where there is no Chromium (Ubuntu, Fedora, macOS)', () => {
    assert.equal(browserPath({}, only('/usr/bin/google-chrome-stable')), '/usr/bin/google-chrome-stable');
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    assert.equal(browserPath({}, only(mac)), mac);
  });

  it('takes CHROMIUM_PATH first, and names it when nothing is there', () => {
    assert.equal(
      browserPath({ CHROMIUM_PATH: '/opt/chrome/chrome' }, only('/opt/chrome/chrome', '/usr/bin/chromium')),
      '/opt/chrome/chrome',
    );
    assert.throws(
      () => browserPath({ CHROMIUM_PATH: '/opt/none' }, only('/usr/bin/chromium')),
      (e: unknown) => e instanceof BrowserNotFound && /CHROMIUM_PATH is "\/opt\/none"/.test(e.message),
    );
  });

  it('without any browser, says how to install one or point CHROMIUM_PATH at it', () => {
    assert.throws(() => browserPath({}, only()), /apt-get install chromium.*CHROMIUM_PATH/s);
  });
});
