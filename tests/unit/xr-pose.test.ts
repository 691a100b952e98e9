/** The network's pose in the room and the two-hand gesture (xr/network-pose.ts), against Babylon's own transform. */
import { describe, expect, it } from 'vitest';
import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector';
import { palmNormal, palmUpState } from '../../xr/palm';
import { defaultPose, kMaxScaleFactor, kMinScaleFactor, kPlatformGap, kPlatformLiftMetres, kViewFromNetwork, toWorld, twoHandPose, type NetworkPose } from '../../xr/network-pose';

const bounds = [-0.5, -0.5, -0.6, 0.5, 0.5, 0.6];
const pivot = [0, 0, 0];

/** The root node's world matrix as the experience sets it (scaling, yaw quaternion, position of the origin). */
function babylonWorld(pose: NetworkPose, at: number[]): number[] {
  const m = Matrix.Compose(new Vector3(pose.scale, pose.scale, pose.scale), Quaternion.RotationAxis(Vector3.Up(), pose.yaw), Vector3.FromArray(toWorld(pose, pivot, [0, 0, 0])));
  return Vector3.TransformCoordinates(Vector3.FromArray(at), m).asArray();
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, eps = 1e-6) => {
  for (let i = 0; i < 3; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(eps);
};

describe('default pose', () => {
  it('shows the network as the desktop\'s default view does: input nearer and on the left, 1.5 m layers, platforms on the floor', () => {
    const pose = defaultPose(bounds, pivot);
    expect(pose.scale).toBeCloseTo(1.5, 6);
    const inputCentre = toWorld(pose, pivot, [0, 0, -0.6]);
    const outputCentre = toWorld(pose, pivot, [0, 0, 0.6]);
    // The user at the origin faces −z: input to the left (smaller x) and nearer than the output.
    expect(inputCentre[0]).toBeLessThan(outputCentre[0]);
    expect(Math.hypot(inputCentre[0], inputCentre[2])).toBeLessThan(Math.hypot(outputCentre[0], outputCentre[2]));
    // The direction from the network to the user is the desktop default view's (38° from the side, input side).
    const centre = toWorld(pose, pivot, [0, 0, 0]);
    expect(Math.hypot(centre[0], centre[2])).toBeCloseTo(2.1, 6);
    const towardUser = toWorld(pose, pivot, [kViewFromNetwork[0], 0, kViewFromNetwork[1]]);
    expect((towardUser[0] - centre[0]) / pose.scale).toBeCloseTo(0, 6);
    expect((towardUser[2] - centre[2]) / pose.scale).toBeCloseTo(1, 6);
    // An input image's column 0 (+x) is on the user's left of its column 27; row 0 (+y) above row 27.
    expect(toWorld(pose, pivot, [0.5, 0, -0.6])[0]).toBeLessThan(toWorld(pose, pivot, [-0.5, 0, -0.6])[0]);
    const platform = toWorld(pose, pivot, [0, -0.5 - kPlatformGap, 0]);
    expect(platform[1]).toBeCloseTo(kPlatformLiftMetres, 6);
  });

  it('matches the Babylon transform the experience builds from it', () => {
    const pose: NetworkPose = { scale: 1.7, yaw: 0.9, position: [0.3, 1.1, -2] };
    for (const p of [[0.1, 0.2, 0.3], [-0.4, 0.5, -0.6], [0, 0, 0]]) close(toWorld(pose, pivot, p), babylonWorld(pose, p));
  });
});

describe('two-hand gesture', () => {
  const start: NetworkPose = { scale: 2, yaw: Math.PI, position: [0, 1, -2] };
  const l0 = [-0.2, 1.2, -0.5];
  const r0 = [0.2, 1.2, -0.5];

  it('scales by the ratio of hand distances about the midpoint, which stays put', () => {
    const pose = twoHandPose(start, 2, l0, r0, [-0.4, 1.2, -0.5], [0.4, 1.2, -0.5]);
    expect(pose.scale).toBeCloseTo(4, 6);
    expect(pose.yaw).toBeCloseTo(Math.PI, 6);
    // The network point under the midpoint before is under it after.
    const mid = [0, 1.2, -0.5];
    const worldOf = (p: NetworkPose, world: number[]) => {
      // network coordinates of a world point under pose p
      const m = Matrix.Compose(new Vector3(p.scale, p.scale, p.scale), Quaternion.RotationAxis(Vector3.Up(), p.yaw), Vector3.FromArray(toWorld(p, pivot, [0, 0, 0])));
      return Vector3.TransformCoordinates(Vector3.FromArray(world), Matrix.Invert(m)).asArray();
    };
    close(worldOf(start, mid), worldOf(pose, mid));
  });

  it('moves with the midpoint and turns with the hands', () => {
    const moved = twoHandPose(start, 2, l0, r0, [-0.2 + 0.5, 1.2, -0.5], [0.2 + 0.5, 1.2, -0.5]);
    close(moved.position, [0.5, 1, -2]);
    expect(moved.scale).toBeCloseTo(2, 6);
    // Right hand swung from +x to −z around the midpoint: a quarter turn.
    const turned = twoHandPose(start, 2, l0, r0, [0, 1.2, -0.3], [0, 1.2, -0.7]);
    const expected = start.yaw + (Math.atan2(0, -0.4) - Math.atan2(0.4, 0));
    expect(turned.yaw).toBeCloseTo(expected, 6);
    // The network centre (1.5 m behind the midpoint) swings with it.
    close(babylonWorld(turned, [0, 0, 0]), [0 + -1.5, 1, -0.5], 1e-6);
  });

  it('clamps the scale to 0.05× … 20× the default', () => {
    expect(twoHandPose(start, 2, l0, r0, [-10, 1.2, -0.5], [10, 1.2, -0.5]).scale).toBeCloseTo(kMaxScaleFactor * 2, 6);
    expect(twoHandPose(start, 2, l0, r0, [-0.0005, 1.2, -0.5], [0.0005, 1.2, -0.5]).scale).toBeCloseTo(kMinScaleFactor * 2, 6);
  });

  it('ignores hands on top of each other', () => {
    expect(twoHandPose(start, 2, l0, l0, l0, r0)).toEqual(start);
  });
});

describe('palm-up gesture', () => {
  // A left hand, fingers forward (−z), palm down: the index knuckle is to the right of the little one.
  const wrist = [0, 1, 0];
  const palmDown = { index: [0.025, 1, -0.08], little: [-0.03, 1, -0.07] };

  it('finds the palm normal from joint positions, for either hand', () => {
    const down = palmNormal('left', wrist, palmDown.index, palmDown.little)!;
    expect(down[1]).toBeCloseTo(-1, 6);
    // Turned over (rolled 180° about the forearm): the palm faces up.
    const up = palmNormal('left', wrist, [-0.025, 1, -0.08], [0.03, 1, -0.07])!;
    expect(up[1]).toBeCloseTo(1, 6);
    // A right hand mirrors the left: palm down has its index knuckle on the left.
    expect(palmNormal('right', wrist, [-0.025, 1, -0.08], [0.03, 1, -0.07])![1]).toBeCloseTo(-1, 6);
    expect(palmNormal('left', wrist, wrist, wrist)).toBeNull();
  });

  it('switches with hysteresis: up above 0.7, down again below 0.4', () => {
    expect(palmUpState(false, [0, 0.6, 0.8])).toBe(false);
    expect(palmUpState(false, [0, 0.75, 0.66])).toBe(true);
    expect(palmUpState(true, [0, 0.5, 0.87])).toBe(true);
    expect(palmUpState(true, [0, 0.3, 0.95])).toBe(false);
    expect(palmUpState(true, null)).toBe(false);
  });
});
