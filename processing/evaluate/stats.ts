/** Small statistics helpers for the evaluation (ranks, Spearman ρ, areas under curves). */

/** Average ranks (ties share their mean rank), 0-based. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && values[order[j + 1]] === values[order[i]]) j++;
    const mean = (i + j) / 2;
    for (let k = i; k <= j; k++) out[order[k]] = mean;
    i = j + 1;
  }
  return out;
}

/** Spearman rank correlation of two equally long series (NaN when either is constant). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) { ma += ra[i]; mb += rb[i]; }
  ma /= n;
  mb /= n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (ra[i] - ma) * (rb[i] - mb);
    va += (ra[i] - ma) ** 2;
    vb += (rb[i] - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

/** Area under y(x) by the trapezoid rule, divided by the x range (so a flat curve at 1 gives 1). */
export function normalisedAuc(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((y[i] + y[i - 1]) / 2) * (x[i] - x[i - 1]);
  return area / (x[x.length - 1] - x[0]);
}
