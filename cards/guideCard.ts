import { CardFactory, type Attachment } from 'botbuilder';
import { ADAPTIVE_CARD } from './cardActions';

export interface GuideCardContent {
  intro: string;
  steps: string[];
  /** Shown under the steps. */
  notes: string[];
  /** Behind a button that shows them (payment methods, sign-in help): the steps stay short on a phone. */
  more?: { title: string; notes: string[] };
  portal: { title: string; url: string };
}

const MORE_ID = 'guideMore';

/**
 * The portal steps as a card: numbered steps, notes, what is worth knowing behind a "show" button
 * (Action.ToggleVisibility), and the portal as a link button (Action.OpenUrl).
 */
export function guideCard(content: GuideCardContent): Attachment {
  const note = (text: string) => ({ type: 'TextBlock', text, wrap: true, spacing: 'Medium', isSubtle: true });
  return CardFactory.adaptiveCard({
    ...ADAPTIVE_CARD,
    body: [
      { type: 'TextBlock', text: content.intro, weight: 'Bolder', wrap: true },
      ...content.steps.map((step, i) => ({
        type: 'ColumnSet',
        spacing: 'Small',
        columns: [
          {
            type: 'Column',
            width: 'auto',
            items: [{ type: 'TextBlock', text: `${i + 1}.`, weight: 'Bolder' }],
          },
          { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: step, wrap: true }] },
        ],
      })),
      ...content.notes.map(note),
      ...(content.more
        ? [{ type: 'Container', id: MORE_ID, isVisible: false, items: content.more.notes.map(note) }]
        : []),
    ],
    actions: [
      { type: 'Action.OpenUrl', title: content.portal.title, url: content.portal.url },
      ...(content.more
        ? [{ type: 'Action.ToggleVisibility', title: content.more.title, targetElements: [MORE_ID] }]
        : []),
    ],
  });
}
