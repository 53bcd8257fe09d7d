import type { Activity, Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { redactActivity } from '../domain/cardData';

export type CardLeak = 'cardNumber' | 'cvv';
const LEAK_KEY = Symbol('cardLeak');

/** What the redaction middleware found in this turn's activity, if anything. */
export function cardLeakOf(context: TurnContext): CardLeak | undefined {
  const value: unknown = context.turnState.get(LEAK_KEY);
  return value === 'cardNumber' || value === 'cvv' ? value : undefined;
}

/**
 * First in the pipeline after the lock and the repeat check: card numbers (and CVVs right after one) are
 * removed from every field of every incoming activity (message, edit, event, card submit, attachment)
 * before transcript logging, state, dialogs or handoff can see them (PCI DSS). It owns one piece of
 * conversation state: whether the last message held a card number, so a lone 3-4 digit reply is a CVV.
 */
export class CardDataRedactionMiddleware implements Middleware {
  constructor(private readonly cardContext: StatePropertyAccessor<boolean>) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity as Activity & Record<string, unknown>;
    if (activity.type === 'typing') return next();
    const inCardContext = await this.cardContext.get(context, false);
    const result = redactActivity(activity, inCardContext);
    // Mutated in place: the TurnContext holds this object, and everything after reads it.
    for (const key of Object.keys(activity)) if (!(key in result.value)) delete activity[key];
    Object.assign(activity, result.value);
    const leak: CardLeak | undefined = result.cardNumber ? 'cardNumber' : result.cvv ? 'cvv' : undefined;
    if (leak) context.turnState.set(LEAK_KEY, leak);
    if (activity.type === 'message') await this.cardContext.set(context, leak === 'cardNumber');
    await next();
  }
}
