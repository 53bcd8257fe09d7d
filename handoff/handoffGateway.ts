import type { TurnContext } from 'botbuilder';
import type { HandoffContext } from './handoffContext';

/**
 * The agent side of escalation. The default sends the Bot Framework handoff.initiate event on the
 * conversation; a contact-centre product or a built-in agent desk can implement it instead.
 */
export interface HandoffGateway {
  initiate(context: TurnContext, handoffContext: HandoffContext): Promise<void>;
}
