/** Confusion matrix, per-class accuracy and the misclassified samples of one pair of classes. */

export interface Confusion {
  classCount: number;
  /** C × C counts, row = true class, column = predicted class. */
  matrix: Uint32Array;
  /** Samples per true class. */
  counts: Uint32Array;
  /** Correctly classified samples per true class (the diagonal). */
  correct: Uint32Array;
  /** Correct / all samples. */
  overall: number;
}

/** Counts labels against predictions; labels and predictions must lie in [0, C). */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, C: number): Confusion {
  if (labels.length !== predicted.length) throw new Error(`${labels.length} labels but ${predicted.length} predictions`);
  const matrix = new Uint32Array(C * C);
  const counts = new Uint32Array(C);
  const correct = new Uint32Array(C);
  let hits = 0;
  for (let s = 0; s < labels.length; s++) {
    const t = labels[s];
    const p = predicted[s];
    if (!(t >= 0 && t < C && p >= 0 && p < C)) throw new Error(`sample ${s}: class ${t} → ${p} is outside the model's ${C} classes`);
    matrix[t * C + p]++;
    counts[t]++;
    if (t === p) { correct[t]++; hits++; }
  }
  return { classCount: C, matrix, counts, correct, overall: labels.length ? hits / labels.length : 0 };
}

/** Accuracy per true class (0 for a class without samples). */
export function perClassAccuracy(conf: Confusion): number[] {
  return Array.from(conf.counts, (n, c) => (n ? conf.correct[c] / n : 0));
}

/** Overall and per-class accuracy: what the pruning curves record per fraction. */
export function scorePredictions(labels: ArrayLike<number>, predicted: ArrayLike<number>, C: number): { overall: number; perClass: number[] } {
  const conf = confusionMatrix(labels, predicted, C);
  return { overall: conf.overall, perClass: perClassAccuracy(conf) };
}

/** Indices of the samples of true class `t` predicted as `p`, in data order. */
export function samplesOf(labels: ArrayLike<number>, predicted: ArrayLike<number>, t: number, p: number): Uint32Array {
  const out: number[] = [];
  for (let s = 0; s < labels.length; s++) if (labels[s] === t && predicted[s] === p) out.push(s);
  return Uint32Array.from(out);
}

/** The errors only: the matrix with its diagonal zeroed, as rows (what the chord diagram draws). */
export function errorRows(conf: Confusion): number[][] {
  const C = conf.classCount;
  return Array.from({ length: C }, (_, t) => Array.from({ length: C }, (_, p) => (t === p ? 0 : conf.matrix[t * C + p])));
}
