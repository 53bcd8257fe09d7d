/**
 * A short run of the fuzzer (`npm run fuzz` runs longer): generated and mutated requests against the real
 * server, then a normal conversation. No crash, no 5xx.
 */
import assert from 'node:assert/strict';
import { normalConversationWorks, printReport, runFuzz } from '../../tools/fuzz';
import { ReplyReceiver } from '../../tools/replyReceiver';
import { removeTempDirs, startBot } from '../helpers/botProcess';

describe('fuzz (short run, child process)', function () {
  this.timeout(180_000);

  it('survives 1,500 generated and mutated requests with no crash and no 5xx, and a conversation still works', async () => {
    // Trusting one proxy hop lets the fuzzer speak for many addresses, so the per-address limit does not end it.
    const bot = await startBot({ env: { TRUST_PROXY_HOPS: '1', LOG_LEVEL: 'fatal' } });
    const receiver = await ReplyReceiver.start();
    try {
      const report = await runFuzz({
        baseUrl: bot.url,
        serviceUrl: receiver.url,
        requests: 1500,
        seed: 11,
        timeLimitMs: 120_000,
      });
      const alive = (await fetch(`${bot.url}/healthz`)).ok;
      const ok = await normalConversationWorks(bot.url, receiver);
      printReport(report, ok, !alive);
      assert.ok(alive, 'the process still answers');
      assert.deepEqual(report.fiveXX, []);
      assert.equal(report.noAnswer, 0);
      assert.ok((report.byClass['2xx'] ?? 0) > 200, 'enough requests reached the bot');
      assert.ok(ok, 'a normal conversation completes afterwards');
    } finally {
      await bot.stop();
      await receiver.close();
      removeTempDirs();
    }
  });
});
