import { CardFactory, type Attachment } from 'botbuilder';

export interface SummaryFact {
  title: string;
  value: string;
}

export interface SummaryAction {
  title: string;
  /** The choice id the dialog expects; arrives in activity.value.choice. */
  choice: string;
}

/** The summary as an Adaptive Card 1.5 (the highest version Teams renders), buttons as Action.Submit. */
export function summaryCard(title: string, facts: SummaryFact[], actions: SummaryAction[]): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: facts.map((f) => ({ title: f.title, value: f.value })) },
    ],
    actions: actions.map((a, i) => ({
      type: 'Action.Submit',
      title: a.title,
      style: i === 0 ? 'positive' : 'default',
      data: { choice: a.choice },
    })),
  });
}

/** The same summary for channels without cards. */
export function summaryText(intro: string, facts: SummaryFact[]): string {
  return [intro, ...facts.map((f) => `- **${f.title}:** ${f.value}`)].join('\n');
}
