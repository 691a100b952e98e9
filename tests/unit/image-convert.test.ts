/** Image input conversion: resizing (area / bilinear), crop and pad, grey and RGB, presets, checks. */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../processing/util/rng';
import {
  checkImage,
  checkImageFile,
  convertImage,
  describeImageBytes,
  displayValues,
  kMaxImagePixels,
  kPresets,
  presetById,
  type ConvertOptions,
  type Preprocessing,
  type RgbaImage,
} from '../../processing/input/image-convert';

const unit = presetById('unit');
const signed = presetById('signed');

/** An opaque grey image from row-major 0..255 values. */
function greyImage(width: number, height: number, values: number[]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  values.forEach((v, i) => data.set([v, v, v, 255], i * 4));
  return { width, height, data };
}

/** An image from row-major RGBA tuples. */
function rgbaImage(width: number, height: number, pixels: number[][]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  pixels.forEach((p, i) => data.set(p, i * 4));
  return { width, height, data };
}

function opts(height: number, width: number, channels: 1 | 3, extra: Partial<ConvertOptions> = {}): ConvertOptions {
  return { height, width, channels, fit: 'crop', preset: unit, ...extra };
}

/** Expects `actual` to equal `expected` (0..255 values under the unit preset) element by element. */
function expectBytes(actual: Float32Array, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i]).toBeCloseTo(e / 255, 6));
}

describe('resizing', () => {
  it('averages a 2 × 2 image into 1 × 1', () => {
    expectBytes(convertImage(greyImage(2, 2, [0, 64, 128, 255]), opts(1, 1, 1)), [(0 + 64 + 128 + 255) / 4]);
  });

  it('averages each 2 × 2 block of a 4 × 4 image, per RGB channel', () => {
    const pixels: number[][] = [];
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) pixels.push([10 * (y * 4 + x), 200 - 10 * x, 7 * y, 255]);
    const block = (bx: number, by: number, c: number) => {
      let s = 0;
      for (let y = 2 * by; y < 2 * by + 2; y++) for (let x = 2 * bx; x < 2 * bx + 2; x++) s += pixels[y * 4 + x][c];
      return s / 4;
    };
    const expected: number[] = [];
    for (let by = 0; by < 2; by++) for (let bx = 0; bx < 2; bx++) for (let c = 0; c < 3; c++) expected.push(block(bx, by, c));
    expectBytes(convertImage(rgbaImage(4, 4, pixels), opts(2, 2, 3)), expected);
  });

  it('weights partly covered source pixels when shrinking 3 → 2', () => {
    // Output 0 covers source [0, 1.5): pixel 0 fully, pixel 1 half.
    const out = convertImage(greyImage(3, 1, [0, 90, 180]), { ...opts(1, 2, 1), fit: 'pad' });
    expectBytes(out, [(0 * 1 + 90 * 0.5) / 1.5, (90 * 0.5 + 180 * 1) / 1.5]);
  });

  it('enlarges 1 × 1 to a constant 3 × 3', () => {
    const out = convertImage(rgbaImage(1, 1, [[10, 20, 30, 255]]), opts(3, 3, 3));
    expectBytes(out, Array.from({ length: 9 }, () => [10, 20, 30]).flat());
  });

  it('enlarges 2 → 4 bilinearly with pixel centres aligned', () => {
    // Output centres 0.5, 1.5, 2.5, 3.5 fall on source positions −0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    const out = convertImage(greyImage(2, 1, [0, 100]), opts(2, 4, 1));
    expectBytes(out, [0, 25, 75, 100, 0, 25, 75, 100]);
  });
});

