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

/**
 * One stored model: a JSON part and its numbers as raw Float64 bytes beside it (`.bin`). Raw bytes load in a
 * few milliseconds; as base64 inside the JSON the same numbers took a third of a second at every start.
 */
export interface StoredModel {
  meta: unknown;
  parameters: Float64Array;
}

/**
 * The file's bytes read straight into a Float64Array (8-byte aligned, as a Buffer from the shared pool need not
 * be): reading into a Buffer and copying took as long again as the read. Undefined when the size is not whole
 * numbers or the file ends early.
 */
function readNumbers(file: string): Float64Array | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    const { size } = fs.fstatSync(fd);
    if (size % Float64Array.BYTES_PER_ELEMENT !== 0) return undefined;
    const numbers = new Float64Array(size / Float64Array.BYTES_PER_ELEMENT);
    const bytes = new Uint8Array(numbers.buffer);
    for (let at = 0; at < size;) {
      const read = fs.readSync(fd, bytes, at, size - at, at);
      if (read === 0) return undefined;
      at += read;
    }
    return numbers;
  } finally {
    fs.closeSync(fd);
  }
}

export class ModelCache {
  constructor(private readonly dir: string) {}

  static keyOf(parts: unknown[]): string {
    return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
  }

  private file(key: string, extension: 'json' | 'bin'): string {
    return path.join(this.dir, `intent-model-${key}.${extension}`);
  }

  load(key: string): StoredModel | undefined {
    try {
      const parameters = readNumbers(this.file(key, 'bin'));
      if (!parameters) return undefined;
      const meta = JSON.parse(fs.readFileSync(this.file(key, 'json'), 'utf8')) as unknown;
      return { meta, parameters };
    } catch {
      return undefined;
    }
  }

  save(key: string, model: StoredModel): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const { parameters } = model;
      // The numbers first, the JSON last: a model is complete once its JSON is there.
      this.writeWhole(
        this.file(key, 'bin'),
        Buffer.from(parameters.buffer, parameters.byteOffset, parameters.byteLength),
      );
      this.writeWhole(this.file(key, 'json'), JSON.stringify(model.meta));
      // Keep the newest few: `npm start` (compiled) and the tests (ts-node) have different keys.
      const models = fs
        .readdirSync(this.dir)
        .filter((name) => name.startsWith('intent-model-') && name.endsWith('.json'))
        .map((name) => path.join(this.dir, name))
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
      for (const old of models.slice(KEEP)) {
        fs.rmSync(old, { force: true });
        fs.rmSync(old.replace(/\.json$/, '.bin'), { force: true });
      }
    } catch {
      // A read-only disk only costs the next start its training time.
    }
  }

  /** Write then rename: a second process starting at the same moment never reads half a file. */
  private writeWhole(target: string, data: string | Buffer): void {
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, target);
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
