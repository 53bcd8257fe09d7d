import { randomBytes } from 'node:crypto';
import type { Activity, ActivityHandler, ConversationReference, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import {
  MAX_DEPTH,
  postedActivitySchema,
  postedFields,
  redactForEcho,
  startConversationSchema,
  type PostedActivity,
} from './activities';
import {
  type ConversationStore,
  newUserId,
  type DirectLineConversation,
  type WireAccount,
  type WireActivity,
} from './conversations';
import { withinDepth } from '../incomingActivity';
import { BUILT_IN_SERVICE_URL, type DirectLineCloudAdapter } from './directLineAdapter';
import type { DirectLineSettings } from './settings';
import type { IssuedToken, TokenClaims, TokenIssuer } from './tokens';
import type { Logger } from '../../logging/logger';
import type { NewConversationLimit } from './newConversationLimit';

export const BUILT_IN_PREFIX = '/v3/directline';
export const BUILT_IN_CHANNEL_ID = 'webchat';

export interface BuiltInDirectLineDeps {
  adapter: DirectLineCloudAdapter;
  bot: Pick<ActivityHandler, 'run'>;
  store: ConversationStore;
  tokens: TokenIssuer;
  settings: DirectLineSettings;
  now: () => number;
  log: Logger;
  newConversations: NewConversationLimit;
  /** The echo's word for removed data, in the chat's language; REDACTED without one. */
  redactionMarker?: (locale: string | undefined) => string;
}

/** Errors in Direct Line's shape; for machines, so no locale strings. */
function fail(res: Response, status: number, code: string, message: string): void {
  if (status === 401) res.header('WWW-Authenticate', 'Bearer');
  res.send(status, { error: { code, message } });
}

function sendToken(res: Response, status: number, token: IssuedToken): void {
  res.header('Cache-Control', 'no-store');
  const { conversationId, token: value, expires_in } = token;
  res.send(status, { conversationId, token: value, expires_in });
}

/** A token replaced by a refresh still works this long: requests already on their way with it. */
const TOKEN_GRACE_MS = 60_000;
/** Web Chat refreshes every 15 minutes; more than this in an hour is no browser's doing. */
const REFRESH_LIMIT = { refreshes: 6, windowMs: 60 * 60_000 };

const generateSchema = z
  .object({ user: z.object({ id: z.string().min(1).max(256).optional() }).optional() })
  .optional();

/** Empty bodies arrive as undefined, '' or {} depending on the content type; all mean "nothing". */
function bodyOf(req: Request): unknown {
  const body: unknown = req.body;
  return body === '' || body === null ? undefined : body;
}

/**
 * A Direct Line 3.0-compatible endpoint in the bot's own server, covering what botframework-directlinejs
 * calls with `webSocket: false` (polling): start, reconnect, post, poll, token generate and refresh.
 * Conversations live in memory; every turn runs in process through the bot's adapter and middleware.
 * With `resumeConversations` a valid token brings back a conversation the process does not hold (after a
 * restart): the bot's state for it is in storage, so the dialog goes on.
 */
export class BuiltInDirectLine {
  private joins = 0;
  /** Makes the ids of join activities unique across restarts, as the conversations' own ids are. */
  private readonly instance = randomBytes(6).toString('base64url');

  constructor(private readonly deps: BuiltInDirectLineDeps) {}

  mount(server: Server): void {
    const p = BUILT_IN_PREFIX;
    server.post(`${p}/tokens/generate`, async (req, res) => this.generate(req, res));
    server.post(`${p}/tokens/refresh`, async (req, res) => this.refresh(req, res));
    server.post(`${p}/conversations`, async (req, res) => this.start(req, res));
    server.get(`${p}/conversations/:conversationId`, async (req, res) => this.reconnect(req, res));
    server.get(`${p}/conversations/:conversationId/activities`, async (req, res) => this.poll(req, res));
    server.post(`${p}/conversations/:conversationId/activities`, async (req, res) => this.post(req, res));
  }

  /**
   * Runs `logic` as a proactive turn on one of this endpoint's conversations (one the store no longer
   * holds, after a restart, is brought back): what it sends is appended for the client's next poll.
   */
  async continueConversation(
    reference: { conversation: { id: string }; user?: { id: string } },
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    const id = reference.conversation.id;
    const conversation =
      this.deps.store.get(id) ?? (await this.deps.store.resume(id, reference.user?.id, true));
    if (!conversation) throw new Error('the Direct Line conversation is not available');
    await conversation.enqueue(() =>
      this.deps.adapter.continueBuiltIn(
        // botbuilder types ChannelAccount's name and ConversationAccount's flags as required; the wire does not.
        {
          ...reference,
          serviceUrl: BUILT_IN_SERVICE_URL,
          channelId: BUILT_IN_CHANNEL_ID,
        } as Partial<ConversationReference>,
        (reply) => this.storeReply(conversation, reply),
        logic,
      ),
    );
  }

  /** A new conversation bound to one user (a fresh `dl_` id unless given) and its token; undefined when full. */
  async issueForNewConversation(userId: string = newUserId()): Promise<IssuedToken | undefined> {
    const conversation = this.deps.store.create(userId);
    return conversation && this.issue(conversation, { conversationId: conversation.id, userId });
  }

  /**
   * A new token for a conversation; the one it replaces is retired after a short grace. Kept in the store
   * too, so every instance honours the newest token.
   */
  private async issue(conversation: DirectLineConversation, claims: TokenClaims): Promise<IssuedToken> {
    const token = this.deps.tokens.issue({ conversationId: claims.conversationId, userId: claims.userId });
    await conversation.update((c) => c.rotateToken(token.tokenId, this.deps.now(), TOKEN_GRACE_MS));
    return token;
  }

  private async generate(req: Request, res: Response): Promise<void> {
    const body = generateSchema.safeParse(bodyOf(req));
    if (!body.success) return fail(res, 400, 'BadArgument', 'invalid token parameters');
    if (!this.deps.newConversations.admit(req, res)) return;
    const token = await this.issueForNewConversation(body.data?.user?.id);
    if (!token) return this.full(res);
    sendToken(res, 200, token);
  }

  private async refresh(req: Request, res: Response): Promise<void> {
    const claims = this.authorize(req, res);
    if (!claims) return;
    const conversation = await this.conversationOf(claims, res, true);
    if (!conversation || !this.current(conversation, claims, res)) return;
    if (!conversation.admitRefresh(this.deps.now(), REFRESH_LIMIT)) {
      res.header('Retry-After', '900');
      return fail(res, 429, 'TooManyRequests', 'too many token refreshes');
    }
    sendToken(res, 200, await this.issue(conversation, claims));
  }

  /** Whether the token is the conversation's current one (or the one just replaced); 403 otherwise. */
  private current(conversation: DirectLineConversation, claims: TokenClaims, res: Response): boolean {
    if (conversation.acceptsToken(claims.tokenId, this.deps.now())) return true;
    fail(res, 403, 'TokenExpired', 'this token has been replaced by a newer one');
    return false;
  }

  /** POST /conversations: starts the token's conversation, or a new one when no token is sent. */
  private async start(req: Request, res: Response): Promise<void> {
    const body = startConversationSchema.safeParse(bodyOf(req));
    if (!body.success) return fail(res, 400, 'BadArgument', 'invalid conversation parameters');
    let conversation: DirectLineConversation | undefined;
    if (req.header('Authorization')) {
      const claims = this.authorize(req, res);
      if (!claims) return;
      // Brought back by a start, its user has not joined yet: the bot welcomes them below.
      conversation = await this.conversationOf(claims, res, false);
      if (!conversation || !this.current(conversation, claims, res)) return;
    } else {
      if (!this.deps.newConversations.admit(req, res)) return;
      conversation = this.deps.store.create();
      if (!conversation) return this.full(res);
    }
    const locale = body.data?.locale;
    if (locale && !conversation.locale) await conversation.update((c) => (c.locale ??= locale));
    // Welcome on join: a token bound to a user (or a user named at start) joins now, as with Azure Direct Line;
    // otherwise the user joins with their first activity.
    const joiner = conversation.userId ?? body.data?.user?.id;
    if (joiner && !conversation.hasJoined(joiner)) {
      const c = conversation;
      void c
        .enqueue(() => this.join(c, { id: joiner }))
        .catch((error: unknown) => this.logTurnFailure(error));
    }
    // The token (and the locale) are stored before the answer: the next request may reach another instance.
    const token = await this.issue(conversation, {
      conversationId: conversation.id,
      userId: conversation.userId,
    });
    sendToken(res, 201, token);
  }

  private async reconnect(req: Request, res: Response): Promise<void> {
    const found = await this.conversationFor(req, res);
    if (!found) return;
    sendToken(res, 200, await this.issue(found.conversation, found.claims));
  }

  private async poll(req: Request, res: Response): Promise<void> {
    const found = await this.conversationFor(req, res);
    if (!found) return;
    const raw = new URLSearchParams(req.getQuery()).get('watermark');
    if (raw && !/^\d{1,15}$/.test(raw)) return fail(res, 400, 'BadArgument', 'invalid watermark');
    res.send(200, found.conversation.since(raw ? Number(raw) : undefined));
  }

  private async post(req: Request, res: Response): Promise<void> {
    const found = await this.conversationFor(req, res);
    if (!found) return;
    const { conversation, claims } = found;
    const admitted = conversation.admitPost(this.deps.now(), this.deps.settings.rateLimit);
    if (!admitted.ok) {
      res.header('Retry-After', String(admitted.retryAfter));
      return fail(res, 429, 'TooManyRequests', 'too many activities, slow down');
    }
    const body = bodyOf(req);
    if (!withinDepth(body, MAX_DEPTH)) return fail(res, 400, 'BadArgument', 'activity nested too deeply');
    const posted = postedActivitySchema.safeParse(body);
    if (!posted.success) {
      const fields = [...new Set(posted.error.issues.map((i) => i.path.join('.') || 'activity'))];
      return fail(res, 400, 'BadArgument', `invalid activity: ${fields.join(', ')}`);
    }
    // A token issued for one user fixes who posts; otherwise the client names itself, as on Azure.
    const from = claims.userId ? { id: claims.userId, name: posted.data.from?.name } : posted.data.from;
    if (!from) return fail(res, 400, 'MissingProperty', 'from.id is required');
    // A message makes it a customer's conversation; when the room for those is full, this one waits.
    if (posted.data.type === 'message' && !this.deps.store.activate(conversation)) {
      res.header('Retry-After', '60');
      return fail(res, 429, 'TooManyRequests', 'too many open conversations, try again later');
    }
    try {
      const id = await conversation.enqueue(() => this.deliver(conversation, posted.data, from));
      res.send(200, { id });
    } catch (error) {
      this.logTurnFailure(error);
      fail(res, 502, 'BotError', 'the bot failed to process the activity');
    }
  }

  /** Stores the (redacted) echo of a user's activity, then runs the bot's turn for it; returns the echo's id. */
  private async deliver(
    conversation: DirectLineConversation,
    posted: PostedActivity,
    from: WireAccount,
  ): Promise<string> {
    // A client that retries a post (it timed out, the network dropped the answer) sends the same
    // clientActivityID again: answer with the first echo's id and run nothing twice.
    const clientActivityId = posted.channelData?.clientActivityID;
    const earlier = clientActivityId ? conversation.echoOf(from.id, clientActivityId) : undefined;
    if (earlier) return earlier;
    const locale = posted.locale ?? conversation.locale;
    if (!conversation.hasJoined(from.id)) await this.join(conversation, from, locale);

    const fields = postedFields(posted);
    const envelope = {
      channelId: BUILT_IN_CHANNEL_ID,
      conversation: { id: conversation.id },
      from: { id: from.id, ...(from.name ? { name: from.name } : {}), role: 'user' },
      recipient: { ...this.deps.settings.bot, role: 'bot' },
      timestamp: new Date(this.deps.now()),
      ...(locale ? { locale } : {}),
    };
    const id = await conversation.update((c) => {
      c.locale ??= posted.locale;
      const { echo, cardNumber } = redactForEcho(fields, c.cardContext, this.deps.redactionMarker?.(locale));
      if (posted.type === 'message') c.cardContext = cardNumber;
      // A copy of its own: nothing the turn does to the bot's activity can reach the echo.
      return c.append(structuredClone({ ...echo, ...envelope }));
    });

    // The bot gets the original text: its own middleware redacts it and warns the user about the leak.
    await this.runTurn(conversation, { ...fields, ...envelope, id, serviceUrl: BUILT_IN_SERVICE_URL });
    return id;
  }

  /** Tells the bot a user joined (conversationUpdate, membersAdded): the bot's welcome. */
  private async join(conversation: DirectLineConversation, user: WireAccount, locale = conversation.locale) {
    if (conversation.hasJoined(user.id)) return;
    await conversation.update((c) => c.members.add(user.id));
    this.joins += 1;
    await this.runTurn(conversation, {
      type: 'conversationUpdate',
      id: `${conversation.id}|join-${this.instance}-${this.joins}`,
      channelId: BUILT_IN_CHANNEL_ID,
      serviceUrl: BUILT_IN_SERVICE_URL,
      conversation: { id: conversation.id },
      from: { ...user, role: 'user' },
      recipient: { ...this.deps.settings.bot, role: 'bot' },
      membersAdded: [{ id: user.id, ...(user.name ? { name: user.name } : {}) }],
      timestamp: new Date(this.deps.now()),
      ...(locale ? { locale } : {}),
    });
  }

  private async runTurn(conversation: DirectLineConversation, activity: WireActivity): Promise<void> {
    await this.deps.adapter.processBuiltIn(
      activity,
      (reply) => this.storeReply(conversation, reply),
      (context) => this.deps.bot.run(context),
    );
  }

  private storeReply(conversation: DirectLineConversation, reply: Partial<Activity>): Promise<string> {
    const copy = structuredClone(reply);
    delete copy.serviceUrl;
    return conversation.update((c) =>
      c.append({
        ...copy,
        type: reply.type ?? 'message',
        channelId: BUILT_IN_CHANNEL_ID,
        conversation: { id: conversation.id },
        from: { ...this.deps.settings.bot, role: 'bot' },
        timestamp: new Date(this.deps.now()),
      }),
    );
  }

  /**
   * The token's claims when the request carries a valid one: missing or unreadable header 401, bad
   * signature or expired 403 (directlinejs treats 403 as "token expired" and stops retrying).
   */
  private authorize(req: Request, res: Response): TokenClaims | undefined {
    const header = req.header('Authorization');
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      fail(res, 401, 'Unauthorized', 'a Bearer token is required');
      return undefined;
    }
    const check = this.deps.tokens.verify(match[1]);
    if (!check.ok) {
      if (check.reason === 'expired') fail(res, 403, 'TokenExpired', 'token expired');
      else fail(res, 403, 'Forbidden', 'invalid token');
      return undefined;
    }
    return check.claims;
  }

  /** The conversation of the URL, if the token is for exactly that one (403 otherwise) and it exists (404). */
  private async conversationFor(
    req: Request,
    res: Response,
  ): Promise<{ conversation: DirectLineConversation; claims: TokenClaims } | undefined> {
    const claims = this.authorize(req, res);
    if (!claims) return undefined;
    if (claims.conversationId !== req.params.conversationId) {
      fail(res, 403, 'Forbidden', 'token is not valid for this conversation');
      return undefined;
    }
    const conversation = await this.conversationOf(claims, res, true);
    if (!conversation || !this.current(conversation, claims, res)) return undefined;
    return { conversation, claims };
  }

  /**
   * The token's conversation. One the store does not hold is brought back when the settings say so (404
   * otherwise), bound to the token's user, unless the store is full (429). `joined`: whether its users had
   * joined before, which holds for every request but a start.
   */
  private async conversationOf(
    claims: TokenClaims,
    res: Response,
    joined: boolean,
  ): Promise<DirectLineConversation | undefined> {
    const { store, settings } = this.deps;
    const found = store.get(claims.conversationId);
    if (found) {
      // Another instance may have answered since: its activities and its newest token are in the store.
      await found.refresh();
      return found;
    }
    if (!settings.resumeConversations) {
      fail(res, 404, 'NotFound', 'unknown conversation');
      return undefined;
    }
    const resumed = await store.resume(claims.conversationId, claims.userId, joined);
    if (!resumed) this.full(res);
    return resumed;
  }

  private full(res: Response): void {
    res.header('Retry-After', '60');
    fail(res, 429, 'TooManyRequests', 'too many open conversations, try again later');
  }

  private logTurnFailure(error: unknown): void {
    // The adapter's onTurnError already logged the turn's own error; this is only what escaped it.
    this.deps.log.error({ err: error }, 'Direct Line: turn failed');
  }
}
