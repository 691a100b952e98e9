/**
 * Images as live input: a dropped or picked PNG, JPEG or WebP is checked (bytes, size), decoded by the
 * browser, converted to the model's input shape (processing/input/image-convert.ts: resize, crop or pad,
 * grey or RGB, a preprocessing preset — the model's own when its metadata names one) and fed to the
 * network. The images dropped since the page opened stay in a gallery; changing the fit, preset or ink
 * option feeds the last image again.
 */
import { checkImage, checkImageFile, convertImage, presetById, type Fit, type RgbaImage } from '../../processing/input/image-convert';
import { liveInputSize } from '../../processing/input/live-model';
import type { LiveInputControl } from './live-input';
import type { Store } from './store';

export interface DroppedImage {
  name: string;
  image: RgbaImage;
  /** A small PNG data URL for the gallery. */
  thumbnail: string;
}

export interface ImageOptions {
  fit: Fit;
  /** Preset id ('' = the model's own, else 0 … 1). */
  preset: string;
  /** Grey MNIST-shaped models: dark strokes on light paper become white ink on black. */
  invert: boolean;
}

export interface ImageInput {
  /** Checks, decodes and feeds an image file; rejects with one sentence naming the problem. */
  feedFile(file: File): Promise<void>;
  /** Feeds dropped image `index` again. */
  feedDropped(index: number): void;
  dropped(): readonly DroppedImage[];
  options(): ImageOptions;
  /** The preset in force for the loaded model ('unit' when neither the user nor the model names one). */
  preset(): string;
  setOptions(patch: Partial<ImageOptions>): void;
  /** The model's input as an image [H, W, C], or a sentence saying why images do not fit it. */
  inputShape(): [number, number, number] | string;
  /** Calls `fn` when the dropped list or the options change. */
  onChange(fn: () => void): void;
}

/** Whether a file looks like an image by its type or name (drops route images here, models to the loader). */
export function isImageFile(file: File): boolean {
  return /^image\//.test(file.type) || /\.(png|jpe?g|webp|gif|bmp)$/i.test(file.name);
}

/** Decodes `bytes` with the browser's decoders into RGBA pixels. */
async function decode(name: string, bytes: Uint8Array): Promise<RgbaImage> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes as BlobPart]));
  } catch {
    throw new Error(`${name} could not be decoded: the file is damaged or not really the image its first bytes announce`);
  }
  try {
    checkImage({ width: bitmap.width, height: bitmap.height, data: new Uint8Array(bitmap.width * bitmap.height * 4) });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(bitmap, 0, 0);
    const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
    return { width: bitmap.width, height: bitmap.height, data };
  } finally {
    bitmap.close();
  }
}

async function thumbnailOf(image: RgbaImage): Promise<string> {
  const side = 40;
  const k = side / Math.max(image.width, image.height);
  const source = new OffscreenCanvas(image.width, image.height);
  source.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(image.width * k));
  canvas.height = Math.max(1, Math.round(image.height * k));
  canvas.getContext('2d')!.drawImage(source, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png');
}

/** Creates the image input over the live input. */
export function createImageInput(store: Store, live: LiveInputControl): ImageInput {
  const dropped: DroppedImage[] = [];
  const listeners: (() => void)[] = [];
  let options: ImageOptions = { fit: 'pad', preset: '', invert: true };
  let last = -1;
  const changed = () => { for (const fn of listeners) fn(); };
  const inputShape = (): [number, number, number] | string => {
    const model = store.get().model;
    if (!model) return 'images need a model with its weights (model.json), not a random network or a .nnwalk file';
    if (model.kind === 'graph') {
      const shape = model.graph.ops[0].shape;
      if (shape.length !== 3) return `this model takes a vector of ${shape[0]} values, not an image`;
      if (shape[2] !== 1 && shape[2] !== 3) return `this model's input has ${shape[2]} channels: images convert to 1 (grey) or 3 (RGB)`;
      return [shape[0], shape[1], shape[2]];
    }
    const n = liveInputSize(model);
    const side = Math.round(Math.sqrt(n));
    return side * side === n ? [side, side, 1] : `this model takes ${n} values, not a square image`;
  };
  const preset = () => {
    const model = store.get().model;
    return options.preset || (model?.kind === 'graph' ? model.graph.preprocessing : undefined) || 'unit';
  };
  const feed = (index: number) => {
    const shape = inputShape();
    if (typeof shape === 'string') throw new Error(shape);
    const [height, width, channels] = shape;
    const item = dropped[index];
    const p = presetById(preset());
    const mnistShaped = channels === 1 && height === 28 && width === 28;
    const values = convertImage(item.image, { height, width, channels: channels as 1 | 3, fit: options.fit, preset: p, invert: mnistShaped && options.invert });
    last = index;
    live.fromValues(values, item.name, p.id);
  };
  const report = (err: unknown) => store.set({ status: 'error', message: `Image input: ${(err as Error).message}` });
  return {
    async feedFile(file) {
      const bytes = new Uint8Array(await file.arrayBuffer());
      checkImageFile(file.name, bytes);
      const shape = inputShape();
      if (typeof shape === 'string') throw new Error(shape);
      const image = await decode(file.name, bytes);
      dropped.push({ name: file.name, image, thumbnail: await thumbnailOf(image) });
      changed();
      feed(dropped.length - 1);
    },
    feedDropped(index) {
      try { feed(index); } catch (err) { report(err); }
    },
    dropped: () => dropped,
    options: () => options,
    preset,
    setOptions(patch) {
      if (patch.preset) presetById(patch.preset);
      options = { ...options, ...patch };
      changed();
      if (last >= 0 && store.get().input?.label === dropped[last]?.name) {
        try { feed(last); } catch (err) { report(err); }
      }
    },
    inputShape,
    onChange(fn) { listeners.push(fn); },
  };
}
