import { CardFactory, type Attachment } from 'botbuilder';
import { ADAPTIVE_CARD, submitAction } from './cardActions';

/** One input of the form, as the slot declarations describe it. */
export interface FormField {
  id: string;
  label: string;
  value?: string;
  /** The reason the last submitted value was refused, shown under the input. */
  error?: string;
  input:
    | { type: 'text'; maxLength: number; placeholder?: string }
    | { type: 'choice'; choices: { title: string; value: string }[] };
}

/**
 * The billing details as one Adaptive Card form (Teams): each field with its label, the value given so
 * far, and the reason under a wrong one. Submitted values go through the same checks as typed answers.
 */
export function detailsFormCard(
  title: string,
  intro: string,
  fields: FormField[],
  submitTitle: string,
  universal: boolean,
): Attachment {
  return CardFactory.adaptiveCard({
    ...ADAPTIVE_CARD,
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: intro, wrap: true },
      ...fields.flatMap((field) => [
        field.input.type === 'text'
          ? {
              type: 'Input.Text',
              id: field.id,
              label: field.label,
              value: field.value ?? '',
              maxLength: field.input.maxLength,
              ...(field.input.placeholder ? { placeholder: field.input.placeholder } : {}),
            }
          : {
              type: 'Input.ChoiceSet',
              id: field.id,
              label: field.label,
              value: field.value ?? '',
              style: 'compact',
              choices: field.input.choices,
            },
        ...(field.error
          ? [
              {
                type: 'TextBlock',
                text: field.error,
                color: 'Attention',
                wrap: true,
                spacing: 'None',
                size: 'Small',
              },
            ]
          : []),
      ]),
    ],
    actions: [submitAction(submitTitle, { form: 'details' }, universal, 'details')],
  });
}
