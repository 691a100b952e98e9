/** The automatic draw limit (`max_segments` 0): small on a software renderer, where every segment costs the CPU. */
import type { ThinEngine } from '@babylonjs/core/Engines/thinEngine';
import { kGpuSegmentBudget, kSoftwareSegmentBudget } from '../../processing/config/rendering-config';

/** Renderer names of CPU rasterisers (Chromium's SwiftShader, Mesa's llvmpipe/softpipe, Windows' WARP). */
const kSoftwareRenderer = /swiftshader|llvmpipe|softpipe|software|basic render driver|microsoft basic/i;

/** Whether `renderer` (WebGL's renderer string) names a software rasteriser. */
export function isSoftwareRenderer(renderer: string): boolean {
  return kSoftwareRenderer.test(renderer);
}

/** The segment budget for this engine's renderer, and its name. */
export function automaticSegmentBudget(engine: ThinEngine): { budget: number; renderer: string } {
  const renderer = engine.getGlInfo().renderer ?? '';
  return { budget: isSoftwareRenderer(renderer) ? kSoftwareSegmentBudget : kGpuSegmentBudget, renderer };
}
