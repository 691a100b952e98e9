/**
 * The one uniform struct every bundling kernel reads (`P`), defined here once: the WGSL declaration is
 * generated from this table and the host writes values by field name, so the two cannot drift apart.
 * All fields are 4-byte scalars: the byte offset of field i is 4·i, no padding rules to mirror by hand.
 */

/** Field name → WGSL scalar type, in struct order. */
export const kParamFields = [
  ['origin_x', 'f32'], // grid origin (world units)
  ['origin_y', 'f32'],
  ['origin_z', 'f32'],
  ['inv_cell', 'f32'], // 1 / cell size
  ['nx', 'u32'], // grid cells per axis
  ['ny', 'u32'],
  ['nz', 'u32'],
  ['channels', 'u32'], // class channels C
  ['item_from', 'u32'], // edges (or nodes) [item_from, item_to) this pass works on
  ['item_to', 'u32'],
  ['half_floats', 'u32'], // float offset of the working half B of the points buffer
  ['sample_length', 'f32'], // resampling spacing
  ['step', 'f32'], // advection step (h for edges, 0.2·h for nodes)
  ['alpha', 'f32'], // potential weight on ‖ρ‖
  ['beta', 'f32'], // potential weight on ŵ·ρ
  ['passes', 'u32'], // smoothing passes
  ['reduction_so_far', 'f32'], // r^(k+1), sets the smoothing radius
  ['lo0', 'f32'], // clamp box of advected positions (x, y)
  ['lo1', 'f32'],
  ['hi0', 'f32'],
  ['hi1', 'f32'],
  ['w0', 'f32'], // blur weights for offsets 0, ±1, ±2 cells
  ['w1', 'f32'],
  ['w2', 'f32'],
  ['slab_z0', 'u32'], // first z-layer of the grid stored in this slab (gpu/split.ts), and how many are stored
  ['slab_nz', 'u32'],
  ['own_z0', 'u32'], // z-layers [own_z0, own_z1) whose samples advect in this slab
  ['own_z1', 'u32'],
] as const;

export type ParamName = (typeof kParamFields)[number][0];
export type ParamValues = Partial<Record<ParamName, number>>;

/** Uniform blocks are bound at offsets that are multiples of this (WebGPU's minUniformBufferOffsetAlignment default). */
export const kParamStride = 256;

/** Bytes of the struct, rounded up to 16 (uniform layout rule). */
export const kParamBytes = Math.ceil((kParamFields.length * 4) / 16) * 16;

const kIndex = new Map<string, number>(kParamFields.map(([name], i) => [name, i]));
const kIsFloat = kParamFields.map(([, type]) => type === 'f32');

/** The WGSL declaration of `Params` and its binding `P` (group 0, binding 0). */
export function paramsWgsl(): string {
  const fields = kParamFields.map(([name, type]) => `  ${name}: ${type},`);
  for (let i = kParamFields.length; i < kParamBytes / 4; i++) fields.push(`  pad${i}: u32,`);
  return `struct Params {\n${fields.join('\n')}\n}\n@group(0) @binding(0) var<uniform> P: Params;\n`;
}

/** Writes one parameter block at byte `offset` of `view` (unset fields are 0). */
export function writeParams(view: DataView, offset: number, values: ParamValues): void {
  for (let i = 0; i < kParamBytes / 4; i++) view.setUint32(offset + 4 * i, 0, true);
  for (const [name, value] of Object.entries(values)) {
    const i = kIndex.get(name);
    if (i === undefined || value === undefined) continue;
    if (kIsFloat[i]) view.setFloat32(offset + 4 * i, value, true);
    else view.setUint32(offset + 4 * i, value, true);
  }
}
