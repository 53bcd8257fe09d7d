import pino, { type DestinationStream, type Logger } from 'pino';
import { redactCardData } from '../domain/cardData';

export type { Logger };

/**
 * The process's operational log: one JSON object per line (pino), so a value with a newline in it (a
 * conversation id, an error message) stays inside its field and cannot forge a line. Every line also
 * passes the redaction of card numbers, IBANs and passwords before it is written: ids and error texts come from callers, and a card
 * number must not reach a log (PCI DSS) whichever field carries it.
 */
export function createLogger(destination?: DestinationStream, level = 'info'): Logger {
  return pino(
    {
      level,
      base: undefined,
      hooks: { streamWrite: (line) => redactCardData(line, false).text },
    },
    destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** The default log (standard error); parts take a logger in their dependencies and default to this one. */
export const log: Logger = createLogger();
