import { TurnContext, type Middleware } from 'botbuilder';

const ADDRESSED = Symbol('addressedToBot');

/** A Teams group chat or channel (not the personal chat with the bot). */
export function isTeamsGroup(context: TurnContext): boolean {
  const { channelId, conversation } = context.activity;
  if (channelId !== 'msteams') return false;
  const type = conversation?.conversationType;
  return (
    type === 'groupChat' || type === 'channel' || (type !== 'personal' && conversation?.isGroup === true)
  );
}

/** Whether this turn's message is for the bot: always in a personal chat, only with an @mention in a group. */
export function addressedToBot(context: TurnContext): boolean {
  return context.turnState.get(ADDRESSED) !== false;
}

/**
 * In a Teams group chat or channel the bot only answers when it is @mentioned, and the mention
 * ("<at>Abrechnungsassistent</at>") is taken out of the text before anything reads it. A card submit
 * carries no text and no mention: it is always for the bot.
 */
export class TeamsMentionMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type === 'message' && isTeamsGroup(context)) {
      const mentioned = TurnContext.getMentions(activity).some(
        (m) => m.mentioned?.id === activity.recipient?.id,
      );
      const submit = !activity.text?.trim() && activity.value !== undefined;
      if (mentioned) activity.text = TurnContext.removeRecipientMention(activity)?.trim() ?? '';
      context.turnState.set(ADDRESSED, mentioned || submit);
    }
    await next();
  }
}
