// Per cell: for every channel and then for the channel norm, (∂x, ∂y, value) by central differences
// (one-sided at the border), interleaved in (C + 1) × 3 floats as density-grid.ts computeGradients lays
// them out, so a sample reads its potential and gradient from one block.
@group(1) @binding(0) var<storage, read> density: array<f32>;
@group(1) @binding(1) var<storage, read_write> gradient: array<f32>;

fn norm_at(cell: u32) -> f32 {
  var sq = 0.0;
  for (var c = 0u; c < P.channels; c++) {
    let v = density[cell * P.channels + c];
    sq += v * v;
  }
  return sqrt(sq);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_id(gid, nwg);
  if (i >= stored_cells()) { return; }
  let C = P.channels;
  let x = i % P.nx;
  let y = (i / P.nx) % P.ny;
  var xl = i; var xr = i; var yl = i; var yr = i;
  if (x > 0u) { xl = i - 1u; }
  if (x + 1u < P.nx) { xr = i + 1u; }
  if (y > 0u) { yl = i - P.nx; }
  if (y + 1u < P.ny) { yr = i + P.nx; }
  var fx = 1.0;
  var fy = 1.0;
  if (xr - xl == 2u) { fx = 0.5; }
  if (yr - yl == 2u * P.nx) { fy = 0.5; }
  let o = i * 3u * (C + 1u);
  for (var c = 0u; c < C; c++) {
    gradient[o + 3u * c] = fx * (density[xr * C + c] - density[xl * C + c]);
    gradient[o + 3u * c + 1u] = fy * (density[yr * C + c] - density[yl * C + c]);
    gradient[o + 3u * c + 2u] = density[i * C + c];
  }
  gradient[o + 3u * C] = fx * (norm_at(xr) - norm_at(xl));
  gradient[o + 3u * C + 1u] = fy * (norm_at(yr) - norm_at(yl));
  gradient[o + 3u * C + 2u] = norm_at(i);
}
