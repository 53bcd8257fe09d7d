import { ComponentDialog, Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { TurnContext } from 'botbuilder';
import type { Language } from '../domain/language';
import type { Translator } from '../i18n/translator';
import { setTurnLanguage, turnLanguage } from '../i18n/turnLanguage';
import type { DialogServices } from './shared/dialogServices';
import type { Interruption } from './interruptions';
import { IntentClassifier } from './shared/intentClassifier';
import { expectsField, expectsFreeText } from './prompts/askPrompt';

/**
 * The one place where cancel, start over, help, language switch and "talk to a person" are handled,
 * whatever question is open. The root dialog extends it, so it sees every turn before any step does.
 */
export abstract class InterruptibleDialog extends ComponentDialog {
  protected readonly classifier: IntentClassifier;

  protected constructor(
    dialogId: string,
    protected readonly services: DialogServices,
  ) {
    super(dialogId);
    this.classifier = new IntentClassifier(services.translations, services.recognizer);
  }

  protected language(context: TurnContext): Language {
    return turnLanguage(context, this.services.defaultLanguage);
  }

  protected tr(context: TurnContext): Translator {
    return this.services.translations.for(this.language(context));
  }

  protected async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    let leaf: DialogContext = innerDc;
    while (leaf.child) leaf = leaf.child;
    const freeText = expectsFreeText(leaf.activeDialog);
    const interruption = await this.classifier.interruption(
      innerDc.context.activity.text,
      this.language(innerDc.context),
      freeText,
      !expectsField(leaf.activeDialog),
    );
    if (interruption) return this.interrupt(innerDc, interruption);
    if (!freeText) await this.followLanguage(innerDc.context);
    return super.onContinueDialog(innerDc);
  }

  /**
   * A whole sentence in the other language switches the conversation to it, and the choice is
   * remembered. Short or ambiguous messages ("ok", "PayPal", a company name) never switch.
   */
  protected async followLanguage(context: TurnContext): Promise<void> {
    const detected = this.services.languageDetector.detect(context.activity.text ?? '');
    if (detected && detected !== this.language(context)) await this.switchLanguage(context, detected);
  }

  protected async interrupt(innerDc: DialogContext, interruption: Interruption): Promise<DialogTurnResult> {
    const { context } = innerDc;
    switch (interruption.kind) {
      case 'help':
        await context.sendActivity(this.tr(context).t('general.help'));
        await context.sendActivity(this.tr(context).t('general.helpContinue'));
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'language':
        await this.switchLanguage(context, interruption.language);
        await innerDc.repromptDialog();
        return Dialog.EndOfTurn;
      case 'cancel': {
        // A non-waiting status ends this (root) dialog too, so the next message starts afresh.
        const result = await innerDc.cancelAllDialogs();
        await this.onCancelled(innerDc);
        return result;
      }
      case 'startOver':
        await innerDc.cancelAllDialogs();
        return this.onStartOver(innerDc);
      case 'goodbye': {
        // The customer is leaving mid-question: end the flow and say goodbye.
        const result = await innerDc.cancelAllDialogs();
        await context.sendActivity(this.tr(context).t('general.goodbye'));
        return result;
      }
      case 'agent':
        await innerDc.cancelAllDialogs();
        return this.onAgentRequested(innerDc);
    }
  }

  /** Remembers the language for this user and answers in it from this message on. */
  protected async switchLanguage(context: TurnContext, language: Language): Promise<void> {
    const profile = await this.services.userProfile.get(context, {});
    await this.services.userProfile.set(context, { ...profile, language });
    setTurnLanguage(context, language);
    await context.sendActivity(this.services.translations.for(language).t('general.languageSwitched'));
  }

  protected abstract onCancelled(innerDc: DialogContext): Promise<void>;
  protected abstract onStartOver(innerDc: DialogContext): Promise<DialogTurnResult>;
  protected abstract onAgentRequested(innerDc: DialogContext): Promise<DialogTurnResult>;
}
