/**
 * `npm run eval:nlu`: accuracy per intent and per language on the held-out evaluation set
 * (eval/nlu/*.json, written apart from the training lines), plus every misrouted line.
 */
import { NlpjsRecognizer } from '../nlu/nlpjsRecognizer';
import { evaluate, percent } from './nluEvaluation';

const GOAL_OVERALL = 95;
const GOAL_PER_INTENT = 90;
const GOAL_NONE_REJECTED = 90;

async function main(): Promise<void> {
  const started = Date.now();
  const recognizer = await NlpjsRecognizer.train();
  const trainedMs = Date.now() - started;
  const reports = await evaluate(recognizer);
  const fmt = (c: number, t: number) => `${percent(c, t).toFixed(1).padStart(5)}% (${c}/${t})`;

  let all = 0;
  let allCorrect = 0;
  for (const r of reports) {
    all += r.total;
    allCorrect += r.correct;
    console.log(`\n== ${r.language.toUpperCase()}: overall ${fmt(r.correct, r.total)}`);
    for (const [intent, b] of Object.entries(r.perIntent)) {
      const flag = percent(b.correct, b.total) < GOAL_PER_INTENT ? '  <- below goal' : '';
      console.log(`  ${intent.padEnd(22)} ${fmt(b.correct, b.total)}${flag}`);
    }
    console.log(`  out-of-scope rejected   ${fmt(r.noneRejected.correct, r.noneRejected.total)}`);
    // --summary hides the lines, for whoever tunes training data without seeing the held-out set.
    if (r.misroutes.length && !process.argv.includes('--summary')) {
      console.log(`  misrouted (${r.misroutes.length}):`);
      for (const m of r.misroutes) console.log(`    "${m.text}"  expected ${m.expected}, got ${m.got}`);
    }
  }
  const overall = percent(allCorrect, all);
  const goals = [
    [`overall >= ${GOAL_OVERALL}%`, overall >= GOAL_OVERALL],
    [
      `every intent >= ${GOAL_PER_INTENT}%`,
      reports.every((r) =>
        Object.values(r.perIntent).every((b) => percent(b.correct, b.total) >= GOAL_PER_INTENT),
      ),
    ],
    [
      `out-of-scope rejected >= ${GOAL_NONE_REJECTED}%`,
      reports.every((r) => percent(r.noneRejected.correct, r.noneRejected.total) >= GOAL_NONE_REJECTED),
    ],
  ] as const;
  console.log(`\n== BOTH: overall ${fmt(allCorrect, all)}; model trained in ${trainedMs} ms`);
  for (const [goal, met] of goals) console.log(`  goal ${goal}: ${met ? 'met' : 'NOT met'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
