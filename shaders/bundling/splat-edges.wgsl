// Splat: deposits every polyline of edges [item_from, item_to) (working half B) as a line density:
// sub-points at most two cells apart, each weighted by its share of the segment length times the
// edge's class weights at that point, w(t) = start + t·slope (processing/bundling/edge-passes.ts splatEdge).
// Sub-points in z-layers the slab does not store are skipped (another slab deposits them).
@group(1) @binding(1) var<storage, read> points: array<f32>;
@group(1) @binding(2) var<storage, read> slot_start: array<u32>;
@group(1) @binding(3) var<storage, read> count: array<u32>;
@group(1) @binding(4) var<storage, read> lines: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let e = P.item_from + linear_id(gid, nwg);
  if (e >= P.item_to) { return; }
  let C = P.channels;
  let base = P.half_floats + slot_start[e] * 3u;
  let n = count[e];
  let line = e * 2u * C;
  for (var k = 0u; k + 1u < n; k++) {
    let a = base + k * 3u;
    let p = vec3f(points[a], points[a + 1u], points[a + 2u]);
    let d = vec3f(points[a + 3u], points[a + 4u], points[a + 5u]) - p;
    let len = sqrt(dot(d, d));
    let m = max(1u, u32(ceil(len * P.inv_cell * 0.5)));
    let t = (f32(k) + 0.5) / f32(n - 1u);
    let scale = len / f32(m);
    let s = d * (P.inv_cell / f32(m));
    var u = grid_units(p) + 0.5 * s;
    for (var j = 0u; j < m; j++) {
      let cell = stored_cell(grid_cell(u));
      if (cell != kOutside) {
        for (var c = 0u; c < C; c++) {
          deposit(cell * C + c, scale * (lines[line + c] + t * lines[line + C + c]));
        }
      }
      u += s;
    }
  }
}
