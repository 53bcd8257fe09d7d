/**
 * Where the browser tests find Chromium or Chrome: CHROMIUM_PATH when set (it must exist), else the usual
 * places on Debian and Ubuntu, Fedora, macOS and Windows. Playwright's own browser download is not used.
 */
import fs from 'node:fs';
import path from 'node:path';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  ...['PROGRAMFILES', 'PROGRAMFILES(X86)', 'LOCALAPPDATA'].flatMap((v) =>
    process.env[v] ? [path.join(process.env[v]!, 'Google', 'Chrome', 'Application', 'chrome.exe')] : [],
  ),
];

export class BrowserNotFound extends Error {}

/** The browser to launch; throws BrowserNotFound saying where it looked and how to point at one. */
export function browserPath(
  env: NodeJS.ProcessEnv = process.env,
  exists: (file: string) => boolean = fs.existsSync,
): string {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (exists(configured)) return configured;
    throw new BrowserNotFound(`CHROMIUM_PATH is "${configured}", but there is no file there.`);
  }
  const found = CANDIDATES.find((candidate) => exists(candidate));
  if (found) return found;
  throw new BrowserNotFound(
    `No Chromium or Chrome found (looked in ${CANDIDATES.join(', ')}). Install one ` +
      '(Debian/Ubuntu: apt-get install chromium), or set CHROMIUM_PATH to its executable.',
  );
}
