import { CardFactory, type Attachment } from 'botbuilder';
import { ADAPTIVE_CARD } from './cardActions';

export interface GuideCardContent {
  intro: string;
  steps: string[];
  notes: string[];
  portal: { title: string; url: string };
}

/** The portal steps as a card: numbered steps, notes, and the portal as a link button (Action.OpenUrl). */
export function guideCard(content: GuideCardContent): Attachment {
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
      ...content.notes.map((note) => ({
        type: 'TextBlock',
        text: note,
        wrap: true,
        spacing: 'Medium',
        isSubtle: true,
      })),
    ],
    actions: [{ type: 'Action.OpenUrl', title: content.portal.title, url: content.portal.url }],
  });
}