describe('crop and pad', () => {
  const wide = () => greyImage(4, 2, [10, 20, 30, 40, 50, 60, 70, 80]);

  it('crop keeps the centre half of a 4 × 2 image in 2 × 2', () => {
    expectBytes(convertImage(wide(), opts(2, 2, 1, { fit: 'crop' })), [20, 30, 60, 70]);
  });

  it('pad shrinks a 4 × 2 image into 2 × 2 and fills the leftover row with white', () => {
    expectBytes(convertImage(wide(), opts(2, 2, 1, { fit: 'pad' })), [(10 + 20 + 50 + 60) / 4, (30 + 40 + 70 + 80) / 4, 255, 255]);
  });

  it('pad letterboxes a 4 × 2 image in 4 × 4 with background rows above and below', () => {
    const bg = [255, 255, 255, 255];
    expectBytes(convertImage(wide(), opts(4, 4, 1, { fit: 'pad' })), [...bg, 10, 20, 30, 40, 50, 60, 70, 80, ...bg]);
  });

  it('pad pillarboxes a 2 × 4 image in 4 × 4 with background columns', () => {
    const out = convertImage(greyImage(2, 4, [1, 2, 3, 4, 5, 6, 7, 8]), opts(4, 4, 1, { fit: 'pad' }));
    expectBytes(out, [255, 1, 2, 255, 255, 3, 4, 255, 255, 5, 6, 255, 255, 7, 8, 255]);
  });

  it('pad background becomes 0 ink under invert', () => {
    const out = convertImage(wide(), opts(4, 4, 1, { fit: 'pad', invert: true }));
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 0, 0, 0]);
    expect(out[4]).toBeCloseTo((255 - 10) / 255, 6);
  });

  it('crop reads the centred window of a 3 × 1 strip in 2 × 2: the middle pixel, sampled bilinearly', () => {
    // Window [1, 2); output centres land on source positions 0.75 and 1.25, between the neighbours.
    expectBytes(convertImage(greyImage(3, 1, [0, 100, 200]), opts(2, 2, 1, { fit: 'crop' })), [75, 125, 75, 125]);
  });
});

describe('colour', () => {
  it('grey is BT.601 luma of pure red, green and blue', () => {
    const out = convertImage(rgbaImage(3, 1, [[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255]]), opts(1, 3, 1));
    expect(out[0]).toBeCloseTo(0.299, 6);
    expect(out[1]).toBeCloseTo(0.587, 6);
    expect(out[2]).toBeCloseTo(0.114, 6);
  });

  it('composites alpha over white', () => {
    const img = rgbaImage(3, 1, [[0, 0, 0, 0], [0, 0, 0, 128], [255, 0, 0, 51]]);
    const rgb = convertImage(img, opts(1, 3, 3));
    const paper = 255 * (1 - 51 / 255);
    expectBytes(rgb, [255, 255, 255, 255 * (1 - 128 / 255), 255 * (1 - 128 / 255), 255 * (1 - 128 / 255), 255, paper, paper]);
    const grey = convertImage(img, opts(1, 3, 1));
    expect(grey[0]).toBeCloseTo(1, 6);
    expect(grey[2]).toBeCloseTo((0.299 * 255 + (0.587 + 0.114) * paper) / 255, 6);
  });

  it('invert turns white paper to 0 and black ink to 1', () => {
    const out = convertImage(greyImage(2, 1, [255, 0]), opts(1, 2, 1, { invert: true }));
    expect(Array.from(out)).toEqual([0, 1]);
    const s = convertImage(greyImage(2, 1, [255, 0]), opts(1, 2, 1, { invert: true, preset: signed }));
    expect(Array.from(s)).toEqual([-1, 1]);
  });
});

