import type { Logger } from '../logging/logger';
import { isSweptStateKey } from '../storage/stateKeys';
import type { StorageEngine } from '../storage/storageEngine';

export interface RetentionPolicy {
  transcriptDays: number;
  stateDays: number;
  sweepMinutes: number;
  /** INSIGHTS_RETENTION_DAYS and MISSED_LINES_RETENTION_DAYS (insights/hourlyLog items, by write time). */
  insightDays?: number;
  missedLineDays?: number;
}

export interface SweepResult {
  transcripts: number;
  stateItems: number;
  deskCases: number;
  insightItems: number;
}

const DAY_MS = 24 * 3600_000;
/** Deleted per call, so one sweep never sends the engine a request of unbounded size. */
const BATCH = 100;

/**
 * TRANSCRIPT_RETENTION_DAYS and STATE_RETENTION_DAYS: a periodic sweep removes transcripts whose last activity
 * is older, state nobody has written for longer (finished or abandoned conversations, profiles, Direct Line
 * copies, agents' sessions) and ended desk cases. Every instance sweeps; deleting twice is harmless.
 */
export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly engine: Pick<StorageEngine, 'storage' | 'transcripts' | 'listStale'>,
    private readonly policy: RetentionPolicy,
    private readonly log: Logger,
    private readonly desk?: { forgetEndedBefore(cutoff: number): Promise<number> },
    private readonly now: () => number = Date.now,
  ) {}

  async sweepOnce(): Promise<SweepResult> {
    const now = this.now();
    const transcripts = await this.engine.transcripts.deleteOlderThan(
      new Date(now - this.policy.transcriptDays * DAY_MS),
    );
    const stateCutoff = now - this.policy.stateDays * DAY_MS;
    const stale = (await this.engine.listStale(stateCutoff)).filter(isSweptStateKey);
    for (let i = 0; i < stale.length; i += BATCH) await this.engine.storage.delete(stale.slice(i, i + BATCH));
    const deskCases = (await this.desk?.forgetEndedBefore(stateCutoff)) ?? 0;
    const insightItems = [
      ...(await this.staleUnder('insights/events', this.policy.insightDays, now)),
      ...(await this.staleUnder('insights/missed', this.policy.missedLineDays, now)),
    ];
    for (let i = 0; i < insightItems.length; i += BATCH)
      await this.engine.storage.delete(insightItems.slice(i, i + BATCH));
    return { transcripts, stateItems: stale.length, deskCases, insightItems: insightItems.length };
  }

  /** Hourly insight items (and their indexes) under `prefix` not written for `days`. */
  private async staleUnder(prefix: string, days: number | undefined, now: number): Promise<string[]> {
    if (days === undefined) return [];
    const keys = await this.engine.listStale(now - days * DAY_MS);
    return keys.filter((key) => key.startsWith(`${prefix}/`) || key.startsWith(`${prefix}-index/`));
  }

  /** Sweeps now and every RETENTION_SWEEP_MINUTES; unref'd, so it never keeps the process alive. */
  start(): void {
    if (this.timer) return;
    const run = () =>
      void this.sweepOnce().then(
        (result) => {
          if (result.transcripts + result.stateItems + result.deskCases + result.insightItems > 0)
            this.log.info(result, 'retention sweep');
        },
        (error: unknown) => this.log.warn({ err: error }, 'retention sweep failed; trying again later'),
      );
    run();
    this.timer = setInterval(run, this.policy.sweepMinutes * 60_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
