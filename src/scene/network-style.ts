/**
 * How a network is painted (nn_vis §3.4), as plain per-node arrays (no Babylon, tested in Node):
 * - Independent: black, alpha = importance (nodes: mean class importance; edges: ‖imp‖₂·w / √C), as nn_vis;
 * - All: the class colours mixed in OKLab by sharpened class share (the leading class dominates), alpha =
 *   the importance for that leading class (nodes: max_c imp_c; edges: the endpoints' value × w). nn_vis used
 *   the mean over all classes, which fades exactly the strands that serve one class to a pale wash;
 * - Class k: class k's colour times its share f_k, alpha = f_k.
 * Hidden classes (the class visibility buttons) drop out: All mixes and takes the maximum over the visible
 * classes only, Independent scales alpha by their share of the importance; a hidden class k paints nothing.
 */
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import { oklabToSrgb, srgbToOklab } from './oklab';

export type ColorMode = { kind: 'independent' } | { kind: 'all' } | { kind: 'class'; k: number };

/** The desktop cycle of colour modes: Independent, All, Class 0 … Class C−1. */
export function colorModes(classCount: number): ColorMode[] {
  return [{ kind: 'independent' }, { kind: 'all' }, ...Array.from({ length: classCount }, (_, k): ColorMode => ({ kind: 'class', k }))];
}

/** A label for the legend and the panel ("Independent", "All", "Class 3 (three)"). */
export function colorModeLabel(mode: ColorMode, classNames: string[]): string {
  if (mode.kind === 'independent') return 'Independent';
  if (mode.kind === 'all') return 'All classes';
  return `Class ${classNames[mode.k] ?? mode.k}`;
}

/** Classes whose ‖importance‖₂ sizes nodes and edges as it is (nn_vis's MNIST networks have ten). */
export const kSizeClasses = 10;

/**
 * Factor on ‖importance‖₂ for sizes: 1 up to ten classes; √(10 / C) above, so a node equally important to
 * all of ImageNet's 1,000 classes is as thick as one equally important to all of MNIST's ten, not √100
 * = 10 times thicker (which turned a ResNet-18 picture into one grey cloud).
 */
export function sizeScale(classCount: number): number {
  return classCount > kSizeClasses ? Math.sqrt(kSizeClasses / classCount) : 1;
}

export interface NodePaint {
  /** ‖importance‖₂ per node, times sizeScale(C) (sizes, edge importance). */
  l2: Float32Array;
  /** Mean class importance per node (nn_vis's edge threshold uses the source's). */
  mean: Float32Array;
  /** Colour per node (3 floats). */
  rgb: Float32Array;
  /** Node alpha a. */
  alpha: Float32Array;
  /** Per-node edge alpha: an edge's a interpolates it between its ends, times |w| when `edgeAlphaTimesWeight`. */
  edgeAlpha: Float32Array;
  edgeAlphaTimesWeight: boolean;
}

/** Paints every node for `mode` with the classes in `hidden` left out. */
export function paintNodes(net: ProcessedNetwork, palette: Float32Array, mode: ColorMode, hidden: ReadonlySet<number> = new Set()): NodePaint {
  const C = net.classCount;
  const n = net.nodePositions.length / 3;
  const rootC = Math.sqrt(C);
  const scale = sizeScale(C);
  const paint: NodePaint = {
    l2: new Float32Array(n), mean: new Float32Array(n), rgb: new Float32Array(n * 3), alpha: new Float32Array(n),
    edgeAlpha: new Float32Array(n), edgeAlphaTimesWeight: mode.kind !== 'class',
  };
  const imp = net.nodeImportance;
  const lab = mode.kind === 'all' ? paletteOklab(palette) : new Float32Array(0);
  const mix = new Float32Array(3);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    let sq = 0;
    let visible = 0;
    let lead = 0;
    for (let c = 0; c < C; c++) {
      const v = imp[i * C + c];
      sum += v;
      sq += v * v;
      if (hidden.has(c)) continue;
      visible += v;
      lead = Math.max(lead, v);
    }
    paint.l2[i] = Math.sqrt(sq) * scale;
    paint.mean[i] = sum / C;
    if (mode.kind === 'class') {
      const f = sum > 0 && !hidden.has(mode.k) ? imp[i * C + mode.k] / sum : 0;
      for (let a = 0; a < 3; a++) paint.rgb[i * 3 + a] = palette[mode.k * 3 + a] * f;
      paint.alpha[i] = f;
      paint.edgeAlpha[i] = f;
      continue;
    }
    if (mode.kind === 'independent') {
      const weight = sum > 0 ? visible / sum : 0;
      paint.alpha[i] = paint.mean[i] * weight;
      paint.edgeAlpha[i] = (Math.sqrt(sq) / rootC) * weight;
      continue;
    }
    paint.alpha[i] = lead;
    paint.edgeAlpha[i] = lead;
    if (visible > 0) mixClasses(imp, i * C, C, hidden, visible, lab, paint.rgb, i * 3, mix);
  }
  return paint;
}

