/**
 * One user talking to a bot process over real HTTP. The bot replies to the serviceUrl during the
 * POST, so when the POST has returned, the receiver holds every reply of that turn.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { ReplyReceiver } from '../../tools/replyReceiver';
import { renderActivities } from '../../tools/renderActivity';
import { Reply } from './conversation';

export interface HttpResult {
  status: number;
  body: string;
  reply: Reply;
}

/** POSTs a raw body (string as is, anything else as JSON). */
export async function post(
  url: string,
  body: unknown,
  contentType = 'application/json',
): Promise<{ status: number; body: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.text() };
}

/** Everything a user reads in a reply: message text plus card text (FactSet lines "title: value"). */
export function readable(reply: Reply): string {
  return renderActivities(reply.activities).lines.join('\n');
}

export class HttpConversation {
  readonly id = `http-${randomUUID()}`;
  readonly userId = `user-${randomUUID()}`;

  constructor(
    /** Which process to talk to; tests swap it after a restart. */
    public messagesUrl: string,
    private readonly receiver: ReplyReceiver,
    readonly locale: string,
    readonly channelId = 'emulator',
  ) {}

  /** A full activity of this conversation with a fresh id (replies carry it as replyToId). */
  activity(partial: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      channelId: this.channelId,
      serviceUrl: this.receiver.url,
      conversation: { id: this.id },
      from: { id: this.userId, name: 'Customer' },
      recipient: { id: 'bot', name: 'Bot' },
      locale: this.locale,
      ...partial,
    };
  }

  /** Posts any body and returns status and the replies that arrived for this conversation. */
  async postRaw(body: unknown): Promise<HttpResult> {
    const result = await post(this.messagesUrl, body);
    return { ...result, reply: new Reply(this.receiver.take(this.id)) };
  }

  /** Posts an activity of this conversation; anything but 200 fails the test. */
  async send(partial: Record<string, unknown>): Promise<Reply> {
    const result = await this.postRaw(this.activity(partial));
    assert.equal(result.status, 200, `POST answered ${result.status}: ${result.body}`);
    return result.reply;
  }

  join(): Promise<Reply> {
    return this.send({ type: 'conversationUpdate', membersAdded: [{ id: this.userId, name: 'Customer' }] });
  }

  says(text: string): Promise<Reply> {
    return this.send({ type: 'message', text });
  }

  /** What an Adaptive Card Action.Submit sends in Teams: the data as value, empty text. */
  submits(value: Record<string, unknown>): Promise<Reply> {
    return this.send({ type: 'message', text: '', value });
  }
}
