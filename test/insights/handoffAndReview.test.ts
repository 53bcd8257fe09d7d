import assert from 'node:assert/strict';
import { hash } from '@node-rs/argon2';
import type { Language } from '../../domain/language';
import { lineId } from '../../insights/missedLines';
import { loadUtterances, NlpjsRecognizer } from '../../nlu/nlpjsRecognizer';
import { createTestBot, type TestBot } from '../helpers/testBot';
import { conversation, reachCountryQuestion } from '../helpers/scripts';

const AGENT = { username: 'anna', displayName: 'Anna Schmidt', languages: ['de', 'en'] as Language[] };

async function deskBot(now: () => number): Promise<TestBot> {
  const passwordHash = await hash('correct horse battery', { algorithm: 2 });
  return createTestBot(
    {
      HANDOFF_GATEWAY: 'desk',
      AGENT_ACCOUNTS: JSON.stringify([{ ...AGENT, passwordHash }]),
      HANDOFF_TIMEOUT_SECONDS: '120',
    },
    { now },
  );
}

describe('insights: handoffs through the desk', () => {
  it('de: an accepted handoff records its waiting time, an unanswered one is missed', async () => {
    // The case's request time is the real clock's; the desk's clock moves on from it.
    let t = Date.now();
    const bot = await deskBot(() => t);
    const ref = async (lang: Language) => {
      const c = conversation(bot, lang);
      await reachCountryQuestion(c, lang, 'online');
      const reply = await c.says(lang === 'de' ? 'Mitarbeiter' : 'agent');
      return /GTM-[2-9A-Z]{6}/.exec(reply.text)![0];
    };
    const first = await ref('de');
    t += 45_000;
    await bot.app.desk!.accept(first, AGENT);
    await ref('en');
    t += 121_000;
    await bot.app.desk!.sweep();

    const report = await bot.app.insights.report({ days: 7 });
    const { accepted, missed, medianWaitSeconds } = report.handoff;
    assert.deepEqual({ accepted, missed }, { accepted: 1, missed: 1 });
    assert.ok(Math.abs(medianWaitSeconds! - 45) <= 1, `waited ${medianWaitSeconds} s`);
    assert.deepEqual(report.escalationReasons, [{ reason: 'userRequested', count: 2 }]);
  });
});

describe('insights: from a missed line to a training line', () => {
  it('en: a supervisor labels a line the assistant missed; the export trains the next model on it', async () => {
    const bot = await createTestBot();
    const line = 'thnks';
    const c = conversation(bot, 'en');
    await c.says(line);
    const [group] = await bot.app.insights.reviewGroups('en');
    assert.equal(group.lines[0].text, line);
    assert.ok(group.lines[0].kinds.every((k) => k === 'notUnderstood' || k === 'clarified'));

    await bot.app.insights.missedLines.label(group.lines[0].id, 'thanks', 'lena');
    const exported = await bot.app.insights.utterances('en');
    assert.deepEqual(exported, { thanks: [line] });
    assert.equal((await bot.app.insights.reviewGroups('en'))[0].lines[0].label, 'thanks');

    // The export has the shape of locales/en/utterances.json: merged in, the next training knows the line.
    const training = loadUtterances();
    assert.ok(
      Object.keys(exported).every((intent) => intent in training.en),
      'only known intents',
    );
    for (const [intent, lines] of Object.entries(exported)) training.en[intent].push(...lines);
    const model = await NlpjsRecognizer.train({ utterances: training });
    assert.equal((await model.recognize(line, 'en')).intent, 'thanks');
  });

  it('de: similar lines are one group; "out of scope" exports as none; a cleared label exports nothing', async () => {
    const bot = await createTestBot();
    for (const text of [
      'wie koche ich spaghetti',
      'wie koche ich spaghetti richtig',
      'wetter morgen in berlin',
    ]) {
      await conversation(bot, 'de').says(text);
    }
    const groups = await bot.app.insights.reviewGroups('de');
    assert.deepEqual(
      groups.map((g) => g.lines.map((l) => l.text)),
      [['wie koche ich spaghetti', 'wie koche ich spaghetti richtig'], ['wetter morgen in berlin']],
    );
    const id = lineId({ language: 'de', text: 'wetter morgen in berlin' });
    await bot.app.insights.missedLines.label(id, 'none', 'lena');
    assert.deepEqual(await bot.app.insights.utterances('de'), { none: ['wetter morgen in berlin'] });
    await bot.app.insights.missedLines.label(id, undefined, 'lena');
    assert.deepEqual(await bot.app.insights.utterances('de'), {});
  });

  it('de: "Meine Daten löschen" also removes the lines of that conversation kept for review', async () => {
    const bot = await createTestBot();
    const c = conversation(bot, 'de');
    await c.says('mein hamster heißt Erwin Lindemann');
    assert.equal((await bot.app.insights.reviewGroups('de')).length, 1);
    await c.says('Meine Daten löschen');
    await c.says('Ja, alles löschen');
    assert.deepEqual(await bot.app.insights.reviewGroups('de'), []);
  });
});
