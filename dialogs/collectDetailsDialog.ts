import {
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { DETAIL_SLOTS } from '../domain/caseRecord';
import { requestedSlot, SLOTS } from '../form/slots';
import { turnFacts } from '../form/turnFacts';
import { AskDialog, askAnswerSchema, type AskSpec } from './ask/askDialog';
import { announceFacts } from './shared/announceFacts';
import { detailsForm } from './shared/detailsForm';
import { translatorFor, type DialogServices } from './shared/dialogServices';
import type { FlowDialog } from './shared/flowDialog';
import { inTeams, isFormSubmit } from './shared/teams';

export const COLLECT_DETAILS_DIALOG = 'collectDetailsDialog';
const ASK = 'collectDetailsDialog.ask';

const conflictSchema = z.object({ vatId: z.string(), vatCountry: z.string(), country: z.string() });

/**
 * `only`: a correction from the summary asks that slot first, though it has a value; afterwards the form
 * asks whatever the correction left empty (a new country empties a VAT ID that no longer fits).
 */
export const collectOptionsSchema = z.object({
  only: z.enum(DETAIL_SLOTS).optional(),
  /** The correction has been answered. */
  corrected: z.boolean().default(false),
  /** A VAT ID of another country than the billing country: ask which is right. */
  conflict: conflictSchema.optional(),
  /** Teams: one card form for all details; 'typed' once the customer answers by typing instead. */
  mode: z.enum(['form', 'typed']).optional(),
  /** The form was submitted at least once: empty fields are marked as missing. */
  submitted: z.boolean().default(false),
});
export type CollectOptions = z.input<typeof collectOptionsSchema>;

/**
 * Step 4, the form: asks for the first slot that applies and is empty, again and again, until none is.
 * It never reads the answers itself: the router has put every fact of each message into the case, so
 * details given earlier, or several in one message, are not asked for.
 */
export class CollectDetailsDialog extends WaterfallDialog implements FlowDialog {
  readonly questions: Dialog[];

  constructor(private readonly services: DialogServices) {
    super(COLLECT_DETAILS_DIALOG);
    this.questions = [
      new AskDialog(ASK, services, async (context, tr, spec) =>
        spec.form
          ? detailsForm(context, tr, await services.cases.get(context), spec.form.showMissing)
          : undefined,
      ),
    ];
    this.addStep(this.askStep.bind(this));
    this.addStep(this.answerStep.bind(this));
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = collectOptionsSchema.parse(step.options ?? {});
    if (options.conflict) {
      const { vatId, vatCountry, country } = options.conflict;
      const spec: AskSpec = {
        textKey: 'form.vatConflict.ask',
        args: { vatId },
        countryArgs: { vatCountry, country },
        choices: [
          { id: 'vatCountry', labelKey: 'form.vatConflict.choice', countryArg: vatCountry },
          { id: 'keptCountry', labelKey: 'form.vatConflict.choice', countryArg: country },
        ],
        // Answered with a country ("Österreich", or a button's "Rechnungsland Österreich"): read as one.
        slot: 'country',
      };
      return step.beginDialog(ASK, spec);
    }
    const record = await this.services.cases.get(step.context);
    const slot = options.only && !options.corrected ? options.only : requestedSlot(record);
    if (!slot) return step.endDialog();
    const mode = options.mode ?? (inTeams(step.context) && !options.only ? 'form' : 'typed');
    if (mode === 'form') {
      // The question is the card; typed answers still work, for the first slot still missing.
      const form: AskSpec = {
        textKey: 'form.card.ask',
        slot,
        withCard: true,
        form: { showMissing: options.submitted },
      };
      return step.beginDialog(ASK, form);
    }
    const question = SLOTS[slot].question!(record);
    const spec: AskSpec = { ...question, slot };
    return step.beginDialog(ASK, spec);
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = collectOptionsSchema.parse(step.options ?? {});
    const answer = askAnswerSchema.parse(step.result);
    if (options.conflict) {
      await this.resolveConflict(step, options.conflict, answer.kind === 'choice' ? answer.id : '');
      return step.replaceDialog(COLLECT_DETAILS_DIALOG, { ...options, conflict: undefined });
    }
    const facts = turnFacts(step.context);
    const corrected =
      options.corrected || (options.only !== undefined && facts.filled.includes(options.only));
    const submitted = isFormSubmit(step.context.activity.value);
    const mode = options.mode ?? (inTeams(step.context) && !options.only ? 'form' : 'typed');
    return step.replaceDialog(COLLECT_DETAILS_DIALOG, {
      ...options,
      corrected,
      conflict: facts.conflict,
      // Typed instead of filling the card: go on question by question.
      mode: mode === 'form' && !submitted ? 'typed' : mode,
      submitted: options.submitted || submitted,
    });
  }

  private async resolveConflict(
    step: WaterfallStepContext,
    conflict: z.infer<typeof conflictSchema>,
    choice: string,
  ): Promise<void> {
    const tr = translatorFor(this.services, step.context);
    // A typed answer has already put its country into the case; a card button names its choice.
    const record = await this.services.cases.get(step.context);
    const vatCountry =
      choice === 'vatCountry' || (choice !== 'keptCountry' && record.country === conflict.vatCountry);
    if (vatCountry) {
      const update = await this.services.cases.update(step.context, {
        country: conflict.vatCountry,
        vatId: conflict.vatId,
      });
      await announceFacts(step.context, tr, { values: {}, derived: [], errors: [] }, update, 'vatId');
    } else if (record.country === conflict.country) {
      await step.context.sendActivity(
        tr.t('form.vatConflict.kept', { country: SLOTS.country.display(record, tr) ?? conflict.country }),
      );
    }
  }
}
