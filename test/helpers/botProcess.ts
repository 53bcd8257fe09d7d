/**
 * The real server (index.ts) as a child process, for tests that need HTTP, a restart or a crash.
 * State goes to a SQLite file the caller can reuse for the next process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
const START_TIMEOUT_MS = 30_000;

export interface BotProcessOptions {
  /** Reuse a state file (e.g. after a restart); default: a new one in a new temp dir. */
  storagePath?: string;
  defaultLocale?: 'de' | 'en';
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
  /**
   * The port to listen on; default: a free one. Pass the port of a stopped process to restart on the same
   * origin (a browser page reloaded after the restart must reach the same URL).
   */
  port?: number;
}

export interface BotProcess {
  /** e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly messagesUrl: string;
  readonly storagePath: string;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the exit code (null when killed by a signal); SIGKILL simulates a crash. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const tempDirs: string[] = [];

export function tempDir(prefix = 'payment-bot-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes every temp dir made so far; call after the processes using them have stopped. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Runs index.ts with ts-node, the way `npm start` runs the build. */
export function spawnIndex(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'index.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a child's output and resolves when it exits. */
export function watch(child: ChildProcess): {
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
} {
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { stdout: () => out, stderr: () => err, exited };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function startBot(options: BotProcessOptions = {}): Promise<BotProcess> {
  const port = options.port ?? (await freePort());
  const storagePath = options.storagePath ?? path.join(tempDir(), 'state.sqlite');
  const child = spawnIndex({
    // Empty credentials: local unauthenticated traffic, whatever a developer's .env says.
    MicrosoftAppId: '',
    MicrosoftAppPassword: '',
    PORT: String(port),
    STORAGE: 'sqlite',
    STORAGE_PATH: storagePath,
    DEFAULT_LOCALE: options.defaultLocale ?? 'de',
    // The handoff.initiate event shows what an agent would get; the desk's own tests ask for the desk.
    HANDOFF_GATEWAY: 'protocol',
    ...options.env,
  });
  const output = watch(child);
  let exitCode: number | null | undefined;
  void output.exited.then((code) => (exitCode = code));
  const url = `http://127.0.0.1:${port}`;

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (exitCode === undefined) child.kill(signal);
    return output.exited;
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!(await healthy(url))) {
    if (exitCode !== undefined || Date.now() > deadline) {
      await stop('SIGKILL');
      throw new Error(
        `bot did not become healthy (exit code ${String(exitCode)})\nstdout:\n${output.stdout()}\nstderr:\n${output.stderr()}`,
      );
    }
    await sleep(100);
  }
  return {
    url,
    messagesUrl: `${url}/api/messages`,
    storagePath,
    stdout: output.stdout,
    stderr: output.stderr,
    stop,
  };
}
