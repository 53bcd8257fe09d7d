import { z } from 'zod';
import { ACCOUNT_KINDS, type AccountKind } from '../domain/accountKind';
import { DETAIL_SLOTS, SLOT_NAMES, type SlotName } from '../domain/caseRecord';
import { LANGUAGES, type Language } from '../domain/language';
import { INSIGHT_CHANNELS, type InsightChannel, type InsightEvent } from './insightEvent';

/** The dashboard's filters, from its query string; every field is optional and checked. */
export const reportFilterSchema = z.object({
  days: z.coerce.number().int().min(1).max(92).default(7),
  language: z.enum(LANGUAGES).optional(),
  channel: z.enum(INSIGHT_CHANNELS).optional(),
  accountKind: z.enum(ACCOUNT_KINDS).optional(),
});
export type ReportFilter = z.infer<typeof reportFilterSchema>;

export const OUTCOMES = ['selfServed', 'escalated', 'notWorked', 'abandoned', 'inProgress'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** In the order of the flow (DESIGN.md): contact, account kind, the portal's steps, the details, the summary. */
export const FUNNEL_STEPS = [
  'started',
  'isBillingContact',
  'accountKind',
  'portalShown',
  ...DETAIL_SLOTS,
  'summaryConfirmed',
  'worked',
] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface InsightReport {
  from: string;
  to: string;
  filter: ReportFilter;
  conversations: number;
  outcomes: Record<Outcome, number>;
  /** Conversations that reached each step, and the abandoned ones whose last step it was. */
  funnel: Array<{ step: FunnelStep; reached: number; droppedHere: number }>;
  /** Per day (UTC) of a conversation's first event. */
  outcomesByDay: Array<{ day: string } & Record<Outcome, number>>;
  escalationReasons: Array<{ reason: string; count: number }>;
  handoff: { accepted: number; missed: number; medianWaitSeconds?: number; p90WaitSeconds?: number };
  /** Wrong answers by question and reason (a locale key), never by value. */
  fieldErrors: Array<{ step: SlotName; reason: string; count: number }>;
}

interface Conversation {
  events: InsightEvent[];
  language: Language;
  channel: InsightChannel;
  accountKind?: AccountKind;
}

const DAY_MS = 86_400_000;
const isSlot = (step: string): step is SlotName => (SLOT_NAMES as readonly string[]).includes(step);

function outcomeOf(c: Conversation, idleBefore: number): Outcome {
  if (c.events.some((e) => e.kind === 'escalated')) return 'escalated';
  const outcome = [...c.events].reverse().find((e) => e.kind === 'outcome');
  if (outcome) return outcome.worked ? 'selfServed' : 'notWorked';
  const last = c.events[c.events.length - 1];
  return Date.parse(last.at) < idleBefore ? 'abandoned' : 'inProgress';
}

/** The step a conversation was at when it stopped: its last question, or the last milestone. */
function lastStep(c: Conversation): FunnelStep {
  for (let i = c.events.length - 1; i >= 0; i--) {
    const e = c.events[i];
    if ((e.kind === 'asked' || e.kind === 'failed' || e.kind === 'answered') && e.step) return e.step;
    if (e.kind === 'summaryConfirmed' || e.kind === 'portalShown' || e.kind === 'started') return e.kind;
  }
  return 'started';
}

function reachedSteps(c: Conversation): Set<FunnelStep> {
  const steps = new Set<FunnelStep>();
  for (const e of c.events) {
    if (e.kind === 'started' || e.kind === 'summaryConfirmed' || e.kind === 'portalShown') steps.add(e.kind);
    if ((e.kind === 'asked' || e.kind === 'answered' || e.kind === 'failed') && e.step) steps.add(e.step);
    if (e.kind === 'outcome' && e.worked) steps.add('worked');
  }
  return steps;
}

const percentileOf = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : undefined;

/**
 * The figures of the dashboard from raw events. A conversation counts from its first event inside the range;
 * one that has not reached an outcome and has been quiet for `idleMinutes` counts as abandoned at its last step.
 */
export function buildReport(
  events: InsightEvent[],
  filter: ReportFilter,
  now: number,
  idleMinutes: number,
): InsightReport {
  const to = now;
  const from = Math.floor(now / DAY_MS) * DAY_MS - (filter.days - 1) * DAY_MS;
  const byConversation = new Map<string, Conversation>();
  for (const e of [...events].sort((a, b) => a.at.localeCompare(b.at))) {
    let c = byConversation.get(e.conversation);
    if (!c)
      byConversation.set(e.conversation, (c = { events: [], language: e.language, channel: e.channel }));
    c.events.push(e);
    if (e.accountKind) c.accountKind = e.accountKind;
  }
  const conversations = [...byConversation.values()].filter(
    (c) =>
      Date.parse(c.events[0].at) >= from &&
      (!filter.language || c.language === filter.language) &&
      (!filter.channel || c.channel === filter.channel) &&
      (!filter.accountKind || c.accountKind === filter.accountKind),
  );

  const idleBefore = now - idleMinutes * 60_000;
  const zero = () => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>;
  const outcomes = zero();
  const days = new Map<string, Record<Outcome, number>>();
  for (let d = from; d <= to; d += DAY_MS) days.set(new Date(d).toISOString().slice(0, 10), zero());
  const reached = new Map<FunnelStep, number>();
  const dropped = new Map<FunnelStep, number>();
  const reasons = new Map<string, number>();
  const errors = new Map<string, { step: SlotName; reason: string; count: number }>();
  const waits: number[] = [];
  let accepted = 0;
  let missed = 0;

  for (const c of conversations) {
    const outcome = outcomeOf(c, idleBefore);
    outcomes[outcome] += 1;
    const day = days.get(c.events[0].at.slice(0, 10));
    if (day) day[outcome] += 1;
    for (const step of reachedSteps(c)) reached.set(step, (reached.get(step) ?? 0) + 1);
    if (outcome === 'abandoned') dropped.set(lastStep(c), (dropped.get(lastStep(c)) ?? 0) + 1);
    for (const e of c.events) {
      if (e.kind === 'escalated')
        reasons.set(e.reason ?? 'unknown', (reasons.get(e.reason ?? 'unknown') ?? 0) + 1);
      if (e.kind === 'failed' && e.step && isSlot(e.step)) {
        const key = `${e.step}|${e.reason ?? 'unknown'}`;
        const entry = errors.get(key) ?? { step: e.step, reason: e.reason ?? 'unknown', count: 0 };
        entry.count += 1;
        errors.set(key, entry);
      }
      if (e.kind === 'handoffAccepted') {
        accepted += 1;
        if (e.waitedSeconds !== undefined) waits.push(e.waitedSeconds);
      }
      if (e.kind === 'handoffMissed') missed += 1;
    }
  }
  waits.sort((a, b) => a - b);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    filter,
    conversations: conversations.length,
    outcomes,
    funnel: FUNNEL_STEPS.map((step) => ({
      step,
      reached: reached.get(step) ?? 0,
      droppedHere: dropped.get(step) ?? 0,
    })),
    outcomesByDay: [...days].map(([day, counts]) => ({ day, ...counts })),
    escalationReasons: [...reasons]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    handoff: {
      accepted,
      missed,
      medianWaitSeconds: percentileOf(waits, 50),
      p90WaitSeconds: percentileOf(waits, 90),
    },
    fieldErrors: [...errors.values()].sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
  };
}
