import { MessageFactory, type TurnContext } from 'botbuilder';
import type { AgentRef, DeskCase } from '../../handoff/desk/deskCase';
import type { CustomerNotices } from '../../handoff/desk/deskService';
import { MAIN_MENU } from '../../nlu/topics';
import { contactOptionsText } from './contactOptions';
import type { DialogServices } from './dialogServices';

/** What the customer hears from the agent desk, in the language of their case. */
export class DeskCustomerNotices implements CustomerNotices {
  constructor(private readonly services: DialogServices) {}

  private tr(deskCase: DeskCase) {
    return this.services.translations.for(deskCase.language);
  }

  async positionChanged(context: TurnContext, deskCase: DeskCase, position: number): Promise<void> {
    await context.sendActivity(this.tr(deskCase).t('escalation.desk.position', { position }));
  }

  async agentJoined(context: TurnContext, deskCase: DeskCase, agent: AgentRef): Promise<void> {
    await context.sendActivity(
      this.tr(deskCase).t('escalation.desk.agentJoined', { name: agent.displayName }),
    );
  }

  async agentMessage(context: TurnContext, deskCase: DeskCase, agent: AgentRef, text: string): Promise<void> {
    // Plain text: the agent's words are shown as written, never as markup of the bot's.
    await context.sendActivity({
      type: 'message',
      text: this.tr(deskCase).t('escalation.desk.agentSays', { name: agent.displayName, text }),
      textFormat: 'markdown',
      channelData: { agent: agent.displayName },
    });
  }

  async ended(context: TurnContext, deskCase: DeskCase): Promise<void> {
    const tr = this.tr(deskCase);
    const labels = MAIN_MENU.map((intent) => tr.t(`menu.${intent}`));
    const text = tr.t('escalation.desk.ended', { name: deskCase.agent?.displayName ?? '' });
    await context.sendActivity(MessageFactory.suggestedActions(labels, text));
  }

  async missed(context: TurnContext, deskCase: DeskCase): Promise<void> {
    const tr = this.tr(deskCase);
    const reason = deskCase.missedBecause ?? 'timeout';
    await context.sendActivity(
      `${tr.t(`escalation.desk.missed.${reason}`, { ref: deskCase.ref })}\n\n${contactOptionsText(this.services, tr, deskCase.accountKind)}`,
    );
  }
}
