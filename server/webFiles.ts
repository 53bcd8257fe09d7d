import fs from 'node:fs';
import path from 'node:path';

/** web/ both from the sources (ts-node) and from dist/ (compiled). */
function webDir(): string {
  const candidates = [path.join(__dirname, '..', 'web'), path.join(__dirname, '..', '..', 'web')];
  return candidates.find((d) => fs.existsSync(path.join(d, 'help.js'))) ?? candidates[0];
}

/** A file of the web pages the bot serves (help page, agent desk). */
export function webFile(name: string): string {
  return path.join(webDir(), name);
}
