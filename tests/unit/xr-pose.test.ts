/** The network's pose in the room and the two-hand gesture (xr/network-pose.ts), against Babylon's own transform. */
import { describe, expect, it } from 'vitest';
import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector';
import { defaultPose, kMaxScaleFactor, kMinScaleFactor, kPlatformGap, kPlatformLiftMetres, toWorld, twoHandPose, type NetworkPose } from '../../xr/network-pose';

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
  it('puts the input layer ahead of the user, the platforms just above the floor, a layer 2.4 m wide', () => {
    const pose = defaultPose(bounds, pivot);
    expect(pose.scale).toBeCloseTo(2.4, 6);
    const inputCentre = toWorld(pose, pivot, [0, 0, -0.6]);
    const outputCentre = toWorld(pose, pivot, [0, 0, 0.6]);
    expect(inputCentre[2]).toBeCloseTo(-1.2, 6);
    expect(outputCentre[2]).toBeLessThan(inputCentre[2]);
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
