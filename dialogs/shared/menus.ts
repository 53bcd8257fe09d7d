import { MessageFactory, type TurnContext } from 'botbuilder';
import type { Translator } from '../../i18n/translator';
import { MAIN_MENU } from '../../nlu/topics';

export async function sendMenu(
  context: TurnContext,
  tr: Translator,
  textKey: string,
  menu = MAIN_MENU,
  /** Replies after the topics, such as "Nein, danke". */
  more: string[] = [],
): Promise<void> {
  const labels = [...menu.map((intent) => tr.t(`menu.${intent}`)), ...more];
  await context.sendActivity(MessageFactory.suggestedActions(labels, tr.t(textKey)));
}

export async function sendWelcome(context: TurnContext, tr: Translator): Promise<void> {
  await context.sendActivity(tr.t('flow.welcome.greeting'));
  await sendMenu(context, tr, 'flow.welcome.menu');
}
