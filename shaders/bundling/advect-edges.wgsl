// Class-aware advection: moves the interior samples of each edge in the layer plane along the gradient of
// V = α‖ρ‖ + β ŵ·ρ, ŵ the edge's unit class weights at the sample, by a step of h capped at the mean-shift
// distance to the ridge (2h²|∇V|/V), kept inside the grid (processing/bundling/edge-passes.ts advectEdge).
// Samples are read from the working half B and written to half A, and only those in the slab's own
// z-layers: B stays as splatted, so every slab of a split grid sees the same polylines, and each sample
// (endpoints copied) lands in A exactly once. Advection never changes z, so ownership is stable.
@group(1) @binding(0) var<storage, read_write> points: array<f32>;
@group(1) @binding(1) var<storage, read> slot_start: array<u32>;
@group(1) @binding(2) var<storage, read> count: array<u32>;
@group(1) @binding(3) var<storage, read> lines: array<f32>;
@group(1) @binding(4) var<storage, read> gradient: array<f32>;

// The edge's class-weight line w(t) = a + t·d: its first float, and ‖a‖², a·d, ‖d‖² for ‖w(t)‖².
struct Line {
  at: u32,
  aa: f32,
  ad: f32,
  dd: f32,
}

// Sample p at t along its edge after one step; the gradient block of its cell starts at `go`.
fn advected(p: vec2f, go: u32, t: f32, line: Line) -> vec2f {
  let C = P.channels;
  var g = P.alpha * vec2f(gradient[go + 3u * C], gradient[go + 3u * C + 1u]);
  var value = P.alpha * gradient[go + 3u * C + 2u];
  if (P.beta != 0.0) {
    let sq = line.aa + t * (2.0 * line.ad + t * line.dd);
    var d = vec2f(0.0);
    var dv = 0.0;
    for (var c = 0u; c < C; c++) {
      let w = lines[line.at + c] + t * lines[line.at + C + c];
      d += w * vec2f(gradient[go + 3u * c], gradient[go + 3u * c + 1u]);
      dv += w * gradient[go + 3u * c + 2u];
    }
    if (sq > 0.0) {
      let b = P.beta / sqrt(sq);
      g += b * d;
      value += b * dv;
    }
  }
  let gn = sqrt(g.x * g.x + g.y * g.y);
  // A usable gradient only (nn_vis's NaN test): zero, infinite or NaN norms and empty density stay.
  if (!(gn > 0.0) || gn > 3.0e38 || !(value > 0.0)) { return p; }
  let s = min(P.step, (2.0 * P.step * P.step * gn * P.inv_cell) / value) / gn;
  return vec2f(clamp(p.x + s * g.x, P.lo0, P.hi0), clamp(p.y + s * g.y, P.lo1, P.hi1));
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let e = P.item_from + linear_id(gid, nwg);
  if (e >= P.item_to) { return; }
  let C = P.channels;
  let G = 3u * (C + 1u);
  let base = P.half_floats + slot_start[e] * 3u;
  let n = count[e];
  var line = Line(e * 2u * C, 0.0, 0.0, 0.0);
  if (P.beta != 0.0) {
    for (var c = 0u; c < C; c++) {
      let a = lines[line.at + c];
      let d = lines[line.at + C + c];
      line.aa += a * a;
      line.ad += a * d;
      line.dd += d * d;
    }
  }
  for (var k = 0u; k < n; k++) {
    let o = base + 3u * k;
    let p = vec3f(points[o], points[o + 1u], points[o + 2u]);
    let cell = grid_cell(grid_units(p));
    if (cell.z < P.own_z0 || cell.z >= P.own_z1) { continue; }
    var q = p.xy;
    if (k > 0u && k + 1u < n) { q = advected(q, stored_cell(cell) * G, f32(k) / f32(n - 1u), line); }
    let out = o - P.half_floats;
    points[out] = q.x;
    points[out + 1u] = q.y;
    points[out + 2u] = p.z;
  }
}
