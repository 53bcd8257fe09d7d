import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Trained intent models on disk, so a restart takes well under a second instead of the 5-7 s of
 * training. A model is stored under a key that hashes everything it was made from (training
 * lines, settings, the recognizer's source files and the NLP.js version): change any of them and
 * the old file is simply not found. Reading or writing failures are never fatal; the caller
 * trains instead. Only the newest few models are kept.
 */
const KEEP = 3;

export class ModelCache {
  constructor(private readonly dir: string) {}

  static keyOf(parts: unknown[]): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
  }

  private file(key: string): string {
    return path.join(this.dir, `intent-model-${key}.json`);
  }

  load(key: string): unknown {
    try {
      return JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  save(key: string, model: unknown): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const target = this.file(key);
      // Write then rename: a second process starting at the same moment never reads half a file.
      const temporary = `${target}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify(model));
      fs.renameSync(temporary, target);
      // Keep the newest few: `npm start` (compiled) and the tests (ts-node) have different keys.
      const models = fs
        .readdirSync(this.dir)
        .filter((name) => name.startsWith('intent-model-') && name.endsWith('.json'))
        .map((name) => path.join(this.dir, name))
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
      for (const old of models.slice(KEEP)) fs.rmSync(old, { force: true });
    } catch {
      // A read-only disk only costs the next start its training time.
    }
  }
}

/** The source files a model depends on: this folder's code, as ts-node or as compiled JavaScript. */
export function sourceFingerprint(files: string[]): string[] {
  return files.map((file) => {
    try {
      return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    } catch {
      return file;
    }
  });
}
