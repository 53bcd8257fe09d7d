import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { log } from '../../logging/logger';

/** As short a key as DIRECT_LINE_TOKEN_SECRET may be. */
const MIN_LENGTH = 32;

function readKey(file: string): string {
  const key = readFileSync(file, 'utf8').trim();
  if (key.length < MIN_LENGTH) {
    throw new Error(
      `Direct Line token key file ${file} holds no usable key (${MIN_LENGTH}+ characters); delete it to have a new one created (open chats then need a new token)`,
    );
  }
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    log.warn({ file }, 'the Direct Line token key file is open to other users; chmod 600 it');
  }
  return key;
}

/**
 * The key that signs built-in Direct Line tokens when DIRECT_LINE_TOKEN_SECRET is not set and the bot's state
 * is in a file: random, made on the first start and read on every later one, so the tokens of open chats
 * still verify after a restart. Created complete or not at all (written to a temporary file, then linked
 * into place, which fails if another process got there first), readable by the owner only.
 */
export function loadOrCreateTokenKey(file: string): string {
  try {
    return readKey(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const content = `${randomBytes(32).toString('base64url')}\n`;
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    // EEXIST: another process started at the same moment and made it; use theirs.
    const code = (error as NodeJS.ErrnoException).code;
    // A file system without hard links: create it directly (not atomic, but still never overwritten).
    if (code !== 'EEXIST') writeFileSync(file, content, { mode: 0o600, flag: 'wx' });
  } finally {
    unlinkSync(temporary);
  }
  return readKey(file);
}
