/**
 * Where the network stands in the room: a uniform scale (metres per network unit), a turn about the
 * vertical axis and the world position of the network's centre. The network stays upright (only yaw),
 * so the layer platforms stay walkable floors. Plain math, no Babylon: unit-tested in Node.
 */

export interface NetworkPose {
  /** Metres per network unit. */
  scale: number;
  /** Turn about +y (radians, Babylon's RotationY convention). */
  yaw: number;
  /** World position (metres) of the network's centre `pivot`. */
  position: [number, number, number];
}

/** Two-hand scaling limits, relative to the default scale. */
export const kMinScaleFactor = 0.05;
export const kMaxScaleFactor = 20;
/**
 * The largest side of a layer at the default pose: 1.5 m, below the eyes (the user looks over the
 * network and sees its layers apart), and the whole network fits a room-scale space (the default
 * network: 1.5 m layers, 1.8 m from input to output, within 3 m × 3 m of floor in front of the user).
 */
export const kLayerSideMetres = 1.5;
/** Horizontal distance from the user (at the origin) to the network's centre at the default pose. */
export const kCentreDistanceMetres = 2.1;
/** Height of the layer platforms (the network's underside) above the floor. */
export const kPlatformLiftMetres = 0.02;
/** Gap below the lowest node where the platforms sit, as a fraction of the layer side. */
export const kPlatformGap = 0.06;
/**
 * The direction, in network coordinates, from the network towards the user at the default pose: the
 * desktop's default view (38° round from the side towards the input), so the headset opens on the same
 * oblique picture — layers apart, input on the left reading upright, output on the right.
 */
export const kViewFromNetwork: [number, number] = [-Math.cos((38 * Math.PI) / 180), -Math.sin((38 * Math.PI) / 180)];

/**
 * The default pose for a network with node bounds `b` ([min xyz, max xyz]) and centre `pivot`: the user
 * at the origin faces −z and sees the network from kViewFromNetwork, its centre kCentreDistanceMetres
 * ahead, the platforms just above the floor.
 */
export function defaultPose(b: ArrayLike<number>, pivot: ArrayLike<number>): NetworkPose {
  const side = Math.max(b[3] - b[0], b[4] - b[1], 1e-3);
  const scale = kLayerSideMetres / side;
  const below = pivot[1] - b[1] + kPlatformGap * side;
  // The yaw that turns kViewFromNetwork onto world +z (towards the user): turn() maps (x, z) to (0, 1).
  const yaw = Math.atan2(-kViewFromNetwork[0], kViewFromNetwork[1]);
  return { scale, yaw, position: [0, kPlatformLiftMetres + scale * below, -kCentreDistanceMetres] };
}

/** Rotates (x, z) by `yaw` about +y: x' = x cos + z sin, z' = −x sin + z cos. */
function turn(x: number, z: number, yaw: number): [number, number] {
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  return [x * c + z * s, -x * s + z * c];
}

/** World position of network point `p` under `pose` (pivot = the network centre). */
export function toWorld(pose: NetworkPose, pivot: ArrayLike<number>, p: ArrayLike<number>): [number, number, number] {
  const [x, z] = turn((p[0] - pivot[0]) * pose.scale, (p[2] - pivot[2]) * pose.scale, pose.yaw);
  return [pose.position[0] + x, pose.position[1] + (p[1] - pivot[1]) * pose.scale, pose.position[2] + z];
}

/** Heading of the horizontal part of a vector, in the RotationY convention (turn() adds to it). */
function heading(dx: number, dz: number): number {
  return Math.atan2(dx, dz);
}

/**
 * The pose after a two-hand gesture: the hands started at `l0`, `r0` with the network at `start` and are
 * now at `l`, `r`. The network scales by the ratio of hand distances (clamped to [kMinScaleFactor,
 * kMaxScaleFactor] × `defaultScale`), turns with the hands' horizontal direction and moves with their
 * midpoint, about that midpoint: what was under the hands stays under them.
 */
export function twoHandPose(start: NetworkPose, defaultScale: number, l0: ArrayLike<number>, r0: ArrayLike<number>, l: ArrayLike<number>, r: ArrayLike<number>): NetworkPose {
  const d0 = Math.hypot(r0[0] - l0[0], r0[1] - l0[1], r0[2] - l0[2]);
  const d = Math.hypot(r[0] - l[0], r[1] - l[1], r[2] - l[2]);
  if (!(d0 > 1e-4) || !(d > 1e-4)) return start;
  const scale = Math.min(kMaxScaleFactor * defaultScale, Math.max(kMinScaleFactor * defaultScale, start.scale * (d / d0)));
  const k = scale / start.scale;
  // Hands held (nearly) vertically above each other give no heading: keep the yaw then.
  const flat0 = Math.hypot(r0[0] - l0[0], r0[2] - l0[2]);
  const flat = Math.hypot(r[0] - l[0], r[2] - l[2]);
  const dyaw = flat0 > 1e-3 && flat > 1e-3 ? heading(r[0] - l[0], r[2] - l[2]) - heading(r0[0] - l0[0], r0[2] - l0[2]) : 0;
  const m0 = [(l0[0] + r0[0]) / 2, (l0[1] + r0[1]) / 2, (l0[2] + r0[2]) / 2];
  const m = [(l[0] + r[0]) / 2, (l[1] + r[1]) / 2, (l[2] + r[2]) / 2];
  const [x, z] = turn((start.position[0] - m0[0]) * k, (start.position[2] - m0[2]) * k, dyaw);
  return { scale, yaw: start.yaw + dyaw, position: [m[0] + x, m[1] + (start.position[1] - m0[1]) * k, m[2] + z] };
}
