import type { Activity } from 'botbuilder';
import { Reply } from './conversation';
import type { TestBot } from './testBot';

let counter = 0;

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const BOT = { id: '28:bot-app-id', name: 'Abrechnungsassistent' };

/** An Adaptive Card's JSON from a reply or an invoke response. */
export type CardJson = { body?: unknown[]; actions?: unknown[] } & Record<string, unknown>;

/** What an Action.Execute click returned: the card that replaces the clicked one, or a message. */
export interface InvokeResult {
  status: number;
  type: string;
  card?: CardJson;
  message?: string;
  /** Messages the bot sent besides the invoke response. */
  reply: Reply;
}

/**
 * A Teams user talking to the bot, as Teams sends it: channelId msteams, the tenant and the user's
 * aadObjectId, personal or group conversations, @mentions, installation, and card clicks as
 * adaptiveCard/action invokes.
 */
export class TeamsUser {
  readonly conversationId: string;
  readonly userId: string;

  constructor(
    private readonly bot: TestBot,
    readonly locale: string,
    readonly scope: 'personal' | 'groupChat' | 'channel' = 'personal',
  ) {
    counter += 1;
    this.conversationId =
      scope === 'personal'
        ? `a:1personal-${counter}-${Date.now()}`
        : `19:group-${counter}-${Date.now()}@thread.v2`;
    this.userId = `29:user-${counter}`;
  }

  private base(): Partial<Activity> {
    return {
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/emea/',
      conversation: {
        id: this.conversationId,
        conversationType: this.scope,
        isGroup: this.scope !== 'personal',
        tenantId: TENANT,
        name: '',
      },
      from: {
        id: this.userId,
        name: 'Erika Mustermann',
        aadObjectId: 'a1b2c3d4-0000-4000-8000-000000000001',
      },
      recipient: BOT,
      locale: this.locale,
      channelData: { tenant: { id: TENANT } },
    };
  }

  private async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    const queue = this.bot.adapter.activeQueue;
    queue.splice(0, queue.length);
    await this.bot.adapter.processActivity({ ...this.base(), ...activity } as Activity);
    const out = queue.splice(0, queue.length);
    this.bot.sent.push(...out);
    return out;
  }

  async says(text: string): Promise<Reply> {
    return new Reply(await this.send({ type: 'message', text }));
  }

  /** A message with an @mention of the bot, as Teams sends it in groups: `<at>` in the text and an entity. */
  async mentions(text: string): Promise<Reply> {
    const at = `<at>${BOT.name}</at>`;
    return new Reply(
      await this.send({
        type: 'message',
        text: `${at} ${text}`,
        entities: [{ type: 'mention', text: at, mentioned: BOT }],
      }),
    );
  }

  async installs(): Promise<Reply> {
    return new Reply(await this.send({ type: 'installationUpdate', action: 'add' }));
  }

  async memberJoins(): Promise<Reply> {
    return new Reply(
      await this.send({ type: 'conversationUpdate', membersAdded: [{ id: '29:someone-else', name: 'Max' }] }),
    );
  }

  /** A click on an Action.Execute button or a form submit: the adaptiveCard/action invoke. */
  async executes(data: Record<string, unknown>, verb = 'submit'): Promise<InvokeResult> {
    const out = await this.send({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    });
    const response = out.find((a) => a.type === 'invokeResponse');
    const value = response?.value as {
      status: number;
      body: { statusCode: number; type: string; value: unknown };
    };
    if (!value) throw new Error(`no invoke response; sent: ${JSON.stringify(out.map((a) => a.type))}`);
    const body = value.body;
    return {
      status: value.status,
      type: body.type,
      card: body.type === 'application/vnd.microsoft.card.adaptive' ? (body.value as CardJson) : undefined,
      message: typeof body.value === 'string' ? body.value : undefined,
      reply: new Reply(out.filter((a) => a.type !== 'invokeResponse')),
    };
  }
}

/** Every string of a card (TextBlocks, labels, values, choice titles): what a Teams user reads. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') parts.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node))
        if (!['type', 'id', 'style', 'verb', 'version', '$schema'].includes(k)) walk(v);
    }
  };
  walk(card);
  return parts.join('\n');
}

/** The inputs of a form card, by id. */
export function cardInputs(
  card: CardJson,
): Map<string, { type: string; value?: string; choices?: { value: string }[] }> {
  const inputs = new Map<string, { type: string; value?: string; choices?: { value: string }[] }>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as { type?: string; id?: string };
      if (n.type?.startsWith('Input.') && n.id) inputs.set(n.id, node as never);
      Object.values(node).forEach(walk);
    }
  };
  walk(card.body);
  return inputs;
}
