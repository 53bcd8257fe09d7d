/**
 * Chat with the running bot from a terminal: `npm run chat -- --lang en --url http://host:3978/api/messages`.
 * The bot replies to a serviceUrl, so this starts a local reply receiver and uses its URL as the
 * channel's service URL. Reads stdin line by line, so a script can pipe a conversation in.
 */
import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { ReplyReceiver } from './replyReceiver';
import { numbered, renderActivities, type Option, type OptionPayload } from './renderActivity';

const LOCALES = { de: 'de-DE', en: 'en-US' } as const;
type Lang = keyof typeof LOCALES;

export interface ChatOptions {
  url: string;
  lang: Lang;
  /** 'terminal' gets text; a card channel such as 'emulator' or 'webchat' gets the Adaptive Cards. */
  channel: string;
}

const USAGE =
  'Usage: npm run chat -- [--lang de|en] [--url http://localhost:3978/api/messages] [--channel terminal]';

export function parseChatArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ChatOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      lang: { type: 'string', default: 'de' },
      url: { type: 'string' },
      channel: { type: 'string', default: 'terminal' },
    },
    strict: true,
  });
  const lang = values.lang ?? 'de';
  if (lang !== 'de' && lang !== 'en') throw new Error(`--lang must be de or en, not "${lang}"`);
  const url = values.url ?? (env.BOT_URL || 'http://localhost:3978/api/messages');
  if (!URL.canParse(url)) throw new Error(`--url is not a URL: "${url}"`);
  return { url, lang, channel: values.channel ?? 'terminal' };
}

export class TerminalChat {
  private readonly conversationId = `terminal-${randomUUID()}`;
  private readonly user = { id: `user-${randomUUID()}`, name: 'You' };
  private readonly bot = { id: 'payment-assistant', name: 'Bot' };
  private options: Option[] = [];

  constructor(
    private readonly chat: ChatOptions,
    private readonly receiver: ReplyReceiver,
    private readonly print: (line: string) => void,
  ) {}

  /** Sends the join, so the bot greets; false when the bot can't be reached. */
  start(): Promise<boolean> {
    return this.post({ type: 'conversationUpdate', membersAdded: [this.user] });
  }

  /** A typed line: a number picks an offered option, anything else is sent as text. */
  async input(line: string): Promise<void> {
    const picked = /^\d+$/.test(line) ? this.options[Number(line) - 1] : undefined;
    const payload: OptionPayload = picked ? picked.payload : { text: line };
    if (picked) this.print(`(${picked.label})`);
    await this.post({ type: 'message', ...payload });
  }

  private async post(partial: Record<string, unknown>): Promise<boolean> {
    const activity = {
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: this.chat.channel,
      serviceUrl: this.receiver.url,
      conversation: { id: this.conversationId },
      from: this.user,
      recipient: this.bot,
      locale: LOCALES[this.chat.lang],
      ...partial,
    };
    let status: number;
    let body: string;
    try {
      const res = await fetch(this.chat.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
      });
      status = res.status;
      body = await res.text();
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      this.print(`[cannot reach the bot at ${this.chat.url}: ${cause}]`);
      return false;
    }
    // The bot replies during the POST, so every reply of this turn has arrived by now.
    const rendered = renderActivities(this.receiver.take(this.conversationId));
    for (const line of rendered.lines) this.print(`Bot: ${line.replace(/\n/g, '\n     ')}`);
    if (rendered.options.length) this.print(`     ${numbered(rendered.options)}`);
    this.options = rendered.options;
    if (status >= 300) this.print(`[bot answered HTTP ${status}: ${body}]`);
    return true;
  }
}

async function main(): Promise<number> {
  let options: ChatOptions;
  try {
    options = parseChatArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const receiver = await ReplyReceiver.start();
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const chat = new TerminalChat(options, receiver, print);
  const interactive = Boolean(process.stdin.isTTY);
  print(`Chatting with ${options.url} (${options.lang}). A number picks an option; /quit leaves.`);
  try {
    if (!(await chat.start())) return 1;
    const rl = readline.createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: interactive,
    });
    rl.on('SIGINT', () => rl.close());
    rl.setPrompt('You: ');
    if (interactive) rl.prompt();
    // for-await reads one line at a time, so piped lines wait for the previous turn.
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === '/quit') break;
      if (!interactive && line) print(`You: ${line}`);
      if (line) await chat.input(line);
      if (interactive) rl.prompt();
    }
    rl.close();
    return 0;
  } finally {
    await receiver.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