describe('presets', () => {
  const levels = [0, 128, 255];
  const expected: Record<string, (x: number, c: number) => number> = {
    unit: (x) => x / 255,
    signed: (x) => x / 127.5 - 1,
    imagenet: (x, c) => (x / 255 - [0.485, 0.456, 0.406][c]) / [0.229, 0.224, 0.225][c],
  };

  it('lists unit, signed and imagenet with their labels', () => {
    expect(kPresets.map((p) => [p.id, p.label])).toEqual([['unit', '0 … 1'], ['signed', '−1 … 1'], ['imagenet', 'ImageNet mean/std']]);
  });

  for (const id of ['unit', 'signed', 'imagenet']) {
    it(`${id}: values for 0, 128, 255 in RGB`, () => {
      const img = rgbaImage(3, 1, levels.map((v) => [v, v, v, 255]));
      const out = convertImage(img, opts(1, 3, 3, { preset: presetById(id) }));
      levels.forEach((v, i) => [0, 1, 2].forEach((c) => expect(out[i * 3 + c]).toBeCloseTo(expected[id](v, c), 5)));
    });

    it(`${id}: values for 0, 128, 255 in grey (the mean of the three means and stds)`, () => {
      const out = convertImage(greyImage(3, 1, levels), opts(1, 3, 1, { preset: presetById(id) }));
      const grey = id === 'imagenet' ? (x: number) => (x / 255 - 0.449) / 0.226 : (x: number) => expected[id](x, 0);
      levels.forEach((v, i) => expect(out[i]).toBeCloseTo(grey(v), 5));
    });
  }

  it('presetById names the unknown id and the valid ones', () => {
    expect(() => presetById('zscore')).toThrow(/"zscore".*unit, signed, imagenet/);
  });

  for (const preset of kPresets) {
    for (const channels of [1, 3] as const) {
      it(`displayValues inverts convertImage within 1/255 (${preset.id}, ${channels} channel${channels === 1 ? '' : 's'})`, () => {
        const rand = createRng(channels * 7 + preset.id.length);
        const pixels = Array.from({ length: 20 }, () => [0, 1, 2].map(() => Math.floor(rand() * 256)).concat(255));
        const img = rgbaImage(5, 4, pixels);
        const display = displayValues(convertImage(img, opts(4, 5, channels, { preset })), channels, preset);
        const plain = convertImage(img, opts(4, 5, channels, { preset: unit }));
        display.forEach((v, i) => expect(Math.abs(v - plain[i])).toBeLessThanOrEqual(1 / 255));
      });
    }
  }

  it('displayValues clamps values outside the preset range', () => {
    expect(Array.from(displayValues(new Float32Array([-3, 3]), 1, signed))).toEqual([0, 1]);
  });
});

describe('checks', () => {
  it('names a zero width or height', () => {
    expect(() => checkImage({ width: 0, height: 12, data: new Uint8Array(0) })).toThrow(/zero width or height \(0 × 12 pixels\)/);
  });

  it('names a fractional size', () => {
    expect(() => checkImage({ width: 1.5, height: 2, data: new Uint8Array(12) })).toThrow(/whole positive.*1\.5 × 2/);
  });

  it('names a wrong data length', () => {
    expect(() => checkImage({ width: 3, height: 2, data: new Uint8Array(10) })).toThrow(/10 bytes, but 3 × 2 RGBA pixels need 24/);
  });

  it('names an image over 40 megapixels', () => {
    expect(kMaxImagePixels).toBe(40_000_000);
    expect(() => checkImage({ width: 9000, height: 9000, data: new Uint8Array(0) })).toThrow(
      'the image is 9000 × 9000 pixels (81 megapixels): nnwalk converts images up to 40 megapixels',
    );
    // Just over the limit does not read as "40 megapixels".
    expect(() => checkImage({ width: 40_000_001, height: 1, data: new Uint8Array(0) })).toThrow(/\(40\.000001 megapixels\)/);
  });

  it('names a bad target shape', () => {
    const img = greyImage(1, 1, [0]);
    expect(() => convertImage(img, opts(0, 28, 1))).toThrow(/input size.*0 × 28/);
    expect(() => convertImage(img, opts(28, 2.5, 1))).toThrow(/input size.*28 × 2\.5/);
    expect(() => convertImage(img, opts(28, 28, 4 as 1))).toThrow(/input has 4 channels.*1 \(grey\) or 3 \(RGB\)/);
    expect(() => convertImage(img, opts(10_000, 10_000, 1))).toThrow(/10000 × 10000 pixels.*40 megapixels/);
  });
});

