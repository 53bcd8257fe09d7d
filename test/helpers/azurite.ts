/**
 * Azure Blob Storage for the tests: Azurite (the `azurite` npm package), loopback only. `.ci/run` starts one
 * on 127.0.0.1:10000; when none answers there (a developer's machine), the tests start their own on a free
 * port and stop it when the test process ends. Each test uses containers of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { freePort, REPO_ROOT, tempDir } from './botProcess';

/** Azurite's documented development account (public, the same on every machine: not a secret). */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function connectionStringFor(port: number): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Azurite {
  port: number;
  connectionString: string;
  /** Only for an Azurite this process started (outage tests). */
  stop(): Promise<void>;
  start(): Promise<void>;
}

const started: ChildProcess[] = [];
process.once('exit', () => {
  for (const child of started) child.kill('SIGKILL');
});

/** Starts Azurite on `port` with its data in `location`; resolves once it accepts connections. */
export async function startAzurite(port: number, location = tempDir('azurite-')): Promise<Azurite> {
  let child: ChildProcess | undefined;
  const azurite: Azurite = {
    port,
    connectionString: connectionStringFor(port),
    async start() {
      child = spawn(
        process.execPath,
        [
          path.join(REPO_ROOT, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js'),
          '--silent',
          '--disableTelemetry',
          '--skipApiVersionCheck',
          '--location',
          location,
          '--blobHost',
          '127.0.0.1',
          '--blobPort',
          String(port),
        ],
        { stdio: 'ignore' },
      );
      started.push(child);
      // It must not keep the test run alive: mocha ends when the tests do, and the exit handler stops it.
      child.unref();
      const deadline = Date.now() + 20_000;
      while (!(await answers(port))) {
        if (Date.now() > deadline) throw new Error(`Azurite did not start on port ${port}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        // SIGTERM: Azurite writes its data out first, as a store that comes back after an outage would have it.
        running.kill('SIGTERM');
      });
      while (await answers(port)) await new Promise((resolve) => setTimeout(resolve, 50));
    },
  };
  await azurite.start();
  return azurite;
}

let shared: Promise<string> | undefined;

/** A connection string to a running Azurite: CI's on port 10000, or one started for this test run. */
export function azuriteConnectionString(): Promise<string> {
  shared ??= (async () => {
    if (await answers(10000)) return connectionStringFor(10000);
    return (await startAzurite(await freePort())).connectionString;
  })();
  return shared;
}

/** Container names of their own for one test (Azure: lower-case letters, digits, hyphens). */
export function uniqueContainers(): { stateContainer: string; transcriptsContainer: string } {
  const id = randomBytes(6).toString('hex');
  return { stateContainer: `state-${id}`, transcriptsContainer: `transcripts-${id}` };
}
