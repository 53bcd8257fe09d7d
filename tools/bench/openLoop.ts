/**
 * Open-loop load over HTTP: turns are started at a fixed offered rate whatever the server's pace (latency is
 * measured from when a turn was due, so a slow server is not hidden by a slower client), spread over
 * conversations that each walk a full flow one turn after another.
 */
import { performance } from 'node:perf_hooks';
import type { ReplyReceiver } from '../replyReceiver';
import { FAILED_REPLY, SCRIPTS, type BenchScript } from './scripts';
import { processCpuMs, processMemoryMb, summarize, type LatencySummary } from './stats';

export interface RateResult {
  offered: number;
  achieved: number;
  turns: number;
  errors: number;
  latencyMs: LatencySummary;
  cpuMsPerTurn: number;
  rssMb: number;
}

interface Walk {
  id: string;
  script: BenchScript;
  step: number;
}

let walks = 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function activityOf(walk: Walk, serviceUrl: string): Record<string, unknown> {
  const base = {
    id: `${walk.id}-${walk.step}`,
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: walk.id },
    from: { id: `user-${walk.id}`, name: 'Kundin' },
    recipient: { id: 'bot', name: 'Bot' },
    locale: walk.script.locale,
  };
  if (walk.step === 0)
    return { ...base, type: 'conversationUpdate', membersAdded: [{ id: `user-${walk.id}` }] };
  return { ...base, type: 'message', text: walk.script.lines[walk.step - 1] };
}

export async function runRate(
  messagesUrl: string,
  receiver: ReplyReceiver,
  pid: number,
  rate: number,
  seconds: number,
): Promise<RateResult> {
  const idle: Walk[] = [];
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.max(1, Math.round(rate * seconds));
  const inflight = new Set<Promise<void>>();
  const cpuBefore = processCpuMs(pid);
  const start = performance.now();
  let lastDone = start;

  const turn = async (walk: Walk, due: number) => {
    try {
      const res = await fetch(messagesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activityOf(walk, receiver.url)),
      });
      await res.arrayBuffer();
      const replies = receiver.take(walk.id).filter((a) => a.type === 'message');
      if (!res.ok || replies.length === 0 || replies.some((a) => FAILED_REPLY.test(a.text ?? '')))
        errors += 1;
    } catch {
      errors += 1;
    }
    lastDone = performance.now();
    latencies.push(lastDone - due);
    walk.step += 1;
    if (walk.step <= walk.script.lines.length) idle.push(walk);
  };

  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const walk = idle.shift() ?? { id: `load-${++walks}`, script: SCRIPTS[walks % SCRIPTS.length], step: 0 };
    const running = turn(walk, due).finally(() => inflight.delete(running));
    inflight.add(running);
  }
  await Promise.all(inflight);
  const cpu = processCpuMs(pid) - cpuBefore;
  return {
    offered: rate,
    achieved: Math.round((latencies.length / ((lastDone - start) / 1000)) * 10) / 10,
    turns: latencies.length,
    errors,
    latencyMs: summarize(latencies),
    cpuMsPerTurn: Math.round((cpu / latencies.length) * 100) / 100,
    rssMb: processMemoryMb(pid).rss,
  };
}
