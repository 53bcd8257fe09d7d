import type { Activity, Middleware, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { REDACTED, redactActivity } from '../domain/cardData';
import type { Language } from '../domain/language';
import { turnLanguage } from '../i18n/turnLanguage';

export type CardLeak = 'cardNumber' | 'cvv' | 'iban' | 'password';
const LEAKS: readonly string[] = ['cardNumber', 'cvv', 'iban', 'password'];
const LEAK_KEY = Symbol('cardLeak');
const MARKER_KEY = Symbol('redactionMarker');

/** What stands in this turn's activity where data was removed ("[entfernt]", "[redacted]"). */
export function redactionMarkerOf(context: TurnContext): string {
  const value: unknown = context.turnState.get(MARKER_KEY);
  return typeof value === 'string' ? value : REDACTED;
}

/** What the redaction middleware found in this turn's activity, if anything. */
export function cardLeakOf(context: TurnContext): CardLeak | undefined {
  const value: unknown = context.turnState.get(LEAK_KEY);
  return typeof value === 'string' && LEAKS.includes(value) ? (value as CardLeak) : undefined;
}

/**
 * First in the pipeline after the lock and the repeat check: card numbers, security codes, IBANs and
 * passwords are removed from every field of every incoming activity (message, edit, event, typing, card
 * submit, invoke, attachment) before transcript logging, state, dialogs or handoff can see them (PCI DSS).
 * It owns one piece of conversation state: whether the last message held card data, so that a lone number
 * or date in the next one (the rest of the card, its code, its expiry) is taken for card data too.
 * What was removed is replaced with a word in the turn's language (the locale middleware runs first), as
 * the customer sees their own message again in Web Chat and an agent reads it in the transcript.
 */
export class CardDataRedactionMiddleware implements Middleware {
  constructor(
    private readonly cardContext: StatePropertyAccessor<boolean>,
    private readonly markers: Record<Language, string>,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity as Activity & Record<string, unknown>;
    const inCardContext = await this.cardContext.get(context, false);
    const marker = this.markers[turnLanguage(context)];
    context.turnState.set(MARKER_KEY, marker);
    const result = redactActivity(activity, inCardContext, marker);
    // Mutated in place: the TurnContext holds this object, and everything after reads it.
    for (const key of Object.keys(activity)) if (!(key in result.value)) delete activity[key];
    Object.assign(activity, result.value);
    const leak: CardLeak | undefined = result.cardNumber
      ? 'cardNumber'
      : result.cvv
        ? 'cvv'
        : result.iban
          ? 'iban'
          : result.password
            ? 'password'
            : undefined;
    if (leak) context.turnState.set(LEAK_KEY, leak);
    // Card talk goes on as long as each message carries card data (number, rest of it, code, expiry).
    if (activity.type === 'message')
      await this.cardContext.set(context, leak === 'cardNumber' || leak === 'cvv');
    await next();
  }
}
