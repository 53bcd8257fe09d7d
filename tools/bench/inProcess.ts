/**
 * The in-process half of the benchmark: the composed assistant (every middleware, the real dialogs, NLU and
 * the SQLite store) and the echo bot on the same store, each driven through botbuilder's TestAdapter with
 * the full flows, many conversations at a fixed concurrency.
 */
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import Database from 'better-sqlite3';
import { compose } from '../../index';
import { loadConfig } from '../../config/loadConfig';
import { createStorageEngine } from '../../storage/createStorage';
import { EchoBot } from './echoBot';
import { FAILED_REPLY, SCRIPTS, type BenchScript } from './scripts';
import { summarize, type LatencySummary } from './stats';

export interface InProcessResult {
  bot: string;
  conversations: number;
  turns: number;
  errors: number;
  turnsPerSecond: number;
  cpuMsPerTurn: number;
  latencyMs: LatencySummary;
}

interface Harness {
  name: string;
  adapter: TestAdapter;
  file: string;
  close(): Promise<void>;
}

let conversationCounter = 0;

function activity(script: BenchScript, id: string, step: number): Partial<Activity> {
  const base = {
    channelId: 'bench',
    serviceUrl: 'https://bench.invalid',
    conversation: { id, isGroup: false, conversationType: 'personal', name: '' },
    from: { id: `user-${id}`, name: 'Kundin' },
    recipient: { id: 'bot', name: 'Bot' },
    locale: script.locale,
    id: `${id}-${step}`,
  };
  if (step === 0)
    return { ...base, type: 'conversationUpdate', membersAdded: [{ id: `user-${id}`, name: 'Kundin' }] };
  return { ...base, type: 'message', text: script.lines[step - 1] };
}

export async function assistantHarness(dir: string): Promise<Harness> {
  const file = path.join(dir, 'assistant.sqlite');
  const config = loadConfig({
    STORAGE: 'sqlite',
    STORAGE_PATH: file,
    LOG_LEVEL: 'silent',
    HANDOFF_GATEWAY: 'desk',
  });
  const engine = createStorageEngine(config.storage);
  const app = await compose(config, { engine });
  const adapter = new TestAdapter(async (context: TurnContext) => app.bot.run(context));
  for (const m of app.middleware) adapter.use(m);
  adapter.onTurnError = app.onTurnError;
  return {
    name: 'assistant',
    adapter,
    file,
    close: async () => {
      await app.close();
      await engine.close();
    },
  };
}

export async function echoHarness(dir: string): Promise<Harness> {
  const file = path.join(dir, 'echo.sqlite');
  const engine = createStorageEngine({ kind: 'sqlite', path: file, timeoutMs: 5000 });
  const bot = new EchoBot(engine.storage);
  const adapter = new TestAdapter(async (context: TurnContext) => bot.run(context));
  return { name: 'echo', adapter, file, close: () => engine.close() };
}

/** Walks `conversations` full flows (alternating the scripts), `concurrency` at a time. */
export async function drive(
  harness: Harness,
  conversations: number,
  concurrency: number,
  onProgress?: (done: number) => void,
): Promise<InProcessResult> {
  const latencies: number[] = [];
  let errors = 0;
  let done = 0;
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (next < conversations) {
      const script = SCRIPTS[next++ % SCRIPTS.length];
      const id = `bench-${++conversationCounter}`;
      for (let step = 0; step <= script.lines.length; step++) {
        const queue = harness.adapter.activeQueue;
        const before = performance.now();
        try {
          await harness.adapter.processActivity(activity(script, id, step));
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - before);
        // One queue for every conversation running at once: take only this one's replies.
        const mine = queue.filter((a) => a.conversation?.id === id);
        queue.splice(0, queue.length, ...queue.filter((a) => a.conversation?.id !== id));
        const replies = mine.filter((a) => a.type === 'message');
        if (replies.length === 0 || replies.some((a) => FAILED_REPLY.test(a.text ?? ''))) errors += 1;
      }
      done += 1;
      if (onProgress && done % 50 === 0) onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    bot: harness.name,
    conversations,
    turns: latencies.length,
    errors,
    turnsPerSecond: Math.round(latencies.length / seconds),
    cpuMsPerTurn: Math.round(((cpu.user + cpu.system) / 1000 / latencies.length) * 1000) / 1000,
    latencyMs: summarize(latencies),
  };
}

/** Average bytes of one conversation's stored state (conversation and user items), from the SQLite file. */
export function stateBytesPerConversation(file: string): { conversation: number; user: number } {
  const db = new Database(file, { readonly: true });
  try {
    const avg = (like: string) =>
      Math.round(
        db
          .prepare<[string], { n: number | null }>('SELECT AVG(LENGTH(doc)) AS n FROM state WHERE key LIKE ?')
          .get(like)?.n ?? 0,
      );
    return { conversation: avg('%/conversations/%'), user: avg('%/users/%') };
  } finally {
    db.close();
  }
}
