/**
 * Framing a box in part of the canvas with a perspective camera looking from a given direction: the
 * distance and the sideways shift that put the box's projection inside a free rectangle (the area no panel
 * covers), as large as the margin allows. Plain math (no Babylon), right-handed, y up.
 */

type Vec3 = [number, number, number];

export interface FitInput {
  /** What must be seen: points (xyz, flat), each grown by its radius (world units; none: 0). */
  points: ArrayLike<number>;
  radii?: ArrayLike<number>;
  /** Unit vector from the target to the camera. */
  direction: Vec3;
  /** Vertical field of view (radians) and the canvas size in pixels. */
  fovY: number;
  canvas: { width: number; height: number };
  /** Where the box must land, in canvas pixels (y down). */
  free: { x: number; y: number; width: number; height: number };
  /** Fraction of the free rectangle the points may fill (default 0.95). */
  fill?: number;
}

export interface Fit {
  /** Camera target and position (world). */
  target: Vec3;
  position: Vec3;
  /** Distance from the target to the camera. */
  distance: number;
}

const cross = (a: Vec3, b: Vec3): Vec3 => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const unit = (a: Vec3): Vec3 => {
  const l = Math.hypot(a[0], a[1], a[2]) || 1;
  return [a[0] / l, a[1] / l, a[2] / l];
};

/** The camera's right, up and forward axes for a view along −direction with world up +y (right-handed). */
export function viewBasis(direction: Vec3): { right: Vec3; up: Vec3; forward: Vec3 } {
  const forward = unit([-direction[0], -direction[1], -direction[2]]);
  const right = unit(cross(forward, [0, 1, 0]));
  return { right, up: cross(right, forward), forward };
}

/** Screen-space extents (NDC, y up) of the points (relative to the centre, in view axes) seen from `distance` with view-space shift (sx, sy). */
function extents(view: Float64Array, pads: Float64Array, distance: number, sx: number, sy: number, tanX: number, tanY: number): [number, number, number, number] {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < view.length; i += 3) {
    const pad = pads[i / 3];
    const depth = Math.max(1e-6, distance + view[i + 2]);
    const x = view[i] + sx;
    const y = view[i + 1] + sy;
    x0 = Math.min(x0, (x - pad) / (depth * tanX)); x1 = Math.max(x1, (x + pad) / (depth * tanX));
    y0 = Math.min(y0, (y - pad) / (depth * tanY)); y1 = Math.max(y1, (y + pad) / (depth * tanY));
  }
  return [x0, x1, y0, y1];
}

/** At most this many points take part (a regular subsample beyond): the fit needs the outline, not every node. */
const kMaxFitPoints = 20_000;

/** Fits the points into the free rectangle: converges in a few steps (projected size ∝ 1/distance). */
export function fitView(input: FitInput): Fit {
  const p = input.points;
  const n = Math.floor(p.length / 3);
  if (n === 0) throw new Error('fitView: no points to frame');
  const b = [Infinity, Infinity, Infinity, -Infinity, -Infinity, -Infinity];
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < 3; a++) {
      b[a] = Math.min(b[a], p[i * 3 + a]);
      b[a + 3] = Math.max(b[a + 3], p[i * 3 + a]);
    }
  }
  const centre: Vec3 = [(b[0] + b[3]) / 2, (b[1] + b[4]) / 2, (b[2] + b[5]) / 2];
  const radius = Math.max(1e-3, Math.hypot(b[3] - b[0], b[4] - b[1], b[5] - b[2]) / 2);
  const basis = viewBasis(input.direction);
  const stride = Math.max(1, Math.ceil(n / kMaxFitPoints));
  const view = new Float64Array(Math.ceil(n / stride) * 3);
  const pads = new Float64Array(view.length / 3);
  for (let i = 0, k = 0; i < n; i += stride, k += 3) {
    pads[k / 3] = input.radii?.[i] ?? 0;
    const q: Vec3 = [p[i * 3] - centre[0], p[i * 3 + 1] - centre[1], p[i * 3 + 2] - centre[2]];
    view[k] = dot(q, basis.right);
    view[k + 1] = dot(q, basis.up);
    view[k + 2] = dot(q, basis.forward);
  }
  const { width: W, height: H } = input.canvas;
  const tanY = Math.tan(input.fovY / 2);
  const tanX = tanY * (W / H);
  const fill = input.fill ?? 0.95;
  const f = input.free;
  const fx0 = (2 * f.x) / W - 1;
  const fx1 = (2 * (f.x + f.width)) / W - 1;
  const fy1 = 1 - (2 * f.y) / H;
  const fy0 = 1 - (2 * (f.y + f.height)) / H;
  const wantW = Math.max(1e-3, (fx1 - fx0) * fill);
  const wantH = Math.max(1e-3, (fy1 - fy0) * fill);
  let distance = radius / Math.sin(Math.min(input.fovY, 2 * Math.atan(tanX)) / 2);
  let sx = 0;
  let sy = 0;
  for (let step = 0; step < 40; step++) {
    const [x0, x1, y0, y1] = extents(view, pads, distance, sx, sy, tanX, tanY);
    const k = Math.max((x1 - x0) / wantW, (y1 - y0) / wantH);
    // Shift so the projection's centre lands on the free rectangle's centre (view units at the box's depth).
    sx += (((fx0 + fx1) / 2 - (x0 + x1) / 2) * distance * tanX);
    sy += (((fy0 + fy1) / 2 - (y0 + y1) / 2) * distance * tanY);
    const next = Math.max(radius * 0.05, distance * k);
    if (Math.abs(next - distance) < 1e-7 * distance && Math.abs(k - 1) < 1e-5) break;
    sx *= next / distance;
    sy *= next / distance;
    distance = next;
  }
  // The view-space shift is a sideways move of camera and target together.
  const target: Vec3 = [0, 1, 2].map((a) => centre[a] - sx * basis.right[a] - sy * basis.up[a]) as Vec3;
  const position: Vec3 = [0, 1, 2].map((a) => target[a] + input.direction[a] * distance) as Vec3;
  return { target, position, distance };
}

/** Unit direction from the target to the camera for an azimuth (from the −x side towards −z, radians) and an elevation. */
export function obliqueDirection(azimuth: number, elevation: number): Vec3 {
  return unit([-Math.cos(elevation) * Math.cos(azimuth), Math.sin(elevation), -Math.cos(elevation) * Math.sin(azimuth)]);
}
