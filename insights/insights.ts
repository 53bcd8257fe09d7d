import type { Storage } from 'botbuilder';
import type { Language } from '../domain/language';
import { ConversationPseudonyms } from './conversationPseudonym';
import { HourlyLog } from './hourlyLog';
import { insightEventSchema, type InsightEvent } from './insightEvent';
import { StoredInsightRecorder, type InsightRecorder } from './insightRecorder';
import { buildReport, type InsightReport, type ReportFilter } from './insightReport';
import { groupMissedLines, type ReviewGroup } from './missedLineGroups';
import { MissedLines } from './missedLines';

const DAY_MS = 86_400_000;

export interface InsightSettings {
  /** A conversation quiet this long without an outcome counts as abandoned (INSIGHTS_IDLE_MINUTES). */
  idleMinutes: number;
  /** Missed lines are kept this long for review (MISSED_LINES_RETENTION_DAYS). */
  missedLineDays: number;
}

/** Insights for the support manager: the recorder the dialogs use, and the figures the dashboard reads. */
export class Insights {
  private constructor(
    readonly recorder: InsightRecorder,
    private readonly events: HourlyLog<InsightEvent>,
    readonly missedLines: MissedLines,
    private readonly pseudonyms: ConversationPseudonyms,
    readonly settings: InsightSettings,
    private readonly now: () => number,
  ) {}

  static async open(
    storage: Storage,
    settings: InsightSettings,
    now: () => number = Date.now,
  ): Promise<Insights> {
    const pseudonyms = await ConversationPseudonyms.open(storage);
    const events = new HourlyLog(storage, 'insights/events', insightEventSchema);
    const missedLines = new MissedLines(storage);
    const recorder = new StoredInsightRecorder(events, missedLines, pseudonyms, now);
    return new Insights(recorder, events, missedLines, pseudonyms, settings, now);
  }

  async report(filter: ReportFilter): Promise<InsightReport> {
    const now = this.now();
    const events = await this.events.read(new Date(now - (filter.days + 1) * DAY_MS), new Date(now));
    return buildReport(events, filter, now, this.settings.idleMinutes);
  }

  /** Every raw event of the last `days` (the JSON export). */
  async rawEvents(days: number): Promise<InsightEvent[]> {
    const now = this.now();
    return this.events.read(new Date(now - days * DAY_MS), new Date(now));
  }

  async reviewGroups(language?: Language): Promise<ReviewGroup[]> {
    const now = this.now();
    const lines = await this.missedLines.log.read(
      new Date(now - this.settings.missedLineDays * DAY_MS),
      new Date(now),
    );
    const labels = await this.missedLines.reviews();
    return groupMissedLines(
      lines.filter((l) => !language || l.language === language),
      labels,
    );
  }

  utterances(language: Language): Promise<Record<string, string[]>> {
    const now = this.now();
    return this.missedLines.utterances(
      language,
      new Date(now - this.settings.missedLineDays * DAY_MS),
      new Date(now),
    );
  }

  /** "Delete my data": the missed lines of these conversations go (events hold nothing personal). */
  forgetConversations(conversationIds: string[]): Promise<number> {
    const gone = new Set(conversationIds.map((id) => this.pseudonyms.of(id)));
    const now = this.now();
    return this.missedLines.log.remove(new Date(now - this.settings.missedLineDays * DAY_MS), (line) =>
      gone.has(line.conversation),
    );
  }

  /** Writes what is buffered (at shutdown, and before tests read). */
  async flush(): Promise<void> {
    await Promise.all([this.events.flush(), this.missedLines.log.flush()]);
  }
}
