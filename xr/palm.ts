/**
 * The palm-up gesture of a tracked hand, from joint positions alone (no joint-axis conventions): the palm's
 * normal is the cross product of the index and little-finger metacarpals' directions from the wrist,
 * turned to point out of the palm (its sign differs between the hands). Plain math, tested in Node.
 */

type Vec = ArrayLike<number>;

/** Unit normal pointing out of the palm of a `handedness` hand, or null for degenerate joints. */
export function palmNormal(handedness: 'left' | 'right', wrist: Vec, indexBase: Vec, littleBase: Vec): [number, number, number] | null {
  const a = [indexBase[0] - wrist[0], indexBase[1] - wrist[1], indexBase[2] - wrist[2]];
  const b = [littleBase[0] - wrist[0], littleBase[1] - wrist[1], littleBase[2] - wrist[2]];
  // index × little points out of the back of a left hand and out of the palm of a right one.
  const sign = handedness === 'left' ? -1 : 1;
  const n: [number, number, number] = [sign * (a[1] * b[2] - a[2] * b[1]), sign * (a[2] * b[0] - a[0] * b[2]), sign * (a[0] * b[1] - a[1] * b[0])];
  const length = Math.hypot(n[0], n[1], n[2]);
  if (!(length > 1e-9)) return null;
  return [n[0] / length, n[1] / length, n[2] / length];
}

/** Hysteresis: a palm counts as up above 0.7 (≈ 45° from vertical) and as down again below 0.4. */
export function palmUpState(wasUp: boolean, normal: ArrayLike<number> | null): boolean {
  if (!normal) return false;
  return wasUp ? normal[1] > 0.4 : normal[1] > 0.7;
}
