import assert from 'node:assert/strict';
import { NlpjsRecognizer } from '../../nlu/nlpjsRecognizer';
import { evaluate, percent } from '../../tools/nluEvaluation';

/** The held-out evaluation set (eval/nlu/holdout, written apart from the training lines) must stay above the floor. */
describe('NLU evaluation set', () => {
  it('routes at least 90% of the held-out lines correctly (both languages together)', async () => {
    const reports = await evaluate(await NlpjsRecognizer.train());
    const total = reports.reduce((n, r) => n + r.total, 0);
    const correct = reports.reduce((n, r) => n + r.correct, 0);
    assert.ok(total >= 2 * 16 * 25, `the set has at least 25 lines per intent per language (${total})`);
    const overall = percent(correct, total);
    assert.ok(overall >= 90, `overall accuracy ${overall.toFixed(1)}% is below 90%`);
  });
});
