import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { redactCardData } from '../domain/cardData';
import { LANGUAGES, type Language } from '../domain/language';
import { isEtagConflict } from '../storage/storageErrors';
import { HourlyLog } from './hourlyLog';

/** Why a line is kept for review: the assistant did not understand it, asked back, or was corrected next. */
export const MISSED_LINE_KINDS = ['notUnderstood', 'clarified', 'corrected'] as const;
export type MissedLineKind = (typeof MISSED_LINE_KINDS)[number];

const MAX_TEXT = 300;
const EMAIL = /[^\s@<>()[\]]+@[^\s@<>()[\]]+\.[A-Za-z]{2,}/g;

export const missedLineSchema = z.object({
  at: z.iso.datetime(),
  conversation: z.string().regex(/^[0-9a-f]{16}$/),
  language: z.enum(LANGUAGES),
  kind: z.enum(MISSED_LINE_KINDS),
  text: z.string().min(1).max(MAX_TEXT),
});
export type MissedLine = z.infer<typeof missedLineSchema>;

/** A supervisor's label: an intent of the training data, or 'none' for out of scope. */
const reviewsSchema = z.object({
  labels: z.record(
    z.string(),
    z.object({ label: z.string().min(1).max(64), by: z.string().max(64), at: z.string() }),
  ),
});
type Reviews = z.infer<typeof reviewsSchema>;
const REVIEWS_KEY = 'insights/reviews';

/** A line's identity for reviews: the same words in the same language are one line. */
export const lineId = (line: Pick<MissedLine, 'language' | 'text'>) =>
  `${line.language}:${line.text.toLowerCase().replace(/\s+/g, ' ').trim()}`;

/** The text as kept: card numbers, CVVs, IBANs, passwords and email addresses replaced, whitespace folded. */
export function redactMissedLine(text: string): string {
  return redactCardData(text, true)
    .text.replace(EMAIL, '[email]')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_TEXT);
}

/** Missed lines (kept for MISSED_LINES_RETENTION_DAYS) and the supervisors' labels of them. */
export class MissedLines {
  readonly log: HourlyLog<MissedLine>;

  constructor(private readonly storage: Storage) {
    this.log = new HourlyLog(storage, 'insights/missed', missedLineSchema);
  }

  add(line: MissedLine): void {
    const text = redactMissedLine(line.text);
    if (text) this.log.append({ ...line, text });
  }

  async reviews(): Promise<Reviews['labels']> {
    const parsed = reviewsSchema.safeParse((await this.storage.read([REVIEWS_KEY]))[REVIEWS_KEY]);
    return parsed.success ? parsed.data.labels : {};
  }

  /** Sets (or with `undefined` clears) the label of one line. */
  async label(id: string, label: string | undefined, by: string, now = new Date()): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const item = (await this.storage.read([REVIEWS_KEY]))[REVIEWS_KEY] as { eTag?: string } | undefined;
      const parsed = reviewsSchema.safeParse(item);
      const labels = { ...(parsed.success ? parsed.data.labels : {}) };
      if (label === undefined) delete labels[id];
      else labels[id] = { label, by, at: now.toISOString() };
      try {
        await this.storage.write({ [REVIEWS_KEY]: { labels, ...(item?.eTag ? { eTag: item.eTag } : {}) } });
        return;
      } catch (error) {
        if (!isEtagConflict(error) || attempt >= 4) throw error;
      }
    }
  }

  /**
   * The reviewed lines of one language in the shape of `locales/<lang>/utterances.json` (intent -> lines,
   * 'none' for out of scope), for the next training. Nothing here is ever an evaluation line.
   */
  async utterances(language: Language, from: Date, to = new Date()): Promise<Record<string, string[]>> {
    const labels = await this.reviews();
    const out: Record<string, Set<string>> = {};
    for (const line of await this.log.read(from, to)) {
      if (line.language !== language) continue;
      const review = labels[lineId(line)];
      if (!review) continue;
      (out[review.label] ??= new Set()).add(line.text);
    }
    return Object.fromEntries(Object.entries(out).map(([intent, lines]) => [intent, [...lines].sort()]));
  }
}
