/**
 * Per-sample 2-D kernels on channels-last typed arrays (H × W × C), forward and backward, no allocation:
 * convolution, depthwise convolution and max/average pooling with tfjs's `same`/`valid` padding rules.
 * Zero inputs are skipped in the convolutions (feature maps after ReLU are mostly zeros), and output
 * positions without gradient in their backward passes.
 */
import { padBefore, type Window2d } from '../model/model-graph';

/** Geometry of one windowed op: input H × W × C, output Ho × Wo × Co, window and top/left padding. */
export interface ConvGeometry {
  H: number; W: number; C: number;
  Ho: number; Wo: number; Co: number;
  w: Window2d;
  padTop: number; padLeft: number;
}

/** The geometry of an op with input shape `inShape` and output shape `outShape`. */
export function geometry(inShape: number[], outShape: number[], w: Window2d): ConvGeometry {
  return {
    H: inShape[0], W: inShape[1], C: inShape[2], Ho: outShape[0], Wo: outShape[1], Co: outShape[2], w,
    padTop: padBefore(inShape[0], w.kh, w.strideY, w.dilationY, w.padding),
    padLeft: padBefore(inShape[1], w.kw, w.strideX, w.dilationX, w.padding),
  };
}

/** out = conv(x, K) + bias; K is [kh, kw, C, Co]. */
export function convForward(g: ConvGeometry, x: Float32Array, K: Float32Array, bias: Float32Array | null, out: Float32Array): void {
  const { H, W, C, Ho, Wo, Co, w } = g;
  for (let oy = 0; oy < Ho; oy++) {
    for (let ox = 0; ox < Wo; ox++) {
      const o = (oy * Wo + ox) * Co;
      if (bias) for (let co = 0; co < Co; co++) out[o + co] = bias[co];
      else out.fill(0, o, o + Co);
      for (let ky = 0; ky < w.kh; ky++) {
        const iy = oy * w.strideY - g.padTop + ky * w.dilationY;
        if (iy < 0 || iy >= H) continue;
        for (let kx = 0; kx < w.kw; kx++) {
          const ix = ox * w.strideX - g.padLeft + kx * w.dilationX;
          if (ix < 0 || ix >= W) continue;
          const xb = (iy * W + ix) * C;
          const kb = (ky * w.kw + kx) * C * Co;
          for (let ci = 0; ci < C; ci++) {
            const v = x[xb + ci];
            if (v === 0) continue;
            const kr = kb + ci * Co;
            for (let co = 0; co < Co; co++) out[o + co] += v * K[kr + co];
          }
        }
      }
    }
  }
}

/** dx += ∂/∂x, and (when given) dK += ∂/∂K, dBias += ∂/∂bias of conv for upstream gradient dy. */
export function convBackward(g: ConvGeometry, x: Float32Array, K: Float32Array, dy: Float32Array, dx: Float32Array | null, dK: Float32Array | null, dBias: Float32Array | null): void {
  const { H, W, C, Ho, Wo, Co, w } = g;
  for (let oy = 0; oy < Ho; oy++) {
    for (let ox = 0; ox < Wo; ox++) {
      const o = (oy * Wo + ox) * Co;
      // A position without gradient (a ReLU that was off, a pool's non-maximum) adds nothing anywhere.
      let any = false;
      for (let co = 0; co < Co && !any; co++) any = dy[o + co] !== 0;
      if (!any) continue;
      if (dBias) for (let co = 0; co < Co; co++) dBias[co] += dy[o + co];
      for (let ky = 0; ky < w.kh; ky++) {
        const iy = oy * w.strideY - g.padTop + ky * w.dilationY;
        if (iy < 0 || iy >= H) continue;
        for (let kx = 0; kx < w.kw; kx++) {
          const ix = ox * w.strideX - g.padLeft + kx * w.dilationX;
          if (ix < 0 || ix >= W) continue;
          const xb = (iy * W + ix) * C;
          const kb = (ky * w.kw + kx) * C * Co;
          for (let ci = 0; ci < C; ci++) {
            const kr = kb + ci * Co;
            if (dx) {
              let sum = 0;
              for (let co = 0; co < Co; co++) sum += dy[o + co] * K[kr + co];
              dx[xb + ci] += sum;
            }
            if (dK) {
              const v = x[xb + ci];
              if (v !== 0) for (let co = 0; co < Co; co++) dK[kr + co] += v * dy[o + co];
            }
          }
        }
      }
    }
  }
}

