/**
 * NLP.js logs through `@nlpjs/logger`, which builds a pino 7 logger with the deprecated `prettyPrint` option
 * when it is loaded (a warning on every start) and writes outside the bot's own log. It is replaced, before
 * NLP.js loads it, by one that routes to the bot's log at debug level. Imported first by nlpjsRecognizer.ts.
 */
import { Module } from 'node:module';
import path from 'node:path';
import { log } from '../logging/logger';

const basicDir = path.dirname(require.resolve('@nlpjs/basic/package.json'));
const loggerPath = require.resolve('@nlpjs/logger', { paths: [basicDir] });
if (!require.cache[loggerPath]) {
  const nlp = log.child({ component: 'nlp.js' });
  const routed = {
    name: 'logger',
    debug: (...args: unknown[]) => nlp.debug(args.map(String).join(' ')),
    info: (...args: unknown[]) => nlp.debug(args.map(String).join(' ')),
    log: (...args: unknown[]) => nlp.debug(args.map(String).join(' ')),
    trace: (...args: unknown[]) => nlp.trace(args.map(String).join(' ')),
    warn: (...args: unknown[]) => nlp.warn(args.map(String).join(' ')),
    error: (...args: unknown[]) => nlp.error(args.map(String).join(' ')),
    fatal: (...args: unknown[]) => nlp.fatal(args.map(String).join(' ')),
  };
  const stand = new Module(loggerPath);
  stand.filename = loggerPath;
  stand.loaded = true;
  stand.exports = { logger: routed };
  require.cache[loggerPath] = stand;
}
