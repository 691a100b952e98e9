// Turns the fixed-point splat into float density and clears the accumulator for the next splat
// (every splatted value lies inside the slab's stored range, so clearing that range suffices).
@group(1) @binding(0) var<storage, read_write> accum: array<atomic<u32>>;
@group(1) @binding(1) var<storage, read_write> density: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = linear_id(gid, nwg);
  if (i >= stored_cells() * P.channels) { return; }
  let low = atomicExchange(&accum[2u * i], 0u);
  let high = atomicExchange(&accum[2u * i + 1u], 0u);
  // The high word is signed (fixed-point.wgsl), the low word an unsigned fraction.
  density[i] = f32(bitcast<i32>(high)) + f32(low) * 2.3283064365386963e-10;
}
