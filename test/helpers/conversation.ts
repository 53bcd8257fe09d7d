import assert from 'node:assert/strict';
import type { Activity, CardAction, Attachment } from 'botbuilder';
import type { TestBot } from './testBot';

let counter = 0;

/**
 * The bot writes English with typographic apostrophes and quotes (test/locales.test.ts checks that); a test
 * may spell "I've" or "No VAT ID" with plain ones and still mean the same words.
 */
export const sameQuotes = (text: string) => text.replace(/[’‘]/g, "'").replace(/[“”]/g, '"');

/** What the bot answered to one user message. */
export class Reply {
  constructor(readonly activities: Partial<Activity>[]) {}

  get messages(): Partial<Activity>[] {
    return this.activities.filter((a) => a.type === 'message');
  }

  /** All message texts of the reply, joined: what a user reads. */
  get text(): string {
    return this.messages.map((a) => a.text ?? '').join('\n');
  }

  /** The quick-reply labels of the last message that had any. */
  get suggestions(): string[] {
    const withActions = this.messages.filter((a) => a.suggestedActions?.actions?.length);
    const last = withActions[withActions.length - 1];
    return (last?.suggestedActions?.actions ?? []).map((a: CardAction) => String(a.title));
  }

  get attachments(): Attachment[] {
    return this.messages.flatMap((a) => a.attachments ?? []);
  }

  events(name: string): Partial<Activity>[] {
    return this.activities.filter((a) => a.type === 'event' && a.name === name);
  }

  /** The messages and the text of their Adaptive Cards (steps, notes, facts, buttons): all a user reads. */
  get readable(): string {
    const texts: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const element = node as { type?: string; text?: unknown; title?: unknown };
        if (element.type === 'TextBlock' && typeof element.text === 'string') texts.push(element.text);
        if (/^Action\./.test(element.type ?? '') && typeof element.title === 'string')
          texts.push(element.title);
        Object.values(node).forEach(walk);
      }
    };
    walk(this.attachments.filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive'));
    return [this.text, ...texts].join('\n');
  }

  /** Asserts every pattern appears in what the user reads: the messages and their cards' text. */
  says(...patterns: (string | RegExp)[]): this {
    for (const p of patterns) {
      if (typeof p === 'string')
        assert.ok(
          sameQuotes(this.readable).includes(sameQuotes(p)),
          `reply should contain "${p}" but was:\n${this.readable}`,
        );
      else assert.match(sameQuotes(this.readable), p, `reply should match ${p} but was:\n${this.readable}`);
    }
    return this;
  }

  doesNotSay(...patterns: (string | RegExp)[]): this {
    for (const p of patterns) {
      if (typeof p === 'string')
        assert.ok(
          !sameQuotes(this.readable).includes(sameQuotes(p)),
          `reply should not contain "${p}":\n${this.readable}`,
        );
      else assert.doesNotMatch(sameQuotes(this.readable), p);
    }
    return this;
  }

  offers(...labels: string[]): this {
    for (const l of labels) {
      assert.ok(
        this.suggestions.map(sameQuotes).includes(sameQuotes(l)),
        `quick replies should include "${l}" but were ${JSON.stringify(this.suggestions)}`,
      );
    }
    return this;
  }
}

/** One user talking to the test bot: `await convo.says('ja')` returns the bot's reply. */
export class Conversation {
  readonly id: string;
  constructor(
    private readonly bot: TestBot,
    readonly locale: string,
    readonly channelId = 'test',
    /** A conversation that exists already (a saved one from a fixture); a new id by default. */
    id?: string,
  ) {
    counter += 1;
    this.id = id ?? `convo-${counter}-${Date.now()}`;
  }

  private base(): Partial<Activity> {
    return {
      channelId: this.channelId,
      serviceUrl: 'https://test.invalid',
      conversation: { id: this.id, isGroup: false, conversationType: 'personal', name: '' },
      from: { id: `user-${this.id}`, name: 'Customer' },
      recipient: { id: 'bot', name: 'Bot' },
      locale: this.locale,
    };
  }

  private async send(activity: Partial<Activity>): Promise<Reply> {
    const queue = this.bot.adapter.activeQueue;
    queue.splice(0, queue.length);
    await this.bot.adapter.processActivity({ ...this.base(), ...activity });
    const replies = queue.splice(0, queue.length);
    this.bot.sent.push(...replies);
    return new Reply(replies);
  }

  /** What the bot sent to this conversation on its own since the last message (the desk's proactive messages). */
  proactive(): Reply {
    const queue = this.bot.adapter.activeQueue;
    const mine = queue.filter((a) => a.conversation?.id === this.id);
    queue.splice(0, queue.length, ...queue.filter((a) => a.conversation?.id !== this.id));
    this.bot.sent.push(...mine);
    return new Reply(mine);
  }

  join(): Promise<Reply> {
    return this.send({
      type: 'conversationUpdate',
      membersAdded: [{ id: `user-${this.id}`, name: 'Customer' }],
    });
  }

  says(text: string): Promise<Reply> {
    return this.send({ type: 'message', text });
  }

  submits(value: Record<string, unknown>): Promise<Reply> {
    return this.send({ type: 'message', text: '', value });
  }

  sends(activity: Partial<Activity>): Promise<Reply> {
    return this.send(activity);
  }
}
