/**
 * Runs before `npm test` (the `pretest` script): the browser tests need Debian's Chromium at
 * /usr/bin/chromium. When it is missing and this runs as root on Debian or Ubuntu, it installs it with
 * apt-get (about a minute); otherwise it says how. (Playwright's own browser download is blocked here.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

if (fs.existsSync(CHROMIUM)) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = fs.existsSync('/usr/bin/apt-get');
if (root && apt) {
  console.log("Chromium is missing: installing Debian's chromium with apt-get for the browser tests ...");
  if (
    run('apt-get', ['update', '-qq']) &&
    run('apt-get', ['install', '-y', '-qq', 'chromium']) &&
    fs.existsSync(CHROMIUM)
  ) {
    process.exit(0);
  }
}
console.error(
  'The browser tests need Chromium at /usr/bin/chromium. Install it with\n' +
    '  sudo apt-get update && sudo apt-get install -y chromium\n' +
    'and run npm test again.',
);
process.exit(1);