/** Depthwise: output channel c·M + m = Σ x[·, c] · K[ky, kx, c, m] (+ bias). */
export function depthwiseForward(g: ConvGeometry, M: number, x: Float32Array, K: Float32Array, bias: Float32Array | null, out: Float32Array): void {
  const { H, W, C, Ho, Wo, Co, w } = g;
  for (let oy = 0; oy < Ho; oy++) {
    for (let ox = 0; ox < Wo; ox++) {
      const o = (oy * Wo + ox) * Co;
      if (bias) for (let co = 0; co < Co; co++) out[o + co] = bias[co];
      else out.fill(0, o, o + Co);
      for (let ky = 0; ky < w.kh; ky++) {
        const iy = oy * w.strideY - g.padTop + ky * w.dilationY;
        if (iy < 0 || iy >= H) continue;
        for (let kx = 0; kx < w.kw; kx++) {
          const ix = ox * w.strideX - g.padLeft + kx * w.dilationX;
          if (ix < 0 || ix >= W) continue;
          const xb = (iy * W + ix) * C;
          const kb = (ky * w.kw + kx) * C * M;
          // Multiplier 1 (the common case) without the inner loop: about twice as fast in V8.
          if (M === 1) {
            for (let c = 0; c < C; c++) out[o + c] += x[xb + c] * K[kb + c];
            continue;
          }
          for (let c = 0; c < C; c++) {
            const v = x[xb + c];
            for (let m = 0; m < M; m++) out[o + c * M + m] += v * K[kb + c * M + m];
          }
        }
      }
    }
  }
}

/** Backward of depthwiseForward (dx, dK, dBias accumulate; any may be null). */
export function depthwiseBackward(g: ConvGeometry, M: number, x: Float32Array, K: Float32Array, dy: Float32Array, dx: Float32Array | null, dK: Float32Array | null, dBias: Float32Array | null): void {
  const { H, W, C, Ho, Wo, Co, w } = g;
  for (let oy = 0; oy < Ho; oy++) {
    for (let ox = 0; ox < Wo; ox++) {
      const o = (oy * Wo + ox) * Co;
      if (dBias) for (let co = 0; co < Co; co++) dBias[co] += dy[o + co];
      for (let ky = 0; ky < w.kh; ky++) {
        const iy = oy * w.strideY - g.padTop + ky * w.dilationY;
        if (iy < 0 || iy >= H) continue;
        for (let kx = 0; kx < w.kw; kx++) {
          const ix = ox * w.strideX - g.padLeft + kx * w.dilationX;
          if (ix < 0 || ix >= W) continue;
          const xb = (iy * W + ix) * C;
          const kb = (ky * w.kw + kx) * C * M;
          for (let c = 0; c < C; c++) {
            for (let m = 0; m < M; m++) {
              const d = dy[o + c * M + m];
              if (dx) dx[xb + c] += d * K[kb + c * M + m];
              if (dK) dK[kb + c * M + m] += d * x[xb + c];
            }
          }
        }
      }
    }
  }
}

/** Max or average pooling; padded cells are left out of both (as tfjs does). `arg` records each max's input index. */
export function poolForward(g: ConvGeometry, max: boolean, x: Float32Array, out: Float32Array, arg: Int32Array | null): void {
  const { H, W, C, Ho, Wo, w } = g;
  for (let oy = 0; oy < Ho; oy++) {
    for (let ox = 0; ox < Wo; ox++) {
      const o = (oy * Wo + ox) * C;
      for (let c = 0; c < C; c++) {
        let best = -Infinity;
        let at = -1;
        let sum = 0;
        let count = 0;
        for (let ky = 0; ky < w.kh; ky++) {
          const iy = oy * w.strideY - g.padTop + ky * w.dilationY;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < w.kw; kx++) {
            const ix = ox * w.strideX - g.padLeft + kx * w.dilationX;
            if (ix < 0 || ix >= W) continue;
            const i = (iy * W + ix) * C + c;
            const v = x[i];
            sum += v;
            count++;
            if (v > best) { best = v; at = i; }
          }
        }
        out[o + c] = max ? best : sum / Math.max(1, count);
        if (arg) arg[o + c] = at;
      }
    }
  }
}

/** dx += pooling backward: to the recorded max (`arg`) or spread evenly over the window's valid cells. */
export function poolBackward(g: ConvGeometry, max: boolean, dy: Float32Array, dx: Float32Array, arg: Int32Array | null): void {
  const { H, W, C, Ho, Wo, w } = g;
  for (let oy = 0; oy < Ho; oy++) {
    for (let ox = 0; ox < Wo; ox++) {
      const o = (oy * Wo + ox) * C;
      if (max) {
        for (let c = 0; c < C; c++) if (arg![o + c] >= 0) dx[arg![o + c]] += dy[o + c];
        continue;
      }
      let count = 0;
      for (let ky = 0; ky < w.kh; ky++) {
        const iy = oy * w.strideY - g.padTop + ky * w.dilationY;
        if (iy < 0 || iy >= H) continue;
        for (let kx = 0; kx < w.kw; kx++) {
          const ix = ox * w.strideX - g.padLeft + kx * w.dilationX;
          if (ix >= 0 && ix < W) count++;
        }
      }
      for (let ky = 0; ky < w.kh; ky++) {
        const iy = oy * w.strideY - g.padTop + ky * w.dilationY;
        if (iy < 0 || iy >= H) continue;
        for (let kx = 0; kx < w.kw; kx++) {
          const ix = ox * w.strideX - g.padLeft + kx * w.dilationX;
          if (ix < 0 || ix >= W) continue;
          const xb = (iy * W + ix) * C;
          for (let c = 0; c < C; c++) dx[xb + c] += dy[o + c] / count;
        }
      }
    }
  }
}
