import type { TurnContext } from 'botbuilder';
import type { AccountKind } from '../domain/accountKind';
import type { Language } from '../domain/language';
import type { ConversationPseudonyms } from './conversationPseudonym';
import type { HourlyLog } from './hourlyLog';
import { insightChannel, insightEventSchema, type InsightEvent } from './insightEvent';
import type { MissedLineKind, MissedLines } from './missedLines';

/** An event without what the recorder adds: strict as the whole event, so nothing else gets in. */
const stepSchema = insightEventSchema.omit({ at: true, conversation: true, channel: true });

/** What a dialog says happened; the recorder adds the time, the pseudonym and the channel. */
export type InsightStep = Pick<InsightEvent, 'kind'> &
  Partial<Pick<InsightEvent, 'step' | 'reason' | 'worked' | 'waitedSeconds'>> & {
    language: Language;
    accountKind?: AccountKind;
  };

/** Where conversations record their steps for the dashboard; never lets a turn fail. */
export interface InsightRecorder {
  record(context: TurnContext, step: InsightStep): void;
  /** For the desk, which has a conversation id but no turn. */
  recordFor(conversationId: string, channelId: string, step: InsightStep): void;
  missed(context: TurnContext, language: Language, text: string, kind: MissedLineKind): void;
}

export class StoredInsightRecorder implements InsightRecorder {
  constructor(
    private readonly events: HourlyLog<InsightEvent>,
    private readonly missedLines: MissedLines,
    private readonly pseudonyms: ConversationPseudonyms,
    private readonly now: () => number = Date.now,
  ) {}

  record(context: TurnContext, step: InsightStep): void {
    this.recordFor(context.activity.conversation?.id ?? '', context.activity.channelId, step);
  }

  recordFor(conversationId: string, channelId: string, step: InsightStep): void {
    // The dialog's part is checked against the schema here, so a field added by mistake never reaches the
    // store; the time, the pseudonym and the channel are the recorder's own, of the schema's form.
    const parsed = stepSchema.safeParse(step);
    if (!parsed.success) return;
    this.events.append({
      ...parsed.data,
      at: new Date(this.now()).toISOString(),
      conversation: this.pseudonyms.of(conversationId),
      channel: insightChannel(channelId),
    });
  }

  missed(context: TurnContext, language: Language, text: string, kind: MissedLineKind): void {
    this.missedLines.add({
      at: new Date(this.now()).toISOString(),
      conversation: this.pseudonyms.of(context.activity.conversation?.id ?? ''),
      language,
      kind,
      text,
    });
  }
}

/** For tests and set-ups that want no insights. */
export const NO_INSIGHTS: InsightRecorder = {
  record: () => undefined,
  recordFor: () => undefined,
  missed: () => undefined,
};
