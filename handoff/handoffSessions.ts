import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { caseReferenceSchema } from './handoffContext';

/** The handoff a conversation is in: which gateway took it and, for the desk, its case. */
export const handoffSessionSchema = z.object({
  gateway: z.enum(['protocol', 'desk']),
  caseReference: caseReferenceSchema.optional(),
});
export type HandoffSession = z.infer<typeof handoffSessionSchema>;

/**
 * Whether a handoff is open in a conversation: initiated, and not yet reported failed or completed (the
 * protocol) or ended (the desk). The handoff's own piece of conversation state.
 */
export class HandoffSessions {
  constructor(private readonly accessor: StatePropertyAccessor<unknown>) {}

  async current(context: TurnContext): Promise<HandoffSession | undefined> {
    const stored = await this.accessor.get(context);
    // Most turns have none: not a failed parse (zod builds an error for each).
    if (stored === undefined) return undefined;
    const parsed = handoffSessionSchema.safeParse(stored);
    return parsed.success ? parsed.data : undefined;
  }

  async isOpen(context: TurnContext): Promise<boolean> {
    return (await this.current(context)) !== undefined;
  }

  async opened(context: TurnContext, session: HandoffSession): Promise<void> {
    await this.accessor.set(context, handoffSessionSchema.parse(session));
  }

  async closed(context: TurnContext): Promise<void> {
    await this.accessor.delete(context);
  }
}
