/**
 * A tiny stand-in for a channel's connector service: the bot POSTs its replies to
 * `{serviceUrl}/v3/conversations/{conversationId}/activities[/{replyToId}]`, and this collects
 * them per conversation. Used by the terminal chat and by the HTTP tests.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

export type ReceivedActivity = Partial<Activity>;
export type ActivityListener = (conversationId: string, activity: ReceivedActivity) => void;

export interface ReplyReceiverOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Replies larger than this get 413; a handoff event carries the transcript, so be generous. */
  maxBodyBytes?: number;
}

const ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Drain an oversized body rather than destroying the socket, so the sender still gets its 413.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) reject(new HttpError(413, 'body too large'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function isActivity(value: unknown): value is ReceivedActivity {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class ReplyReceiver {
  private readonly received = new Map<string, ReceivedActivity[]>();
  private readonly listeners = new Set<ActivityListener>();
  private nextId = 1;

  private constructor(
    private readonly server: http.Server,
    /** The serviceUrl to put on activities sent to the bot. */
    readonly url: string,
  ) {}

  static start(options: ReplyReceiverOptions = {}): Promise<ReplyReceiver> {
    const host = options.host ?? '127.0.0.1';
    const limit = options.maxBodyBytes ?? 16 * 1024 * 1024;
    let receiver: ReplyReceiver | undefined;
    const server = http.createServer((req, res) => {
      receiver?.handle(req, res, limit).catch((error: unknown) => {
        const status = error instanceof HttpError ? error.status : 500;
        if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: (error as Error).message }));
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        const { port } = server.address() as AddressInfo;
        receiver = new ReplyReceiver(server, `http://${host}:${port}`);
        resolve(receiver);
      });
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, limit: number): Promise<void> {
    const match = ROUTE.exec(new URL(req.url ?? '/', this.url).pathname);
    if (req.method !== 'POST' || !match) throw new HttpError(404, `no route for ${req.method} ${req.url}`);
    let conversationId: string;
    try {
      conversationId = decodeURIComponent(match[1]);
    } catch {
      throw new HttpError(400, 'bad conversation id');
    }
    const body = await readBody(req, limit);
    let activity: unknown;
    try {
      activity = JSON.parse(body);
    } catch {
      throw new HttpError(400, 'body is not JSON');
    }
    if (!isActivity(activity)) throw new HttpError(400, 'body is not an activity');

    const id = `reply-${this.nextId++}`;
    const stored: ReceivedActivity = { ...activity, id };
    const list = this.received.get(conversationId) ?? [];
    list.push(stored);
    this.received.set(conversationId, list);
    for (const listener of this.listeners) listener(conversationId, stored);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id }));
  }

  /** Everything received for the conversation since the last take, in arrival order; clears it. */
  take(conversationId: string): ReceivedActivity[] {
    const list = this.received.get(conversationId) ?? [];
    this.received.delete(conversationId);
    return list;
  }

  /** Called for every activity as it arrives; returns a function that unsubscribes. */
  onActivity(listener: ActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
