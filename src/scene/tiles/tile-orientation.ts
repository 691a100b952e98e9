/**
 * How a tile faces the viewer (the CPU copy of shaders/render/tile.vertex.glsl, for picking): a tile lies
 * in its plane (normal ±z, whichever side the camera is on, so it never reads mirrored) while the camera
 * is within kMaxTilt of the plane's normal, and beyond that turns towards the camera just enough to be
 * seen at kMaxTilt: a side view still reads the maps, foreshortened, instead of seeing them edge-on. Up
 * stays the plane's +y as far as it can, so maps are upright; right = up × normal (right-handed), which
 * puts column 0 at +x seen from the input side, as the grid layout does.
 */

/** Largest angle between a tile's normal and the direction to the camera. */
export const kMaxTilt = (50 * Math.PI) / 180;

export interface TileFrame {
  right: [number, number, number];
  up: [number, number, number];
  normal: [number, number, number];
}

/** The frame of a tile centred at `c` seen from `camera` (both in network-local coordinates). */
export function tileFrame(c: ArrayLike<number>, camera: ArrayLike<number>): TileFrame {
  let dx = camera[0] - c[0], dy = camera[1] - c[1], dz = camera[2] - c[2];
  const len = Math.hypot(dx, dy, dz) || 1;
  dx /= len; dy /= len; dz /= len;
  const sz = dz < 0 ? -1 : 1;
  const cosT = Math.max(-1, Math.min(1, dz * sz));
  const theta = Math.acos(cosT);
  let n: [number, number, number] = [0, 0, sz];
  if (theta > kMaxTilt) {
    let ex = dx, ey = dy, ez = dz - sz * cosT;
    const el = Math.hypot(ex, ey, ez) || 1;
    ex /= el; ey /= el; ez /= el;
    const a = theta - kMaxTilt;
    n = [ex * Math.sin(a), ey * Math.sin(a), sz * Math.cos(a) + ez * Math.sin(a)];
  }
  let ux = -n[0] * n[1], uy = 1 - n[1] * n[1], uz = -n[2] * n[1];
  const ul = Math.hypot(ux, uy, uz);
  if (ul > 1e-4) { ux /= ul; uy /= ul; uz /= ul; } else { ux = 0; uy = 0; uz = 1; }
  const right: [number, number, number] = [uy * n[2] - uz * n[1], uz * n[0] - ux * n[2], ux * n[1] - uy * n[0]];
  return { right, up: [ux, uy, uz], normal: n };
}

/**
 * Where a ray (origin, direction; network-local) meets the tile centred at `c` with half side `half`:
 * the distance along the ray and the tile coordinates u (left → right) and v (top → bottom) in [0, 1], or null.
 */
export function hitTile(origin: ArrayLike<number>, dir: ArrayLike<number>, c: ArrayLike<number>, half: number, frame: TileFrame): { t: number; u: number; v: number } | null {
  const { right: r, up, normal: n } = frame;
  const denom = dir[0] * n[0] + dir[1] * n[1] + dir[2] * n[2];
  if (Math.abs(denom) < 1e-9) return null;
  const ox = c[0] - origin[0], oy = c[1] - origin[1], oz = c[2] - origin[2];
  const t = (ox * n[0] + oy * n[1] + oz * n[2]) / denom;
  if (!(t > 0)) return null;
  const px = origin[0] + dir[0] * t - c[0], py = origin[1] + dir[1] * t - c[1], pz = origin[2] + dir[2] * t - c[2];
  const a = (px * r[0] + py * r[1] + pz * r[2]) / half;
  const b = (px * up[0] + py * up[1] + pz * up[2]) / half;
  if (Math.abs(a) > 1 || Math.abs(b) > 1) return null;
  return { t, u: a * 0.5 + 0.5, v: 0.5 - b * 0.5 };
}
