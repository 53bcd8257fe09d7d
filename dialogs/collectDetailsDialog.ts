import {
  ComponentDialog,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { z } from 'zod';
import { ACCOUNT_KINDS } from '../domain/accountKind';
import { countryName, isEuMember } from '../domain/countries';
import { ALL_PAYMENT_METHODS, paymentMethodsFor } from '../domain/paymentMethods';
import { taxedRegardless, vatApplies, vatPrefixFor } from '../domain/vat';
import { AskPrompt, answerOf, askOptions, choice } from './prompts/askPrompt';
import { caseRecordSchema, FIELD_NAMES, type CaseRecord, type FieldName } from './shared/caseRecord';
import { translatorFor, type DialogServices } from './shared/dialogServices';

export const COLLECT_DETAILS_DIALOG = 'collectDetailsDialog';
const ASK = 'collectDetailsDialog.ask';
const FLOW = 'collectDetailsDialog.flow';

/** `only` re-asks a single field (a correction from the summary); a new country re-checks the VAT ID. */
export const collectOptionsSchema = z.object({
  kind: z.enum(ACCOUNT_KINDS),
  only: z.enum(FIELD_NAMES).optional(),
});
export type CollectOptions = z.infer<typeof collectOptionsSchema>;

/** Step 4: billing country, VAT ID, company, sign-in identity and the new payment method, each validated. */
export class CollectDetailsDialog extends ComponentDialog {
  constructor(private readonly services: DialogServices) {
    super(COLLECT_DETAILS_DIALOG);
    this.addDialog(new AskPrompt(ASK, services));
    this.addDialog(
      new WaterfallDialog(FLOW, [
        this.countryStep.bind(this),
        this.vatStep.bind(this),
        this.companyStep.bind(this),
        this.identityStep.bind(this),
        this.paymentMethodStep.bind(this),
        this.doneStep.bind(this),
      ]),
    );
    this.initialDialogId = FLOW;
  }

  private options(step: WaterfallStepContext): CollectOptions {
    return collectOptionsSchema.parse(step.options);
  }

  private wants(step: WaterfallStepContext, ...fields: FieldName[]): boolean {
    const { only } = this.options(step);
    return !only || fields.includes(only);
  }

  private async update(step: WaterfallStepContext, patch: Partial<CaseRecord>): Promise<CaseRecord> {
    const record = caseRecordSchema.parse({
      ...(await this.services.caseRecord.get(step.context, {})),
      ...patch,
    });
    await this.services.caseRecord.set(step.context, record);
    return record;
  }

  private async countryStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (!this.wants(step, 'country')) return step.next();
    return step.prompt(ASK, askOptions({ textKey: 'flow.collect.askCountry', field: 'country' }));
  }

  private async vatStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const record =
      step.result === undefined
        ? await this.update(step, {})
        : await this.update(step, { country: answerOf(step) });
    if (!this.wants(step, 'country', 'vatId')) return step.next();
    const country = record.country ?? '';
    const tr = translatorFor(this.services, step.context);
    if (!vatApplies(country)) {
      await this.update(step, { vatId: undefined });
      await step.context.sendActivity(
        tr.t('flow.collect.vatNotApplicable', { country: countryName(country, tr.language) }),
      );
      return step.next();
    }
    if (taxedRegardless(country)) {
      await step.context.sendActivity(
        tr.t('flow.collect.vatTaxedAnyway', { country: countryName(country, tr.language) }),
      );
    }
    return step.prompt(
      ASK,
      askOptions({
        textKey: 'flow.collect.askVat',
        countryArg: country,
        args: { prefix: vatPrefixFor(country) ?? country },
        choices: [choice('skipVat')],
        field: 'vatId',
        fieldContext: { country },
      }),
    );
  }

  private async companyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== undefined) {
      const answer = answerOf(step);
      const tr = translatorFor(this.services, step.context);
      if (answer === 'skipVat') {
        const record = await this.update(step, { vatId: null });
        const country = record.country ?? '';
        if (isEuMember(country) && !taxedRegardless(country))
          await step.context.sendActivity(tr.t('flow.collect.vatChargedWithout'));
      } else {
        await this.update(step, { vatId: answer });
        await step.context.sendActivity(tr.t('flow.collect.vatAccepted', { vatId: answer }));
      }
    }
    if (!this.wants(step, 'companyName')) return step.next();
    return step.prompt(ASK, askOptions({ textKey: 'flow.collect.askCompany', field: 'companyName' }));
  }

  private async identityStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== undefined) await this.update(step, { companyName: answerOf(step) });
    const { kind } = this.options(step);
    const field: FieldName = kind === 'online' ? 'accountEmail' : 'corporateUserId';
    if (!this.wants(step, field)) return step.next();
    return step.prompt(
      ASK,
      askOptions({ textKey: kind === 'online' ? 'flow.collect.askEmail' : 'flow.collect.askUserId', field }),
    );
  }

  private async paymentMethodStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { kind } = this.options(step);
    if (step.result !== undefined) {
      await this.update(
        step,
        kind === 'online' ? { accountEmail: answerOf(step) } : { corporateUserId: answerOf(step) },
      );
    }
    if (!this.wants(step, 'paymentMethod')) return step.next();
    return step.prompt(
      ASK,
      askOptions({
        textKey: 'flow.collect.askPaymentMethod',
        choices: paymentMethodsFor(kind).map((m) => ({ id: m, labelKey: `paymentMethods.${m}` })),
        field: 'paymentMethod',
        fieldContext: { accountKind: kind },
      }),
    );
  }

  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== undefined) {
      const method = z.enum(ALL_PAYMENT_METHODS).parse(answerOf(step));
      await this.update(step, { paymentMethod: method });
    }
    return step.endDialog();
  }
}
