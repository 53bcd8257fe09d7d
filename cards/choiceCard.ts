import { CardFactory, type Attachment } from 'botbuilder';
import { ADAPTIVE_CARD, choiceRow } from './cardActions';

/**
 * A question with its choices as card buttons, for Teams group chats and channels, where suggested
 * actions are not shown. Each choice wraps, so long German labels stay whole.
 */
export function choiceCard(
  text: string,
  choices: { id: string; title: string }[],
  universal: boolean,
): Attachment {
  return CardFactory.adaptiveCard({
    ...ADAPTIVE_CARD,
    body: [
      { type: 'TextBlock', text, wrap: true },
      ...choices.map((c) => choiceRow(c.title, { choice: c.id, label: c.title }, universal)),
    ],
  });
}

/** What a clicked choice card turns into (Universal Actions replace the card): the question and the answer. */
export function answeredCard(answer: string): Attachment {
  return CardFactory.adaptiveCard({
    ...ADAPTIVE_CARD,
    body: [{ type: 'TextBlock', text: `✓ ${answer}`, wrap: true, weight: 'Bolder' }],
  });
}
