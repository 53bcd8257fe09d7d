/**
 * A button that sends data back to the bot. Teams gets Universal Actions (Action.Execute, answered through
 * the adaptiveCard/action invoke, so the card can be replaced in place); other channels Action.Submit,
 * whose data arrives as the message's value.
 */
export function submitAction(
  title: string,
  data: Record<string, string>,
  universal: boolean,
  verb = 'submit',
) {
  return universal ? { type: 'Action.Execute', title, verb, data } : { type: 'Action.Submit', title, data };
}

/** A choice as a full-width, wrapping tap target: card buttons cut long German labels short, text wraps. */
export function choiceRow(title: string, data: Record<string, string>, universal: boolean) {
  return {
    type: 'Container',
    style: 'emphasis',
    spacing: 'Small',
    selectAction: submitAction(title, data, universal, 'choice'),
    // Default text colour: an accent on the emphasis background misses WCAG contrast in Web Chat.
    items: [{ type: 'TextBlock', text: title, wrap: true, weight: 'Bolder' }],
  };
}

export const ADAPTIVE_CARD = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
} as const;
