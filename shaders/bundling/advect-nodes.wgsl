// Node phase advection: each node of a moving layer steps `step` (0.2·h) in its layer plane along the
// gradient of V = α‖ρ‖ + ŵ·ρ (α = −S), ŵ its unit class importance, kept in the box [lo, hi]
// (processing/layout/node-advection.ts).
@group(1) @binding(0) var<storage, read_write> positions: array<f32>;
@group(1) @binding(1) var<storage, read> importance: array<f32>;
@group(1) @binding(2) var<storage, read> moving: array<u32>;
@group(1) @binding(3) var<storage, read> gradient: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = P.item_from + linear_id(gid, nwg);
  if (i >= P.item_to || moving[i] == 0u) { return; }
  let C = P.channels;
  var sq = 0.0;
  for (var c = 0u; c < C; c++) { sq += importance[i * C + c] * importance[i * C + c]; }
  if (sq == 0.0) { return; }
  let inv = 1.0 / sqrt(sq);
  let o = stored_cell(grid_cell(grid_units(vec3f(positions[i * 3u], positions[i * 3u + 1u], 0.0)))) * 3u * (C + 1u);
  var gx = 0.0;
  var gy = 0.0;
  for (var c = 0u; c < C; c++) {
    let w = importance[i * C + c] * inv;
    gx += w * gradient[o + 3u * c];
    gy += w * gradient[o + 3u * c + 1u];
  }
  gx = P.alpha * gradient[o + 3u * C] + P.beta * gx;
  gy = P.alpha * gradient[o + 3u * C + 1u] + P.beta * gy;
  let norm = sqrt(gx * gx + gy * gy);
  if (!(norm > 0.0) || norm > 3.0e38) { return; }
  positions[i * 3u] = clamp(positions[i * 3u] + P.step * gx / norm, P.lo0, P.hi0);
  positions[i * 3u + 1u] = clamp(positions[i * 3u + 1u] + P.step * gy / norm, P.lo1, P.hi1);
}
