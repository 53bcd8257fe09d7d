import type { TurnContext } from 'botbuilder';

/** Teams: Universal Actions (Action.Execute) for card buttons, cards instead of long texts. */
export function inTeams(context: TurnContext): boolean {
  return context.activity.channelId === 'msteams';
}

/** The Teams invoke of a card's Action.Execute. */
export function isCardAction(context: TurnContext): boolean {
  return context.activity.type === 'invoke' && context.activity.name === 'adaptiveCard/action';
}

/** A submit of the details form card (Action.Execute's data, or Action.Submit's value). */
export function isFormSubmit(value: unknown): value is Record<string, unknown> & { form: 'details' } {
  return typeof value === 'object' && value !== null && (value as { form?: unknown }).form === 'details';
}
