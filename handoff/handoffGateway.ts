import type { TurnContext } from 'botbuilder';
import type { HandoffContext } from './handoffContext';

/** What became of a handoff request, for the customer's answer. */
export type HandoffOutcome =
  /** The handoff.initiate event went to a contact-centre product; it answers with handoff.status. */
  | { kind: 'sent' }
  /** Waiting in the built-in desk's queue at this position (1 = next). */
  | { kind: 'queued'; position: number }
  /** Nobody can take it now; the case is kept for the desk's missed requests. */
  | { kind: 'unavailable'; reason: 'outOfHours' | 'noAgents' };

/**
 * The agent side of escalation: the Bot Framework handoff protocol for a contact-centre product, or the
 * built-in agent desk. Chosen by configuration (HANDOFF_GATEWAY).
 */
export interface HandoffGateway {
  readonly kind: 'protocol' | 'desk';
  initiate(context: TurnContext, handoffContext: HandoffContext): Promise<HandoffOutcome>;
}
