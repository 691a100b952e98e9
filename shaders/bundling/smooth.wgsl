// nn_vis's Laplacian smoothing (spec §1.9): `passes` Jacobi passes of a windowed mean with radius
// R = max(⌊n·8·reduction_so_far/100⌋, 1), endpoints fixed, window clipped to the edge. The advected
// polylines are in half A (advect-edges.wgsl); passes ping-pong with half B and the result lands in A.
@group(1) @binding(0) var<storage, read_write> points: array<f32>;
@group(1) @binding(1) var<storage, read> slot_start: array<u32>;
@group(1) @binding(2) var<storage, read> count: array<u32>;

fn copy_points(src_at: u32, dst_at: u32, n: u32) {
  for (var k = 0u; k < 3u * n; k++) { points[dst_at + k] = points[src_at + k]; }
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let e = P.item_from + linear_id(gid, nwg);
  if (e >= P.item_to) { return; }
  let a = slot_start[e] * 3u;
  let b = P.half_floats + a;
  let n = count[e];
  if (n < 3u || P.passes == 0u) { return; }
  let radius = max(u32(floor(f32(n) * 8.0 * P.reduction_so_far / 100.0)), 1u);
  var src = a;
  var dst = b;
  for (var sweep = 0u; sweep < P.passes; sweep++) {
    for (var c = 0u; c < 3u; c++) {
      points[dst + c] = points[src + c];
      points[dst + 3u * (n - 1u) + c] = points[src + 3u * (n - 1u) + c];
    }
    for (var k = 1u; k + 1u < n; k++) {
      var lo = 0u;
      if (k > radius) { lo = k - radius; }
      let hi = min(n - 1u, k + radius);
      var sum = vec3f(0.0);
      for (var j = lo; j <= hi; j++) {
        sum += vec3f(points[src + 3u * j], points[src + 3u * j + 1u], points[src + 3u * j + 2u]);
      }
      let mean = sum / f32(hi - lo + 1u);
      points[dst + 3u * k] = mean.x;
      points[dst + 3u * k + 1u] = mean.y;
      points[dst + 3u * k + 2u] = mean.z;
    }
    let t = src;
    src = dst;
    dst = t;
  }
  // After the last swap `src` holds the result.
  if (src != a) { copy_points(src, a, n); }
}
