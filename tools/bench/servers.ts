/** The two servers of the HTTP half, as child processes on loopback: the real index.ts and the echo server. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const ROOT = path.resolve(__dirname, '..', '..');

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function spawnServer(
  name: 'assistant' | 'echo',
  port: number,
  storagePath: string,
  env: Record<string, string> = {},
): ChildProcess {
  // The compiled build, as `npm start` runs it (the bench builds it first): no TypeScript compiler at start.
  const entry = path.join(
    'dist',
    name === 'assistant' ? 'index.js' : path.join('tools', 'bench', 'echoServer.js'),
  );
  return spawn(process.execPath, [entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      PORT: String(port),
      STORAGE: 'sqlite',
      STORAGE_PATH: storagePath,
      LOG_LEVEL: 'warn',
      HANDOFF_GATEWAY: 'desk',
      // The load comes from one address without credentials: lift the per-address limit for it.
      UNAUTHENTICATED_MESSAGES_PER_MINUTE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startServer(
  name: 'assistant' | 'echo',
  port: number,
  storagePath: string,
): Promise<ServerProcess> {
  const child = spawnServer(name, port, storagePath);
  const url = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (performance.now() > deadline) throw new Error(`${name} server did not start`);
    await sleep(50);
  }
  return {
    name,
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Milliseconds from starting the process to the first answered turn (a POST of a conversationUpdate that
 * returns 200 with the welcome at the receiver).
 */
export async function coldStartMs(
  port: number,
  storagePath: string,
  serviceUrl: string,
  hasReply: (conversationId: string) => boolean,
  env: Record<string, string>,
): Promise<number> {
  const started = performance.now();
  const child = spawnServer('assistant', port, storagePath, env);
  const id = `cold-${port}-${Date.now()}`;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error('the assistant exited during its cold start');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            type: 'conversationUpdate',
            id: `${id}-join`,
            channelId: 'emulator',
            serviceUrl,
            conversation: { id },
            from: { id: `user-${id}` },
            recipient: { id: 'bot' },
            membersAdded: [{ id: `user-${id}` }],
            locale: 'de-DE',
          }),
        });
        if (res.ok && hasReply(id)) return Math.round(performance.now() - started);
      } catch {
        // not listening yet
      }
      await sleep(10);
    }
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
