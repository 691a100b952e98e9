/**
 * The input panel's image row: pick an image (or drop one anywhere), how it is fitted (pad / crop), the
 * preprocessing preset (the model's own marked), MNIST-style ink inversion for grey 28 × 28 models, and
 * the images dropped since the page opened (click one to feed it again).
 */
import type { ImageInput } from '../app/image-input';
import { kPresets } from '../../processing/input/image-convert';

export interface ImageRow {
  readonly element: HTMLElement;
  /** Redraws from the image input's state. */
  render(): void;
}

/** Builds the row; `pick` opens the file picker. */
export function createImageRow(images: ImageInput, pick: () => void): ImageRow {
  const element = document.createElement('div');
  element.id = 'image-row';
  element.innerHTML = `<div class="image-tools"><button id="image-pick" title="feed a PNG, JPEG or WebP image (or drop it on the page)">Image…</button>
    <select id="image-fit" title="how the image meets the model's input shape"><option value="pad">pad (whole image)</option><option value="crop">crop (fill)</option></select>
    <select id="image-preset" title="preprocessing: how pixel values become model inputs">${kPresets.map((p) => `<option value="${p.id}">${p.label}</option>`).join('')}</select>
    <label id="image-invert-label" title="MNIST digits are white ink on black: invert photos of dark ink on light paper"><input type="checkbox" id="image-invert" checked> ink</label></div>
    <div id="image-shape"></div><div id="dropped"></div>`;
  const fit = element.querySelector<HTMLSelectElement>('#image-fit')!;
  const preset = element.querySelector<HTMLSelectElement>('#image-preset')!;
  const invert = element.querySelector<HTMLInputElement>('#image-invert')!;
  const shapeLine = element.querySelector<HTMLElement>('#image-shape')!;
  const gallery = element.querySelector<HTMLElement>('#dropped')!;
  element.querySelector('#image-pick')!.addEventListener('click', pick);
  fit.addEventListener('change', () => images.setOptions({ fit: fit.value as 'pad' | 'crop' }));
  preset.addEventListener('change', () => images.setOptions({ preset: preset.value }));
  invert.addEventListener('change', () => images.setOptions({ invert: invert.checked }));
  gallery.addEventListener('click', (e) => {
    const tile = (e.target as HTMLElement).closest<HTMLElement>('[data-dropped]');
    if (tile) images.feedDropped(Number(tile.dataset.dropped));
  });
  let shown = 0;
  const render = () => {
    const o = images.options();
    fit.value = o.fit;
    preset.value = images.preset();
    invert.checked = o.invert;
    const shape = images.inputShape();
    const mnist = typeof shape !== 'string' && shape[0] === 28 && shape[1] === 28 && shape[2] === 1;
    element.querySelector('#image-invert-label')!.classList.toggle('hidden', !mnist);
    shapeLine.textContent = typeof shape === 'string' ? shape : `images become ${shape[0]} × ${shape[1]} ${shape[2] === 3 ? 'RGB' : 'grey'} · ${kPresets.find((p) => p.id === images.preset())?.label ?? ''}`;
    const list = images.dropped();
    if (list.length !== shown) {
      shown = list.length;
      gallery.replaceChildren(...list.map((d, i) => {
        const img = document.createElement('img');
        img.src = d.thumbnail;
        img.alt = d.name;
        img.title = `${d.name} (${d.image.width} × ${d.image.height}): click to feed it again`;
        img.dataset.dropped = String(i);
        return img;
      }));
    }
  };
  images.onChange(render);
  render();
  return { element, render };
}
