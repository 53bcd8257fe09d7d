import { CardFactory, type Attachment } from 'botbuilder';
import { ADAPTIVE_CARD, choiceRow, submitAction } from './cardActions';

export interface SummaryFact {
  title: string;
  value: string;
  /** The choice that corrects this fact, if the customer can change it here ("editCountry"). */
  edit?: SummaryAction;
}

export interface SummaryAction {
  title: string;
  /** The choice id the dialog expects; arrives in value.choice (Action.Submit) or action.data.choice (Teams). */
  choice: string;
}

/**
 * One fact as a row: its name small above its value, so a long German name ("Neue Zahlungsmethode") never
 * breaks inside a word in a narrow column; where it can be corrected, "Ändern" at the row's end is the tap
 * target (44 px high), and the action's title ("Land ändern") is what a screen reader announces.
 */
function factRow(fact: SummaryFact, changeLabel: string, universal: boolean) {
  const columns: Record<string, unknown>[] = [
    {
      type: 'Column',
      width: 'stretch',
      items: [
        { type: 'TextBlock', text: fact.title, size: 'Small', wrap: true },
        { type: 'TextBlock', text: fact.value, wrap: true, weight: 'Bolder', spacing: 'None' },
      ],
    },
  ];
  if (fact.edit) {
    columns.push({
      type: 'Column',
      width: 'auto',
      minHeight: '44px',
      verticalContentAlignment: 'Center',
      selectAction: submitAction(
        fact.edit.title,
        { choice: fact.edit.choice, label: fact.edit.title },
        universal,
        'choice',
      ),
      items: [{ type: 'TextBlock', text: changeLabel, color: 'Accent', weight: 'Bolder' }],
    });
  }
  return { type: 'ColumnSet', separator: true, spacing: 'Small', columns };
}

/**
 * The summary as an Adaptive Card 1.5 (the highest version Teams renders): each fact in a row that corrects
 * it, then one full-width, wrapping "Alles korrekt". No row of six buttons, and no host's limit on buttons
 * (Teams 6, the default 5) drops one; Teams gets Action.Execute, other channels Action.Submit.
 */
export function summaryCard(
  title: string,
  facts: SummaryFact[],
  confirm: SummaryAction,
  changeLabel: string,
  universal = false,
): Attachment {
  return CardFactory.adaptiveCard({
    ...ADAPTIVE_CARD,
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
      ...facts.map((fact) => factRow(fact, changeLabel, universal)),
      {
        ...choiceRow(confirm.title, { choice: confirm.choice, label: confirm.title }, universal),
        spacing: 'Medium',
      },
    ],
  });
}

/** The same summary for channels without cards. */
export function summaryText(intro: string, facts: SummaryFact[]): string {
  return [intro, ...facts.map((f) => `- **${f.title}:** ${f.value}`)].join('\n');
}
