import type { Storage } from 'botbuilder';
import { z } from 'zod';
import { directLineHistoryKey as historyKey } from '../../storage/stateKeys';

/**
 * What the built-in Direct Line keeps of a conversation in the bot's store, so that a page reloaded after a
 * restart shows the whole conversation, and any instance can answer a poll or a post for it.
 */
export const historySnapshotSchema = z.object({
  lastSeq: z.number().int(),
  entries: z.array(z.object({ seq: z.number().int(), activity: z.looseObject({ id: z.string() }) })),
  members: z.array(z.string()),
  cardContext: z.boolean(),
  locale: z.string().optional(),
  currentToken: z.string().optional(),
  previousToken: z.object({ id: z.string(), until: z.number() }).optional(),
});
export type HistorySnapshot = z.infer<typeof historySnapshotSchema>;

/** Reads and writes snapshots with the eTag they were read with (the caller retries a conflict). */
export class DirectLineHistory {
  constructor(private readonly storage: Storage) {}

  async read(conversationId: string): Promise<{ snapshot?: HistorySnapshot; eTag?: string }> {
    const key = historyKey(conversationId);
    const item = (await this.storage.read([key]))[key] as
      (Record<string, unknown> & { eTag?: string }) | undefined;
    if (!item) return {};
    const parsed = historySnapshotSchema.safeParse(item);
    // A snapshot this version cannot read is treated as none: the conversation goes on from here.
    return parsed.success ? { snapshot: parsed.data, eTag: item.eTag } : { eTag: item.eTag };
  }

  async write(conversationId: string, snapshot: HistorySnapshot, eTag: string | undefined): Promise<void> {
    await this.storage.write({ [historyKey(conversationId)]: { ...snapshot, ...(eTag ? { eTag } : {}) } });
  }
}
