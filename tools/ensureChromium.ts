/**
 * Runs before `npm test` (the `pretest` script): the browser tests need Chromium or Chrome (CHROMIUM_PATH,
 * or one in the usual places, see browserPath.ts). When none is found and this runs as root on Debian or
 * Ubuntu, it installs Debian's chromium with apt-get (about a minute); otherwise it says how.
 * (Playwright's own browser download is blocked here.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { BrowserNotFound, browserPath } from './browserPath';

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

function found(): boolean {
  try {
    browserPath();
    return true;
  } catch (error) {
    if (error instanceof BrowserNotFound) return false;
    throw error;
  }
}

if (found()) process.exit(0);
if (process.env.CHROMIUM_PATH) {
  // Pointed at a browser that is not there: say so rather than install another one.
  console.error(
    `CHROMIUM_PATH is "${process.env.CHROMIUM_PATH}", but there is no file there: point it at the browser's executable, or unset it.`,
  );
  process.exit(1);
}

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = fs.existsSync('/usr/bin/apt-get');
if (root && apt) {
  console.log("No Chromium found: installing Debian's chromium with apt-get for the browser tests ...");
  if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium']) && found()) {
    process.exit(0);
  }
}
console.error(
  'The browser tests need Chromium or Chrome. Install it (Debian/Ubuntu:\n' +
    '  sudo apt-get update && sudo apt-get install -y chromium\n' +
    "elsewhere your system's Chromium or Google Chrome), or set CHROMIUM_PATH to the browser's executable,\n" +
    'and run npm test again.',
);
process.exit(1);
