/**
 * Chat with the running bot from a terminal: `npm run chat -- --lang en --url http://host:3978/api/messages`
 * (without --url: BOT_URL, else localhost on PORT, as `npm start` reads it, else 3978).
 * The bot replies to a serviceUrl, so this starts a local reply receiver and uses its URL as the
 * channel's service URL. Reads stdin line by line, so a script can pipe a conversation in.
 */
import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { ReplyReceiver } from './replyReceiver';
import 'dotenv/config';
import { Translations, type Translator } from '../i18n/translator';
import { numbered, renderActivities, wrapLine, type Option, type OptionPayload } from './renderActivity';

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
  const port = env.PORT || '3978';
  if (!/^\d{1,5}$/.test(port)) throw new Error(`PORT must be a port number, not "${port}"`);
  const url = values.url ?? (env.BOT_URL || `http://localhost:${port}/api/messages`);
  if (!URL.canParse(url)) throw new Error(`--url is not a URL: "${url}"`);
  return { url, lang, channel: values.channel ?? 'terminal' };
}

export class TerminalChat {
  private readonly conversationId = `terminal-${randomUUID()}`;
  private readonly user = { id: `user-${randomUUID()}`, name: 'You' };
  private readonly bot = { id: 'payment-assistant', name: 'Bot' };
  private options: Option[] = [];

  private readonly tr: Translator;

  constructor(
    private readonly chat: ChatOptions,
    private readonly receiver: ReplyReceiver,
    private readonly print: (line: string) => void,
    /** The terminal's width: lines are broken at spaces to fit; none (piped output): not broken. */
    private readonly width?: number,
    translations = new Translations(),
  ) {
    this.tr = translations.for(chat.lang);
  }

  /** What the person types after: "Sie: ", "You: ". */
  get prompt(): string {
    return `${this.tr.t('terminal.you')}: `;
  }

  /** A line as the terminal shows it: broken at spaces to fit, continued under the text. */
  private show(text: string, indent: string): void {
    this.print(this.width ? wrapLine(text, this.width, indent) : text.replace(/\n/g, `\n${indent}`));
  }

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
      this.show(this.tr.t('terminal.unreachable', { url: this.chat.url, cause }), '');
      return false;
    }
    // The bot replies during the POST, so every reply of this turn has arrived by now.
    const rendered = renderActivities(this.receiver.take(this.conversationId), (name) =>
      name === 'handoff.initiate' ? this.tr.t('terminal.handoff') : this.tr.t('terminal.event', { name }),
    );
    const label = `${this.tr.t('terminal.bot')}: `;
    const indent = ' '.repeat(label.length);
    for (const line of rendered.lines) this.show(`${label}${line}`, indent);
    if (rendered.options.length) this.show(`${indent}${numbered(rendered.options)}`, indent);
    this.options = rendered.options;
    if (status >= 300) this.show(this.tr.t('terminal.httpError', { status, body }), '');
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
  const interactive = Boolean(process.stdin.isTTY);
  const width = process.stdout.isTTY ? process.stdout.columns : undefined;
  const translations = new Translations();
  const chat = new TerminalChat(options, receiver, print, width, translations);
  const intro = translations.for(options.lang).t('terminal.intro', { url: options.url });
  print(width ? wrapLine(intro, width) : intro);
  try {
    if (!(await chat.start())) return 1;
    const rl = readline.createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: interactive,
    });
    rl.on('SIGINT', () => rl.close());
    rl.setPrompt(chat.prompt);
    if (interactive) rl.prompt();
    // for-await reads one line at a time, so piped lines wait for the previous turn.
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === '/quit') break;
      if (!interactive && line) print(`${chat.prompt}${line}`);
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
