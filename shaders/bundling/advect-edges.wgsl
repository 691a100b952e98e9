// Class-aware advection: moves the interior samples of each edge (half B) in the layer plane along the
// gradient of V = α‖ρ‖ + β ŵ·ρ, ŵ the edge's unit class weights at the sample, by a step of h capped at the
// mean-shift distance to the ridge (2h²|∇V|/V), kept inside the grid
// (processing/bundling/edge-passes.ts advectEdge).
@group(1) @binding(0) var<storage, read_write> points: array<f32>;
@group(1) @binding(1) var<storage, read> slot_start: array<u32>;
@group(1) @binding(2) var<storage, read> count: array<u32>;
@group(1) @binding(3) var<storage, read> lines: array<f32>;
@group(1) @binding(4) var<storage, read> gradient: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let e = P.item_from + linear_id(gid, nwg);
  if (e >= P.item_to) { return; }
  let C = P.channels;
  let G = 3u * (C + 1u);
  let base = P.half_floats + slot_start[e] * 3u;
  let n = count[e];
  let line = e * 2u * C;
  // ‖w(t)‖² = ‖a‖² + 2t·(a·d) + t²·‖d‖² for the edge's line w(t) = a + t·d.
  var aa = 0.0;
  var ad = 0.0;
  var dd = 0.0;
  if (P.beta != 0.0) {
    for (var c = 0u; c < C; c++) {
      let a = lines[line + c];
      let d = lines[line + C + c];
      aa += a * a;
      ad += a * d;
      dd += d * d;
    }
  }
  for (var k = 1u; k + 1u < n; k++) {
    let o = base + 3u * k;
    let go = cell_at(vec3f(points[o], points[o + 1u], points[o + 2u])) * G;
    var gx = P.alpha * gradient[go + 3u * C];
    var gy = P.alpha * gradient[go + 3u * C + 1u];
    var value = P.alpha * gradient[go + 3u * C + 2u];
    if (P.beta != 0.0) {
      let t = f32(k) / f32(n - 1u);
      let sq = aa + t * (2.0 * ad + t * dd);
      var dx = 0.0;
      var dy = 0.0;
      var dv = 0.0;
      for (var c = 0u; c < C; c++) {
        let w = lines[line + c] + t * lines[line + C + c];
        dx += w * gradient[go + 3u * c];
        dy += w * gradient[go + 3u * c + 1u];
        dv += w * gradient[go + 3u * c + 2u];
      }
      if (sq > 0.0) {
        let b = P.beta / sqrt(sq);
        gx += b * dx;
        gy += b * dy;
        value += b * dv;
      }
    }
    let gn = sqrt(gx * gx + gy * gy);
    // A usable gradient only (nn_vis's NaN test): zero, infinite or NaN norms and empty density stay.
    if (!(gn > 0.0) || gn > 3.0e38 || !(value > 0.0)) { continue; }
    let s = min(P.step, (2.0 * P.step * P.step * gn * P.inv_cell) / value) / gn;
    points[o] = clamp(points[o] + s * gx, P.lo0, P.hi0);
    points[o + 1u] = clamp(points[o + 1u] + s * gy, P.lo1, P.hi1);
  }
}
