import type { Storage } from 'botbuilder';
import type { DataEraser, ErasureTarget } from '../middleware/dataErasure';
import { conversationStateKey, directLineHistoryKey, userStateKey } from '../storage/stateKeys';
import type { RetainingTranscriptStore } from '../storage/storageEngine';

export interface ErasureResult {
  stateItems: number;
  transcripts: number;
  deskCases: number;
  missedLines: number;
}

/** The insights' part: missed lines kept for review are free text (events hold nothing personal). */
export interface MissedLineKeeper {
  forgetConversations(conversationIds: string[]): Promise<number>;
}

/** The desk's part: its cases of these conversations (DeskService). */
export interface DeskCases {
  forgetConversations(channelId: string, conversationIds: string[]): Promise<number>;
}

/**
 * Deletes what the bot keeps about one user on every engine: conversation and user state, the built-in
 * Direct Line's copies, transcripts and the agent desk's cases. Listeners (the built-in Direct Line) drop
 * what they hold in memory, so nothing is written back.
 */
export class UserDataEraser implements DataEraser {
  private readonly listeners: ((target: ErasureTarget) => void)[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly transcripts: RetainingTranscriptStore,
    private readonly desk?: DeskCases,
    private readonly insights?: MissedLineKeeper,
  ) {}

  onErased(listener: (target: ErasureTarget) => void): void {
    this.listeners.push(listener);
  }

  async erase(target: ErasureTarget): Promise<ErasureResult> {
    const { channelId, userId, conversationIds } = target;
    const keys = [
      userStateKey(channelId, userId),
      ...conversationIds.flatMap((id) => [conversationStateKey(channelId, id), directLineHistoryKey(id)]),
    ];
    for (const id of conversationIds) await this.transcripts.deleteTranscript(channelId, id);
    const deskCases = (await this.desk?.forgetConversations(channelId, conversationIds)) ?? 0;
    const missedLines = (await this.insights?.forgetConversations(conversationIds)) ?? 0;
    await this.storage.delete(keys);
    for (const listener of this.listeners) listener(target);
    return { stateItems: keys.length, transcripts: conversationIds.length, deskCases, missedLines };
  }
}
