import { EventEmitter } from 'node:events';
import type { TurnContext } from 'botbuilder';
import { withinBusinessHours, type BusinessHours } from '../../domain/businessHours';
import { redactCardData } from '../../domain/cardData';
import type { InsightRecorder } from '../../insights/insightRecorder';
import type { Language } from '../../domain/language';
import type { Logger } from '../../logging/logger';
import type { HandoffContext } from '../handoffContext';
import type { HandoffOutcome } from '../handoffGateway';
import { isOpenCase, type AgentRef, type DeskCase, type TranscriptEntry } from './deskCase';
import type { DeskStore } from './deskStore';

export type ConversationRef = DeskCase['reference'];

/** Runs `logic` in a turn on the customer's own conversation and channel, as the bot (a proactive message). */
export interface ProactiveSender {
  continueConversation(
    reference: ConversationRef,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/** What the customer is told about their handoff, in their language (the dialogs' words). */
export interface CustomerNotices {
  positionChanged(context: TurnContext, deskCase: DeskCase, position: number): Promise<void>;
  agentJoined(context: TurnContext, deskCase: DeskCase, agent: AgentRef): Promise<void>;
  agentMessage(context: TurnContext, deskCase: DeskCase, agent: AgentRef, text: string): Promise<void>;
  ended(context: TurnContext, deskCase: DeskCase): Promise<void>;
  missed(context: TurnContext, deskCase: DeskCase): Promise<void>;
}

export interface DeskSettings {
  /** Waiting longer than this without an agent: the customer gets the contact options and the case reference. */
  timeoutMs: number;
  businessHours?: BusinessHours;
  /** Whether any agent account exists; without one nobody can ever accept. */
  agentsConfigured: boolean;
  now: () => number;
  /** Accepted and missed handoffs, with the waiting time, for the insights dashboard. */
  insights?: InsightRecorder;
}

/** Why an agent's action was refused (the desk shows it). */
export class DeskError extends Error {
  constructor(
    readonly code: 'notFound' | 'notWaiting' | 'notYours' | 'notActive' | 'language',
    message: string,
  ) {
    super(message);
  }
}

/** What the desk page shows: the queue in the agent's languages, their sessions, recent ended cases. */
export interface DeskSnapshot {
  waiting: (DeskCase & { position: number })[];
  active: DeskCase[];
  recent: DeskCase[];
}

const MAX_MESSAGE = 4000;

/**
 * The built-in agent desk: a queue of customers who asked for a person, sessions in which an agent and a
 * customer write to each other through the bot, and the cases that no one could take. Every change is
 * stored first (DeskStore), then told to the customer (proactively, on their channel) and to the desk
 * pages ('changed' event).
 */
export class DeskService extends EventEmitter {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: DeskStore,
    private readonly proactive: ProactiveSender,
    private readonly notices: CustomerNotices,
    private readonly settings: DeskSettings,
    private readonly log: Logger,
  ) {
    super();
  }

  private nowIso(): string {
    return new Date(this.settings.now()).toISOString();
  }

  /** A new request: queued, or kept as missed at once when nobody can take it now. */
  async enqueue(
    handoff: HandoffContext,
    reference: ConversationRef,
    transcript: TranscriptEntry[],
  ): Promise<HandoffOutcome> {
    const { businessHours, agentsConfigured } = this.settings;
    const closed = businessHours && !withinBusinessHours(businessHours, new Date(this.settings.now()));
    const missedBecause = !agentsConfigured ? 'noAgents' : closed ? 'outOfHours' : undefined;
    const deskCase: DeskCase = {
      ref: handoff.caseReference,
      status: missedBecause ? 'missed' : 'waiting',
      reference,
      language: handoff.language,
      accountKind: handoff.accountKind,
      reason: handoff.reason,
      fields: handoff.fields,
      transcript,
      // The desk's own clock: the wait and the timeout are measured against it.
      requestedAt: this.nowIso(),
      ...(missedBecause ? { missedBecause, endedAt: this.nowIso() } : {}),
    };
    await this.store.put(deskCase);
    this.changed();
    if (missedBecause) this.recordHandoff(deskCase, 'handoffMissed');
    if (missedBecause) return { kind: 'unavailable', reason: missedBecause };
    return { kind: 'queued', position: await this.positionOf(deskCase.ref) };
  }

  get(ref: string): Promise<DeskCase | undefined> {
    return this.store.get(ref);
  }

  /** "Delete my data": the cases of these conversations leave the desk (and its pages) for good. */
  async forgetConversations(channelId: string, conversationIds: string[]): Promise<number> {
    const gone = await this.store.forgetConversations(channelId, conversationIds);
    if (gone) this.changed();
    return gone;
  }

  /** Retention: ended cases older than the cutoff (ms since the epoch). */
  async forgetEndedBefore(cutoff: number): Promise<number> {
    const gone = await this.store.forgetEndedBefore(cutoff);
    if (gone) this.changed();
    return gone;
  }

  /** 1 for the next in line; 0 when the case is not waiting. */
  async positionOf(ref: string): Promise<number> {
    const waiting = (await this.store.open()).filter((c) => c.status === 'waiting');
    return waiting.findIndex((c) => c.ref === ref) + 1;
  }

  /** A message the customer wrote while waiting or with an agent (already redacted by the bot). */
  async fromCustomer(ref: string, text: string): Promise<void> {
    const entry: TranscriptEntry = { from: 'customer', text: text.slice(0, MAX_MESSAGE), at: this.nowIso() };
    const updated = await this.store.change(ref, (c) =>
      isOpenCase(c) ? { ...c, transcript: [...c.transcript, entry] } : undefined,
    );
    if (updated) this.changed();
  }

  /** The customer left the queue. */
  async cancelByCustomer(ref: string): Promise<void> {
    const before = await this.waitingRefs();
    const updated = await this.store.change(ref, (c) =>
      c.status === 'waiting' ? { ...c, status: 'cancelled', endedAt: this.nowIso() } : undefined,
    );
    if (updated?.status === 'cancelled') await this.afterQueueChange(before);
  }

  async accept(ref: string, agent: AgentRef & { languages: Language[] }): Promise<DeskCase> {
    const current = await this.store.get(ref);
    if (!current) throw new DeskError('notFound', 'no such case');
    if (!agent.languages.includes(current.language)) throw new DeskError('language', 'not in your languages');
    const before = await this.waitingRefs();
    let accepted = false;
    const updated = await this.store.change(ref, (c) => {
      if (c.status !== 'waiting') return undefined;
      accepted = true;
      return {
        ...c,
        status: 'active',
        acceptedAt: this.nowIso(),
        agent: { username: agent.username, displayName: agent.displayName },
      };
    });
    if (!updated || !accepted || !updated.agent)
      throw new DeskError('notWaiting', 'the case is no longer waiting');
    const who = updated.agent;
    this.recordHandoff(updated, 'handoffAccepted');
    await this.tell(updated, (context) => this.notices.agentJoined(context, updated, who));
    await this.afterQueueChange(before);
    return updated;
  }

  /** The agent writes to the customer; card data is removed as from anything a customer types. */
  async toCustomer(ref: string, agent: AgentRef, text: string): Promise<void> {
    const clean = redactCardData(text.trim().slice(0, MAX_MESSAGE), false).text;
    if (!clean) return;
    const entry: TranscriptEntry = { from: 'agent', name: agent.displayName, text: clean, at: this.nowIso() };
    const updated = this.yours(
      await this.store.change(ref, (c) =>
        this.isYours(c, agent) ? { ...c, transcript: [...c.transcript, entry] } : undefined,
      ),
      agent,
    );
    await this.tell(updated, (context) => this.notices.agentMessage(context, updated, agent, clean));
    this.changed();
  }

  /** The agent ends the session, with a closing note for the case; the bot takes the conversation back. */
  async end(ref: string, agent: AgentRef, note: string | undefined): Promise<void> {
    const cleanNote = note ? redactCardData(note.trim().slice(0, 2000), false).text : '';
    let closed = false;
    const updated = await this.store.change(ref, (c) => {
      if (!this.isYours(c, agent)) return undefined;
      closed = true;
      return {
        ...c,
        status: 'closed',
        endedAt: this.nowIso(),
        ...(cleanNote ? { closingNote: cleanNote } : {}),
      };
    });
    if (!closed) this.yours(updated, agent);
    await this.tell(updated!, (context) => this.notices.ended(context, updated!));
    this.changed();
  }

  private isYours(deskCase: DeskCase, agent: AgentRef): boolean {
    return deskCase.status === 'active' && deskCase.agent?.username === agent.username;
  }

  /** The case, if it is this agent's active session; the reason why not otherwise. */
  private yours(deskCase: DeskCase | undefined, agent: AgentRef): DeskCase {
    if (!deskCase) throw new DeskError('notFound', 'no such case');
    if (deskCase.status !== 'active') throw new DeskError('notActive', 'the session is not active');
    if (deskCase.agent?.username !== agent.username) throw new DeskError('notYours', 'another agent has it');
    return deskCase;
  }

  private recordHandoff(deskCase: DeskCase, kind: 'handoffAccepted' | 'handoffMissed'): void {
    const waited = Math.max(0, (this.settings.now() - Date.parse(deskCase.requestedAt)) / 1000);
    this.settings.insights?.recordFor(deskCase.reference.conversation.id, deskCase.reference.channelId, {
      kind,
      language: deskCase.language,
      accountKind: deskCase.accountKind,
      waitedSeconds: Math.round(waited),
      reason: deskCase.missedBecause,
    });
  }

  /** Requests nobody accepted in time become missed: the customer gets the contact options and the reference. */
  async sweep(): Promise<void> {
    const now = this.settings.now();
    const before = await this.waitingRefs();
    let any = false;
    for (const waiting of (await this.store.open()).filter((c) => c.status === 'waiting')) {
      if (now - Date.parse(waiting.requestedAt) < this.settings.timeoutMs) continue;
      const missed = await this.store.change(waiting.ref, (c) =>
        c.status === 'waiting'
          ? { ...c, status: 'missed', missedBecause: 'timeout', endedAt: this.nowIso() }
          : undefined,
      );
      if (missed?.status === 'missed') {
        any = true;
        this.recordHandoff(missed, 'handoffMissed');
        await this.tell(missed, (context) => this.notices.missed(context, missed));
      }
    }
    if (any) await this.afterQueueChange(before);
  }

  async snapshot(languages: readonly Language[]): Promise<DeskSnapshot> {
    const open = await this.store.open();
    const waiting = open
      .filter((c) => c.status === 'waiting')
      .map((c, i) => ({ ...c, position: i + 1 }))
      .filter((c) => languages.includes(c.language));
    return {
      waiting,
      active: open.filter((c) => c.status === 'active'),
      recent: (await this.store.recent()).slice(0, 50),
    };
  }

  /** Sweeps every few seconds; unref'd so it never keeps the process alive. */
  start(everyMs = Math.min(5000, Math.max(250, this.settings.timeoutMs / 4))): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.log.error({ err: error }, 'desk: sweep failed'));
    }, everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async waitingRefs(): Promise<string[]> {
    return (await this.store.open()).filter((c) => c.status === 'waiting').map((c) => c.ref);
  }

  /** Tells each customer still waiting whose place moved up. */
  private async afterQueueChange(before: string[]): Promise<void> {
    this.changed();
    const now = await this.waitingRefs();
    for (const [i, ref] of now.entries()) {
      const was = before.indexOf(ref);
      if (was === -1 || was === i) continue;
      const deskCase = await this.store.get(ref);
      if (deskCase)
        await this.tell(deskCase, (context) => this.notices.positionChanged(context, deskCase, i + 1));
    }
  }

  /** A proactive message on the customer's channel; a customer who is gone costs a log line, not the desk. */
  private async tell(deskCase: DeskCase, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    try {
      await this.proactive.continueConversation(deskCase.reference, logic);
    } catch (error) {
      this.log.warn({ err: error, caseReference: deskCase.ref }, 'desk: could not reach the customer');
    }
  }

  private changed(): void {
    this.emit('changed');
  }
}
