/** The screen-space level of detail rule (the CPU twin of the impostor vertex stage's decision). */
import { describe, expect, it } from 'vitest';
import { kLodMinPixels, lodHiddenCount, lodKeeps } from '../../src/scene/screen-lod';

/** One instance matrix: axes scaled by (long, r, r), centred at (x, 0, 0). */
function instance(long: number, r: number, x: number): Float32Array {
  return Float32Array.from([long, 0, 0, 0, 0, r, 0, 0, 0, 0, r, 0, x, 0, 0, 1]);
}

const light = { importanceOpacity: 1, baseOpacity: 0, shaded: false };
const eye = [0, 0, 0];

describe('screen-space level of detail', () => {
  it('hides what is thinner than half a pixel, judged by the thinnest axis', () => {
    // 1000 px per unit at distance 1; at distance 10 a cross radius of 0.002 is 2·0.002·1000/10 = 0.4 px.
    expect(lodKeeps(instance(1, 0.002, 10), 0, 1, eye, 1000, light)).toBe(false);
    expect(lodKeeps(instance(1, 0.003, 10), 0, 1, eye, 1000, light)).toBe(true);
    // The same segment nearer the eye is drawn; a long axis does not make a thin tube visible.
    expect(lodKeeps(instance(1, 0.002, 5), 0, 1, eye, 1000, light)).toBe(true);
    expect(lodKeeps(instance(100, 0.002, 10), 0, 1, eye, 1000, light)).toBe(false);
    expect(2 * 0.0025 * 1000 / 10).toBe(kLodMinPixels);
  });

  it('hides what is too faint to change an 8-bit pixel, except in the opaque shaded look', () => {
    const wide = instance(1, 0.05, 10); // 10 px wide
    expect(lodKeeps(wide, 0, 0.5 / 255, eye, 1000, light)).toBe(false);
    expect(lodKeeps(wide, 0, 2 / 255, eye, 1000, light)).toBe(true);
    // With importance opacity 0.5 the best opacity is at least 0.5 whatever the importance.
    expect(lodKeeps(wide, 0, 0, eye, 1000, { ...light, importanceOpacity: 0.5 })).toBe(true);
    expect(lodKeeps(wide, 0, 0, eye, 1000, { ...light, shaded: true })).toBe(true);
    // Coverage counts: a 0.6 px tube at α = 0.005 shades 0.003 < 1/255.
    expect(lodKeeps(instance(1, 0.003, 10), 0, 0.005, eye, 1000, light)).toBe(false);
  });

  it('counts the hidden instances of a buffer, and none when everything is large on screen', () => {
    const m = new Float32Array(16 * 3);
    m.set(instance(1, 0.05, 10), 0);
    m.set(instance(1, 0.001, 10), 16);
    m.set(instance(1, 0.05, 10), 32);
    const colors = Float32Array.from([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(lodHiddenCount(m, colors, 3, eye, 1000, light)).toBe(2);
    expect(lodHiddenCount(m, colors, 1, eye, 1000, light)).toBe(0);
  });
});
