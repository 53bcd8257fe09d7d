import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { redactCardData } from '../domain/cardData';

export type CardLeak = 'cardNumber' | 'cvv';
const LEAK_KEY = Symbol('cardLeak');

/** What the redaction middleware found in this turn's message, if anything. */
export function cardLeakOf(context: TurnContext): CardLeak | undefined {
  const value: unknown = context.turnState.get(LEAK_KEY);
  return value === 'cardNumber' || value === 'cvv' ? value : undefined;
}

function redactValue(value: unknown, cardContext: boolean, found: { any: boolean }): unknown {
  if (typeof value === 'string') {
    const result = redactCardData(value, cardContext);
    if (result.cardNumber || result.cvv) found.any = true;
    return result.text;
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, cardContext, found));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, cardContext, found)]));
  }
  return value;
}

/**
 * First in the pipeline after the lock: card numbers (and CVVs right after one) are replaced in the
 * incoming activity before transcript logging, state, dialogs or handoff can see them (PCI DSS).
 */
export class CardDataRedactionMiddleware implements Middleware {
  constructor(
    /** Whether the previous message of this conversation held a card number. */
    private readonly cardContext: {
      get(context: TurnContext): Promise<boolean>;
      set(context: TurnContext, value: boolean): Promise<void>;
    },
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity: Partial<Activity> = context.activity;
    if (activity.type === 'message') {
      const inCardContext = await this.cardContext.get(context);
      let leak: CardLeak | undefined;
      if (typeof activity.text === 'string') {
        const result = redactCardData(activity.text, inCardContext);
        activity.text = result.text;
        leak = result.cardNumber ? 'cardNumber' : result.cvv ? 'cvv' : undefined;
      }
      if (activity.value !== undefined) {
        const found = { any: false };
        activity.value = redactValue(activity.value, inCardContext, found);
        if (found.any) leak ??= 'cardNumber';
      }
      if (leak) context.turnState.set(LEAK_KEY, leak);
      await this.cardContext.set(context, leak === 'cardNumber');
    }
    await next();
  }
}
