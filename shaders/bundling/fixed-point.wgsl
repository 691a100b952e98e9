// Fixed-point accumulation for the splat kernels (WGSL has no float atomics): each grid value is a
// 64-bit two's-complement fixed-point number with 32 fraction bits, stored as (low word, high word).
// Integer sums are associative, so the density is the same whatever order the threads deposit in.
// Deposits may be negative (class components of a projected many-class network, class-components.ts):
// v = whole + fraction with whole = floor(v) stored as the signed high word, the carry out of the low
// word goes into the high word, and the sum is exact modulo 2^64.
@group(1) @binding(0) var<storage, read_write> accum: array<atomic<u32>>;

// Largest f32 below 2^32: the fraction scaled by 2^32 must fit a u32.
const kMaxFraction: f32 = 4294967040.0;

fn deposit(i: u32, v: f32) {
  if (v == 0.0 || v != v) { return; }
  let whole = floor(v);
  let fraction = u32(min((v - whole) * 4294967296.0, kMaxFraction));
  let old = atomicAdd(&accum[2u * i], fraction);
  var high = bitcast<u32>(i32(whole));
  if (old > 0xffffffffu - fraction) { high += 1u; }
  if (high != 0u) { atomicAdd(&accum[2u * i + 1u], high); }
}
