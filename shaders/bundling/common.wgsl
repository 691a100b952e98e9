// Shared by every bundling kernel (prepended after the generated `Params` struct, see
// processing/bundling/gpu/params.ts). Work items are numbered linearly across a 2D dispatch, so a pass
// may exceed 65,535 workgroups in x.
const kWorkgroupSize: u32 = 64u;

// stored_cell's answer for a cell whose z-layer this slab does not store.
const kOutside: u32 = 0xffffffffu;

fn linear_id(gid: vec3u, nwg: vec3u) -> u32 {
  return gid.x + gid.y * nwg.x * kWorkgroupSize;
}

// Cell coordinate along one axis, clamped to [0, n) as the CPU's Math.floor + clamp does.
fn axis_cell(u: f32, n: u32) -> u32 {
  let i = floor(u);
  if (!(i >= 0.0)) { return 0u; }
  if (i >= f32(n)) { return n - 1u; }
  return u32(i);
}

// World point p in grid units (cells from the origin).
fn grid_units(p: vec3f) -> vec3f {
  return (p - vec3f(P.origin_x, P.origin_y, P.origin_z)) * P.inv_cell;
}

// Whole-grid cell of grid coordinate u, clamped to the grid.
fn grid_cell(u: vec3f) -> vec3u {
  return vec3u(axis_cell(u.x, P.nx), axis_cell(u.y, P.ny), axis_cell(u.z, P.nz));
}

// Index of whole-grid cell c in the slab's storage (processing/bundling/gpu/split.ts), or kOutside.
fn stored_cell(c: vec3u) -> u32 {
  if (c.z < P.slab_z0 || c.z >= P.slab_z0 + P.slab_nz) { return kOutside; }
  return ((c.z - P.slab_z0) * P.ny + c.y) * P.nx + c.x;
}

// Cells stored in this slab (the grid passes' range).
fn stored_cells() -> u32 {
  return P.nx * P.ny * P.slab_nz;
}
