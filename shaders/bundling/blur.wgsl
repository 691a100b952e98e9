// One axis of the separable Epanechnikov blur (weights w0, w1, w2 for offsets 0, ±1, ±2 cells),
// clipped at the grid border. A flat axis (n = 1) copies (w0 = 1). The axis is a pipeline constant:
// three pipelines, one per axis. Along z the slab's stored layers bound the reach: its halo layers
// (processing/bundling/gpu/split.ts) hold every neighbour its own layers need, so those come out exact.
override kAxis: u32 = 0u;

@group(1) @binding(0) var<storage, read> src: array<f32>;
@group(1) @binding(1) var<storage, read_write> dst: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_id(gid, nwg);
  let C = P.channels;
  if (i >= stored_cells() * C) { return; }
  let cell = i / C;
  var position: u32;
  var n: u32;
  var stride: u32;
  if (kAxis == 0u) {
    position = cell % P.nx; n = P.nx; stride = C;
  } else if (kAxis == 1u) {
    position = (cell / P.nx) % P.ny; n = P.ny; stride = P.nx * C;
  } else {
    position = cell / (P.nx * P.ny); n = P.slab_nz; stride = P.nx * P.ny * C;
  }
  var sum = P.w0 * src[i];
  if (position >= 1u) { sum += P.w1 * src[i - stride]; }
  if (position + 1u < n) { sum += P.w1 * src[i + stride]; }
  if (position >= 2u) { sum += P.w2 * src[i - 2u * stride]; }
  if (position + 2u < n) { sum += P.w2 * src[i + 2u * stride]; }
  dst[i] = sum;
}
