// Resampling: each edge's polyline (half A) is resampled to equal arc-length steps of about
// sample_length into half B (n = round(length / L) steps, at least 1, at most its slot), endpoints
// copied bit for bit (processing/bundling/sampling.ts resampleEdge).
@group(1) @binding(0) var<storage, read_write> points: array<f32>;
@group(1) @binding(1) var<storage, read> slot_start: array<u32>;
@group(1) @binding(2) var<storage, read_write> count: array<u32>;

fn point(o: u32) -> vec3f {
  return vec3f(points[o], points[o + 1u], points[o + 2u]);
}

fn put(o: u32, p: vec3f) {
  points[o] = p.x;
  points[o + 1u] = p.y;
  points[o + 2u] = p.z;
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let e = P.item_from + linear_id(gid, nwg);
  if (e >= P.item_to) { return; }
  let src = slot_start[e] * 3u;
  let dst = P.half_floats + src;
  let n0 = count[e];
  let capacity = slot_start[e + 1u] - slot_start[e];
  var length = 0.0;
  for (var k = 1u; k < n0; k++) {
    length += distance(point(src + 3u * k), point(src + 3u * (k - 1u)));
  }
  let n = max(1u, min(capacity - 1u, u32(floor(length / P.sample_length + 0.5))));
  let step = length / f32(n);
  put(dst, point(src));
  var seg = 1u;
  var below = 0.0;
  var above = distance(point(src + 3u), point(src));
  for (var k = 1u; k < n; k++) {
    let d = f32(k) * step;
    while (seg < n0 - 1u && above < d) {
      seg++;
      below = above;
      above += distance(point(src + 3u * seg), point(src + 3u * (seg - 1u)));
    }
    let span = above - below;
    var f = 0.0;
    if (span > 0.0) { f = (d - below) / span; }
    let a = point(src + 3u * (seg - 1u));
    put(dst + 3u * k, a + f * (point(src + 3u * seg) - a));
  }
  put(dst + 3u * n, point(src + 3u * (n0 - 1u)));
  count[e] = n + 1u;
}