describe('image files', () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
  const ascii = (s: string) => new Uint8Array([...s].map((ch) => ch.charCodeAt(0)));
  const webp = ascii('RIFF\x1a\x00\x00\x00WEBPVP8 ');
  const bmp = new Uint8Array(30);
  bmp.set(ascii('BM'));

  it('detects formats from their magic bytes', () => {
    expect(describeImageBytes(png)).toBe('png');
    expect(describeImageBytes(jpeg)).toBe('jpeg');
    expect(describeImageBytes(webp)).toBe('webp');
    expect(describeImageBytes(ascii('GIF89a\x01\x00'))).toBe('gif');
    expect(describeImageBytes(bmp)).toBe('bmp');
    expect(describeImageBytes(ascii('RIFF\x1a\x00\x00\x00WAVEfmt '))).toBeNull();
    expect(describeImageBytes(png.subarray(0, 7))).toBeNull();
    expect(describeImageBytes(new Uint8Array(0))).toBeNull();
  });

  it('accepts PNG, JPEG and WebP and returns the format', () => {
    expect(checkImageFile('a.png', png)).toBe('png');
    expect(checkImageFile('a.jpg', jpeg)).toBe('jpeg');
    expect(checkImageFile('a.webp', webp)).toBe('webp');
  });

  it('names an empty file', () => {
    expect(() => checkImageFile('x.png', new Uint8Array(0))).toThrow('x.png is empty (0 bytes)');
  });

  it('names a file over the size limit', () => {
    const big = new Uint8Array(64 * 1024 * 1024 + 1);
    big.set(png);
    expect(() => checkImageFile('big.png', big)).toThrow(/big\.png is 64 MiB \(67108865 bytes\): nnwalk reads image files up to 64 MiB/);
    expect(() => checkImageFile('x.png', png, 10)).toThrow('x.png is 16 bytes: nnwalk reads image files up to 10 bytes');
  });

  it('names other files by their first bytes', () => {
    const notImage = /x\.png is not a PNG, JPEG or WebP image: its first bytes are /;
    expect(() => checkImageFile('x.png', new Uint8Array([0x50, 0x4b, 0x03, 0x04]))).toThrow(
      'x.png is not a PNG, JPEG or WebP image: its first bytes are 50 4B 03 04 (a ZIP archive)',
    );
    expect(() => checkImageFile('x.png', ascii('%PDF-1.7\n'))).toThrow(/25 50 44 46 2D 31 2E 37 \(a PDF document\)$/);
    expect(() => checkImageFile('x.png', ascii(' {"format":'))).toThrow(/20 7B 22 .*\(JSON text\)$/);
    expect(() => checkImageFile('x.png', ascii('GIF89a\x01\x00'))).toThrow(/47 49 46 38 39 61 01 00 \(a GIF image\)$/);
    expect(() => checkImageFile('x.png', bmp)).toThrow(/\(a BMP image\)$/);
    expect(() => checkImageFile('x.png', new Uint8Array([1, 2, 0xab]))).toThrow(notImage);
    expect(() => checkImageFile('x.png', new Uint8Array([1, 2, 0xab]))).toThrow(/are 01 02 AB$/);
  });
});

describe('random sizes (seeded)', () => {
  it('gives finite values inside the preset range, and a uniform image stays uniform', () => {
    const rand = createRng(20240611);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    for (let iter = 0; iter < 60; iter++) {
      const width = int(1, 37);
      const height = int(1, 37);
      const channels = rand() < 0.5 ? 1 : 3;
      const preset: Preprocessing = kPresets[int(0, kPresets.length - 1)];
      const options: ConvertOptions = {
        height: int(1, 31), width: int(1, 31), channels, fit: rand() < 0.5 ? 'crop' : 'pad', preset, invert: rand() < 0.3,
      };
      const data = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < data.length; i++) data[i] = int(0, 255);
      const out = convertImage({ width, height, data }, options);
      expect(out.length).toBe(options.height * options.width * channels);
      const avg = (v: readonly number[]) => (v[0] + v[1] + v[2]) / 3;
      for (let i = 0; i < out.length; i++) {
        const c = i % channels;
        const mean = channels === 3 ? preset.mean[c] : avg(preset.mean);
        const std = channels === 3 ? preset.std[c] : avg(preset.std);
        expect(Number.isFinite(out[i])).toBe(true);
        expect(out[i]).toBeGreaterThanOrEqual(-mean / std - 1e-5);
        expect(out[i]).toBeLessThanOrEqual((1 - mean) / std + 1e-5);
      }
      // Weights sum to one: a uniform image converts to its colour everywhere when cropped.
      const colour = [int(0, 255), int(0, 255), int(0, 255)];
      const flat = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < width * height; i++) flat.set([...colour, 255], i * 4);
      const u = convertImage({ width, height, data: flat }, { ...options, fit: 'crop', preset: unit, invert: false });
      const want = channels === 3 ? colour : [0.299 * colour[0] + 0.587 * colour[1] + 0.114 * colour[2]];
      for (let i = 0; i < u.length; i++) expect(Math.abs(u[i] - want[i % channels] / 255)).toBeLessThan(1e-5);
    }
  });
});
