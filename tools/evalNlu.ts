/**
 * `npm run eval:nlu`: accuracy per intent and per language, plus every misrouted line, on the
 * held-out evaluation set (eval/nlu/holdout, written apart from the training lines; the goals
 * are judged on it), then on the development set (eval/nlu/dev, whose misroutes have been
 * studied, so its figures are optimistic). `--summary` hides the lines, for whoever tunes the
 * training data without reading the held-out set.
 */
import { NlpjsRecognizer } from '../nlu/nlpjsRecognizer';
import { EVAL_SETS, evalDir, evaluate, percent, type EvalSet, type LanguageReport } from './nluEvaluation';

const GOAL_OVERALL = 95;
const GOAL_PER_INTENT = 90;
const GOAL_NONE_REJECTED = 90;

const fmt = (c: number, t: number) => `${percent(c, t).toFixed(1).padStart(5)}% (${c}/${t})`;

function printReport(set: EvalSet, r: LanguageReport, showLines: boolean): void {
  console.log(`\n== ${set} ${r.language.toUpperCase()}: overall ${fmt(r.correct, r.total)}`);
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

function printGoals(reports: LanguageReport[]): void {
  const correct = reports.reduce((n, r) => n + r.correct, 0);
  const total = reports.reduce((n, r) => n + r.total, 0);
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

async function main(): Promise<void> {
  const started = Date.now();
  const recognizer = await NlpjsRecognizer.train();
  console.log(`model trained in ${Date.now() - started} ms`);
  const showLines = !process.argv.includes('--summary');
  for (const set of EVAL_SETS) {
    const reports = await evaluate(recognizer, evalDir(set));
    for (const r of reports) printReport(set, r, showLines);
    const correct = reports.reduce((n, r) => n + r.correct, 0);
    const total = reports.reduce((n, r) => n + r.total, 0);
    const note = set === 'holdout' ? ' (the goals are judged here)' : ' (studied while tuning: optimistic)';
    console.log(`\n== ${set} BOTH: overall ${fmt(correct, total)}${note}`);
    if (set === 'holdout') printGoals(reports);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
