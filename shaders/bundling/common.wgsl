// Shared by every bundling kernel (prepended after the generated `Params` struct, see
// processing/bundling/gpu/params.ts). Work items are numbered linearly across a 2D dispatch, so a pass
// may exceed 65,535 workgroups in x.
const kWorkgroupSize: u32 = 64u;

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

// Index of the grid cell holding world point p.
fn cell_at(p: vec3f) -> u32 {
  let u = (p - vec3f(P.origin_x, P.origin_y, P.origin_z)) * P.inv_cell;
  return (axis_cell(u.z, P.nz) * P.ny + axis_cell(u.y, P.ny)) * P.nx + axis_cell(u.x, P.nx);
}

// Index of the cell holding grid coordinate u (already in cell units).
fn cell_of_grid(u: vec3f) -> u32 {
  return (axis_cell(u.z, P.nz) * P.ny + axis_cell(u.y, P.ny)) * P.nx + axis_cell(u.x, P.nx);
}
