import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * eld's "small" database holds 60 languages (about 45 MB of heap once loaded); the bot needs two. eld can
 * keep a database restricted to some languages (its own "subset" format, same scores for those languages),
 * so the German and English part is written once to a file beside the intent model and loaded from there.
 * Written by a child process: importing the full database here would keep it in the module cache for good.
 */
const LANGUAGES = ['de', 'en'];

/** The eld package folder (its exports map hides its files from require.resolve). */
export function eldDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'node_modules', 'eld');
    if (fs.existsSync(path.join(candidate, 'src', 'languageDetector.js'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('eld not found in node_modules');
    dir = parent;
  }
}

const WRITE_SUBSET = `
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
const [source, target, wanted] = process.argv.slice(1);
const { ngramsData } = await import(pathToFileURL(source).href);
const keep = Object.entries(ngramsData.languages).filter(([, code]) => wanted.split(',').includes(code)).map(([id]) => id);
const ngrams = {};
for (const [ngram, scores] of Object.entries(ngramsData.ngrams)) {
  const kept = {};
  for (const id of keep) if (scores[id] !== undefined) kept[id] = scores[id];
  if (Object.keys(kept).length) ngrams[ngram] = kept;
}
// All language codes stay: eld sizes its score table by them and indexes it by the original ids.
const data = { type: ngramsData.type, languages: ngramsData.languages, isSubset: true, ngrams };
const temporary = target + '.' + process.pid + '.tmp';
fs.writeFileSync(temporary, '// eld (Apache-2.0, Nito T.M.), small database, de and en only\\nexport const ngramsData = ' + JSON.stringify(data) + ';\\n');
fs.renameSync(temporary, target);
`;

/** The subset file, written if missing; undefined when it cannot be written (then the full database is used). */
export function eldSubsetFile(cacheDir: string): string | undefined {
  const source = path.join(eldDir(), 'src', 'ngrams', 'small.js');
  const version = (
    JSON.parse(fs.readFileSync(path.join(eldDir(), 'package.json'), 'utf8')) as { version: string }
  ).version;
  const target = path.join(cacheDir, `eld-${version}-small-${LANGUAGES.join('-')}-v2.mjs`);
  if (fs.existsSync(target)) return target;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', WRITE_SUBSET, source, target, LANGUAGES.join(',')],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 },
    );
    return run.status === 0 && fs.existsSync(target) ? target : undefined;
  } catch {
    return undefined;
  }
}
