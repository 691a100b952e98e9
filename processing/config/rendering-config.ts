/** `configs/rendering.json`: nn_vis's six shader parameters for edges and for nodes (spec §3.3), and our draw limit. */
import { defaultsOf, type ConfigOf, type FieldSpec, type Schema } from './schema';

type Part = 'edge' | 'node';

function shaderParameters<P extends Part>(part: P, radius: number, importanceOpacity: number, exponent: number) {
  const what = part === 'edge' ? 'edges' : 'nodes';
  return {
    [`${part}_object_radius`]: { type: 'number', default: radius, min: 0, max: 10, doc: `Size: base radius of ${what}, multiplied by importance.` },
    [`${part}_base_opacity`]: { type: 'number', default: 0, min: 0, max: 1, doc: `Base Opacity: opacity floor of ${what}.` },
    [`${part}_importance_opacity`]: { type: 'number', default: importanceOpacity, min: 0, max: 10, doc: `Importance Opacity: 0 ignores importance, 1 makes alpha proportional to it; > 1 hides the least important ${what}.` },
    [`${part}_depth_opacity`]: { type: 'number', default: 0.5, min: 0, max: 1, doc: `Depth Opacity: how much ${what} fade with distance from the camera.` },
    [`${part}_opacity_exponent`]: { type: 'number', default: exponent, min: 0, max: 10, doc: `Depth Exponent: exponent on the thickness along the view ray; 0 = flat opacity.` },
    [`${part}_importance_threshold`]: { type: 'number', default: 0.01, min: 0, max: 1, doc: `Importance Threshold: ${what} at or below this importance are not drawn.` },
  } as Record<`${P}_${'object_radius' | 'base_opacity' | 'importance_opacity' | 'depth_opacity' | 'opacity_exponent' | 'importance_threshold'}`, FieldSpec & { type: 'number' }>;
}

/** The automatic draw limits (`max_segments` 0): what a software renderer draws in about a second, and what a GPU tab holds. */
export const kSoftwareSegmentBudget = 25_000;
export const kGpuSegmentBudget = 4_000_000;

export const renderingSchema = {
  ...shaderParameters('edge', 0.02, 1.1, 0.25),
  ...shaderParameters('node', 0.04, 1.0, 0.5),
  max_segments: {
    type: 'integer', default: 0, min: 0, max: kGpuSegmentBudget,
    doc: `Level of detail: most edge segments drawn at once, the most visible first; 0 = automatic (${kSoftwareSegmentBudget.toLocaleString('en')} on a software renderer, ${kGpuSegmentBudget.toLocaleString('en')} with a GPU).`,
  },
} satisfies Schema;

export type RenderingConfig = ConfigOf<typeof renderingSchema>;

export const defaultRenderingConfig: RenderingConfig = defaultsOf(renderingSchema);
