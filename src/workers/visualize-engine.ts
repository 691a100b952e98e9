/**
 * Which ascent route the analysis worker runs feature visualization on: tfjs on WebGL (the GPU route:
 * images, activations and gradients stay in GPU memory between iterations) or the typed-array CPU
 * route. `auto` takes WebGL when the worker's WebGL is a hardware one; a software renderer (SwiftShader,
 * llvmpipe) counts as none — measured on this project's 2-core machine, LeNet's planes climb 14–30×
 * slower on SwiftShader's WebGL than on the CPU route (`npm run bench:analysis -- --visualize`).
 */
import type { AscentEngine } from '../../processing/visualize/visualize-units';

export type EngineChoice = 'auto' | 'cpu' | 'gpu';
export const kEngineChoices: readonly EngineChoice[] = ['auto', 'cpu', 'gpu'];

/** What ran (or will run) the ascent: null engine = the typed-array CPU route; `name` says which and why. */
export interface EngineDecision { run: AscentEngine | null; name: string }

const kSoftware = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** The WebGL renderer a worker's OffscreenCanvas gets ('' when none). */
function webglRenderer(): string {
  if (typeof OffscreenCanvas === 'undefined') return '';
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return '';
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return name || 'WebGL';
}

let decided: { choice: EngineChoice; decision: Promise<EngineDecision> } | null = null;

/** The engine for `choice` (decided once per worker and choice). */
export function visualizeEngine(choice: EngineChoice): Promise<EngineDecision> {
  if (decided?.choice !== choice) decided = { choice, decision: decide(choice) };
  return decided.decision;
}

async function decide(choice: EngineChoice): Promise<EngineDecision> {
  if (choice === 'cpu') return { run: null, name: 'cpu' };
  const renderer = webglRenderer();
  if (!renderer) return { run: null, name: 'cpu (no WebGL in this browser\'s workers)' };
  const software = renderer.match(kSoftware)?.[0];
  if (choice === 'auto' && software) return { run: null, name: `cpu (WebGL here is software: ${software})` };
  const tf = await import('@tensorflow/tfjs');
  const { tfAscentEngine } = await import('../../processing/visualize/tf-ascent');
  if (!(await tf.setBackend('webgl'))) return { run: null, name: 'cpu (tfjs could not start WebGL)' };
  await tf.ready();
  // ANGLE names the GPU second: "ANGLE (vendor, GPU …, API)".
  const parts = renderer.replace(/^ANGLE \((.*)\)$/, '$1').split(',');
  const gpu = software ? `software: ${software}` : (parts[1] ?? parts[0]).trim().slice(0, 48);
  return { run: tfAscentEngine(tf), name: `webgl (${gpu})` };
}