/**
 * How strongly the All mode favours a node's leading class: the class shares are raised to this power
 * before mixing. Hidden units of the default MLP give their leading class 20–45 % of their importance;
 * mixed as they are, ten colours average to grey. Cubed, a unit serving mostly one class shows that
 * class's colour; one shared evenly by many still mixes many hues, which OKLab averages to neutral.
 */
export const kShareSharpening = 3;

/** OKLab coordinates of the palette (3 per class). */
export function paletteOklab(palette: Float32Array): Float32Array {
  const lab = new Float32Array(palette.length);
  for (let c = 0; c < palette.length / 3; c++) srgbToOklab(palette[c * 3], palette[c * 3 + 1], palette[c * 3 + 2], lab, c * 3);
  return lab;
}

/** The All mode's colour of one node: its visible classes' colours mixed in OKLab by sharpened share, into rgb[at..at+2]. */
function mixClasses(imp: Float32Array, base: number, C: number, hidden: ReadonlySet<number>, visible: number, lab: Float32Array, rgb: Float32Array, at: number, acc: Float32Array): void {
  acc.fill(0);
  let total = 0;
  for (let c = 0; c < C; c++) {
    if (hidden.has(c)) continue;
    const w = (imp[base + c] / visible) ** kShareSharpening;
    total += w;
    for (let a = 0; a < 3; a++) acc[a] += w * lab[c * 3 + a];
  }
  if (!(total > 0)) return;
  oklabToSrgb(acc[0] / total, acc[1] / total, acc[2] / total, rgb, at);
}

/** What drives the picture: importance (nn_vis), the live input's activations, or both half and half. */
export type Signal = 'importance' | 'activation' | 'blend';
export const kSignals: Signal[] = ['importance', 'activation', 'blend'];

/** Activation colour ramp (weak → strong): pale yellow → orange → dark red; dark enough to show over white. */
const kRamp = [[1, 0.93, 0.55], [0.97, 0.55, 0.1], [0.55, 0, 0.05]];

/** Writes the ramp colour of `v` in [0, 1] into out[at..at+2]. */
export function activationColor(v: number, out: Float32Array, at: number): void {
  const x = Math.min(1, Math.max(0, v)) * (kRamp.length - 1);
  const k = Math.min(kRamp.length - 2, Math.floor(x));
  const f = x - k;
  for (let a = 0; a < 3; a++) out[at + a] = kRamp[k][a] + f * (kRamp[k + 1][a] - kRamp[k][a]);
}

/**
 * The paint for a live input: with t = 1 (activation view) a node's size, colour (ramp) and alpha follow
 * its normalised activation, and an edge's thickness, alpha and threshold follow |w|·a of its source — the
 * signal it carries (|w × a| for non-negative activations); t = 0.5 mixes that with the importance paint.
 */
export function signalPaint(imp: NodePaint, activation: Float32Array, t: number): NodePaint {
  const n = imp.l2.length;
  if (activation.length !== n) throw new Error(`activations for ${activation.length} nodes do not fit a network of ${n}`);
  const out: NodePaint = {
    l2: new Float32Array(n), mean: new Float32Array(n), rgb: new Float32Array(n * 3), alpha: new Float32Array(n),
    edgeAlpha: new Float32Array(n), edgeAlphaTimesWeight: true,
  };
  const ramp = new Float32Array(3);
  for (let i = 0; i < n; i++) {
    const a = activation[i];
    activationColor(a, ramp, 0);
    out.l2[i] = imp.l2[i] + t * (a - imp.l2[i]);
    out.mean[i] = imp.mean[i] + t * (a - imp.mean[i]);
    out.alpha[i] = imp.alpha[i] + t * (a - imp.alpha[i]);
    for (let c = 0; c < 3; c++) out.rgb[i * 3 + c] = imp.rgb[i * 3 + c] + t * (ramp[c] - imp.rgb[i * 3 + c]);
    out.edgeAlpha[i] = imp.edgeAlpha[i] + t * (a - imp.edgeAlpha[i]);
  }
  return out;
}

/** nn_vis's importance opacity term [(1 − IO) + IO·a]·(1 − BO) + BO (depth and thickness factors at 1). */
export function importanceAlpha(a: number, importanceOpacity: number, baseOpacity: number): number {
  return ((1 - importanceOpacity) + importanceOpacity * a) * (1 - baseOpacity) + baseOpacity;
}

/** Axis-aligned bounds of the points: [minX, minY, minZ, maxX, maxY, maxZ]. */
export function nodeBounds(positions: Float32Array): Float32Array {
  const b = Float32Array.from([Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity]);
  for (let i = 0; i < positions.length; i += 3) {
    for (let a = 0; a < 3; a++) {
      b[a] = Math.min(b[a], positions[i + a]);
      b[a + 3] = Math.max(b[a + 3], positions[i + a]);
    }
  }
  return b;
}

/** nn_vis's camera target (get_node_mid): x, y average the bbox centre and the centroid; z = 0. */
export function networkTarget(positions: Float32Array): [number, number, number] {
  const b = nodeBounds(positions);
  const n = positions.length / 3;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < positions.length; i += 3) { cx += positions[i]; cy += positions[i + 1]; }
  return [((b[0] + b[3]) / 2 + cx / n) / 2, ((b[1] + b[4]) / 2 + cy / n) / 2, 0];
}
