import { CardFactory, type Attachment } from 'botbuilder';
import { ADAPTIVE_CARD, choiceRow, submitAction } from './cardActions';

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
 * The summary as an Adaptive Card 1.5 (the highest version Teams renders). In Teams (`universal`) the
 * choices are wrapping rows with Action.Execute, so "Zahlungsmethode ändern" is never cut; elsewhere
 * Action.Submit buttons.
 */
export function summaryCard(
  title: string,
  facts: SummaryFact[],
  actions: SummaryAction[],
  universal = false,
): Attachment {
  const data = (a: SummaryAction) => ({ choice: a.choice, label: a.title });
  return CardFactory.adaptiveCard({
    ...ADAPTIVE_CARD,
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: facts.map((f) => ({ title: f.title, value: f.value })) },
      ...(universal ? actions.map((a) => choiceRow(a.title, data(a), true)) : []),
    ],
    ...(universal
      ? {}
      : {
          actions: actions.map((a, i) => ({
            ...submitAction(a.title, data(a), false),
            style: i === 0 ? 'positive' : 'default',
          })),
        }),
  });
}

/** The same summary for channels without cards. */
export function summaryText(intro: string, facts: SummaryFact[]): string {
  return [intro, ...facts.map((f) => `- **${f.title}:** ${f.value}`)].join('\n');
}
