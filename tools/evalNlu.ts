/**
 * `npm run eval:nlu`: accuracy per intent and per language on the held-out evaluation set
 * (eval/nlu/holdout, written apart from the training lines), the accuracy on the lines that do
 * not also occur in the training data, and every misrouted line. `--summary` hides the lines,
 * for whoever tunes the training data without reading the held-out set (eval/nlu/README.md).
 */
import { NlpjsRecognizer } from '../nlu/nlpjsRecognizer';
import { evaluate, percent, type LanguageReport } from './nluEvaluation';

const GOAL_OVERALL = 95;
const GOAL_PER_INTENT = 90;
const GOAL_NONE_REJECTED = 90;

const fmt = (c: number, t: number) => `${percent(c, t).toFixed(1).padStart(5)}% (${c}/${t})`;

function printReport(r: LanguageReport, showLines: boolean): void {
  console.log(`\n== ${r.language.toUpperCase()}: overall ${fmt(r.correct, r.total)}`);
  for (const [intent, b] of Object.entries(r.perIntent)) {
    const flag = percent(b.correct, b.total) < GOAL_PER_INTENT ? '  <- below goal' : '';
    console.log(`  ${intent.padEnd(22)} ${fmt(b.correct, b.total)}${flag}`);
  }
  console.log(`  out-of-scope rejected   ${fmt(r.noneRejected.correct, r.noneRejected.total)}`);
  console.log(
    `  lines not in training   ${fmt(r.unseen.correct, r.unseen.total)}; ${r.alsoInTraining} lines also occur in the training data`,
  );
  if (r.misroutes.length && showLines) {
    console.log(`  misrouted (${r.misroutes.length}):`);
    for (const m of r.misroutes) console.log(`    "${m.text}"  expected ${m.expected}, got ${m.got}`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const recognizer = await NlpjsRecognizer.train();
  const trainedMs = Date.now() - started;
  const reports = await evaluate(recognizer);
  for (const r of reports) printReport(r, !process.argv.includes('--summary'));

  const sum = (pick: (r: LanguageReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
  const correct = sum((r) => r.correct);
  const total = sum((r) => r.total);
  console.log(
    `\n== BOTH: overall ${fmt(correct, total)}; model ready in ${trainedMs} ms (trained, or loaded from node_modules/.cache)`,
  );
  console.log(
    `  lines not in training   ${fmt(
      sum((r) => r.unseen.correct),
      sum((r) => r.unseen.total),
    )}`,
  );
  const goals = [
    [`overall >= ${GOAL_OVERALL}%`, percent(correct, total) >= GOAL_OVERALL],
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
  for (const [goal, met] of goals) console.log(`  goal ${goal}: ${met ? 'met' : 'NOT met'}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
