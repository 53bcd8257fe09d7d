/**
 * A small multinomial logistic-regression (softmax) text classifier over character n-grams,
 * words and word pairs, trained in memory with plain SGD. It complements NLP.js's bag of
 * stems: character n-grams match inside German compounds ("Zahlungsmethode", "Rechnungskopie")
 * and across typos, and a softmax spreads probability over all classes instead of letting one
 * class own a common word. Deterministic: the shuffle uses a fixed seed.
 */

export interface NgramClassifierOptions {
  /** Passes over the training data. Default 30. */
  epochs?: number;
  /** Initial SGD step, decayed per epoch as lr / (1 + 0.1 * epoch). Default 1. */
  learningRate?: number;
  /** L2 weight decay per update. Default 1e-4. */
  l2?: number;
  /** Shortest and longest character n-gram, taken inside each word padded with < and >. Default 3..5. */
  minN?: number;
  maxN?: number;
  /** Seed of the training-order shuffle. */
  seed?: number;
}

interface SparseVector {
  indices: number[];
  value: number;
}

const FOLD: Readonly<Record<string, string>> = { ä: 'a', ö: 'o', ü: 'u', ß: 'ss' };

/**
 * The features of an already normalized text (see normalizeUserText): every word, every pair
 * of neighbouring words and every character n-gram of a word, each counted once. Umlauts are
 * folded so "ändern" and "andern" share their n-grams.
 */
export function ngramFeatures(text: string, minN = 3, maxN = 5): string[] {
  const words = text
    .toLowerCase()
    .replace(/[äöüß]/g, (match) => FOLD[match] ?? match)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  const features = new Set<string>();
  words.forEach((word, i) => {
    features.add(`w:${word}`);
    if (i > 0) features.add(`b:${words[i - 1]}_${word}`);
    const padded = `<${word}>`;
    for (let n = minN; n <= maxN; n += 1) {
      for (let start = 0; start + n <= padded.length; start += 1)
        features.add(`c:${padded.slice(start, start + n)}`);
    }
  });
  return [...features];
}

/** A linear congruential generator: enough for a reproducible shuffle. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A trained model as plain data: the features in index order, and every parameter in one Float64Array
 * (each label's weights, one label after the other, then the biases), so a cache can keep it as raw bytes.
 */
export interface NgramModelData {
  labels: string[];
  features: string[];
  parameters: Float64Array;
}

export class NgramClassifier {
  private labels: string[] = [];
  private readonly vocabulary = new Map<string, number>();
  private weights: Float64Array[] = [];
  private bias: Float64Array = new Float64Array(0);

  constructor(private readonly options: NgramClassifierOptions = {}) {}

  /** Trains on (text, label) pairs; texts should already be normalized. */
  train(examples: ReadonlyArray<readonly [string, string]>): void {
    this.labels = [...new Set(examples.map(([, label]) => label))];
    const rows = examples.map(([text]) => this.vectorize(text, true));
    const targets = examples.map(([, label]) => this.labels.indexOf(label));
    const classes = this.labels.length;
    this.weights = Array.from({ length: classes }, () => new Float64Array(this.vocabulary.size));
    this.bias = new Float64Array(classes);

    const epochs = this.options.epochs ?? 30;
    const rate = this.options.learningRate ?? 1;
    const l2 = this.options.l2 ?? 1e-4;
    const random = seededRandom(this.options.seed ?? 42);
    const order = rows.map((_, i) => i);
    const probabilities = new Float64Array(classes);
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      for (let i = order.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      const step = rate / (1 + 0.1 * epoch);
      for (const row of order) {
        const { indices, value } = rows[row];
        this.softmaxInto(rows[row], probabilities);
        for (let k = 0; k < classes; k += 1) {
          const gradient = probabilities[k] - (targets[row] === k ? 1 : 0);
          const w = this.weights[k];
          for (const index of indices) w[index] -= step * (gradient * value + l2 * w[index]);
          this.bias[k] -= step * gradient;
        }
      }
    }
  }

  /** The trained model as data (see fromData); identical predictions after a round trip. */
  toData(): NgramModelData {
    const size = this.vocabulary.size;
    const parameters = new Float64Array(this.labels.length * (size + 1));
    this.weights.forEach((w, k) => parameters.set(w, k * size));
    parameters.set(this.bias, this.labels.length * size);
    return { labels: [...this.labels], features: [...this.vocabulary.keys()], parameters };
  }

  static fromData(data: NgramModelData, options: NgramClassifierOptions = {}): NgramClassifier {
    const model = new NgramClassifier(options);
    model.labels = [...data.labels];
    data.features.forEach((feature, index) => model.vocabulary.set(feature, index));
    const size = data.features.length;
    const classes = model.labels.length;
    if (data.parameters.length !== classes * (size + 1)) {
      throw new Error('n-gram model data does not fit together');
    }
    // Views, not copies: the parameters array is the model's memory.
    model.weights = model.labels.map((_, k) => data.parameters.subarray(k * size, (k + 1) * size));
    model.bias = data.parameters.subarray(classes * size);
    return model;
  }

  /** Probability of every trained label for an already normalized text (they sum to 1). */
  predict(text: string): Record<string, number> {
    const probabilities = new Float64Array(this.labels.length);
    this.softmaxInto(this.vectorize(text, false), probabilities);
    const result: Record<string, number> = {};
    this.labels.forEach((label, k) => (result[label] = probabilities[k]));
    return result;
  }

  /**
   * Known features only (unless growing the vocabulary while training), each worth
   * 1/sqrt(all features of the text): unknown words dilute the known ones, so gibberish and
   * unrelated sentences lean on the class priors rather than on one familiar word.
   */
  private vectorize(text: string, grow: boolean): SparseVector {
    const features = ngramFeatures(text, this.options.minN, this.options.maxN);
    const indices: number[] = [];
    for (const feature of features) {
      let index = this.vocabulary.get(feature);
      if (index === undefined && grow) {
        index = this.vocabulary.size;
        this.vocabulary.set(feature, index);
      }
      if (index !== undefined) indices.push(index);
    }
    return { indices, value: features.length ? 1 / Math.sqrt(features.length) : 0 };
  }

  private softmaxInto({ indices, value }: SparseVector, out: Float64Array): void {
    let max = -Infinity;
    for (let k = 0; k < out.length; k += 1) {
      let sum = this.bias[k];
      const w = this.weights[k];
      for (const index of indices) sum += w[index] * value;
      out[k] = sum;
      if (sum > max) max = sum;
    }
    let total = 0;
    for (let k = 0; k < out.length; k += 1) {
      out[k] = Math.exp(out[k] - max);
      total += out[k];
    }
    for (let k = 0; k < out.length; k += 1) out[k] /= total;
  }
}
