import { CardFactory, type Attachment } from 'botbuilder';
import { ADAPTIVE_CARD, choiceRow } from './cardActions';

export interface SummaryFact {
  title: string;
  value: string;
}

export interface SummaryAction {
  title: string;
  /** The choice id the dialog expects; arrives in value.choice (Action.Submit) or action.data.choice (Teams). */
  choice: string;
}

/**
 * The summary as an Adaptive Card 1.5 (the highest version Teams renders). The choices are wrapping,
 * full-width rows, so "Zahlungsmethode ändern" is never cut and no host's limit on buttons (Teams 6,
 * the default 5) drops one; Teams gets Action.Execute, other channels Action.Submit.
 */
export function summaryCard(
  title: string,
  facts: SummaryFact[],
  actions: SummaryAction[],
  universal = false,
): Attachment {
  return CardFactory.adaptiveCard({
    ...ADAPTIVE_CARD,
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: facts.map((f) => ({ title: f.title, value: f.value })) },
      ...actions.map((a) => choiceRow(a.title, { choice: a.choice, label: a.title }, universal)),
    ],
  });
}

/** The same summary for channels without cards. */
export function summaryText(intro: string, facts: SummaryFact[]): string {
  return [intro, ...facts.map((f) => `- **${f.title}:** ${f.value}`)].join('\n');
}
