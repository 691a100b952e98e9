// Node phase splat: deposits each node's raw class importance into the cell holding it (2D grid, z = 0),
// as processing/layout/node-advection.ts does.
@group(1) @binding(1) var<storage, read> positions: array<f32>;
@group(1) @binding(2) var<storage, read> importance: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = P.item_from + linear_id(gid, nwg);
  if (i >= P.item_to) { return; }
  let C = P.channels;
  // The node grid is 2D and never split: its one slab stores every cell.
  let cell = stored_cell(grid_cell(grid_units(vec3f(positions[i * 3u], positions[i * 3u + 1u], 0.0)))) * C;
  for (var c = 0u; c < C; c++) {
    deposit(cell + c, importance[i * C + c]);
  }
}
