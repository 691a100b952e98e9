/** Refuses NaN or infinite weights (as the tfjs reader does per tensor), naming the op and the element. */
import type { Op } from './model-graph';

/** Throws one sentence naming the first op whose weights hold a non-finite value. */
export function checkFiniteWeights(ops: readonly Op[], file: string): void {
  for (const op of ops) {
    const arrays: [string, Float32Array | null][] = [];
    if ('kernel' in op) arrays.push(['kernel', op.kernel], ['bias', op.bias]);
    if (op.kind === 'batchnorm') arrays.push(['gamma', op.gamma], ['beta', op.beta], ['mean', op.mean], ['variance', op.variance]);
    for (const [what, a] of arrays) {
      if (!a) continue;
      for (let i = 0; i < a.length; i++) {
        if (!Number.isFinite(a[i])) throw new Error(`${file}: the ${what} of ${op.className} '${op.name}' holds a non-finite value (${a[i]}) at element ${i}`);
      }
    }
  }
}
