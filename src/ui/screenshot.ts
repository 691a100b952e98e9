/** Saves the current view as a PNG download. */
import type { Scene } from '@babylonjs/core/scene';
import { downloadBlob, stampedName } from './download';

/** Renders one frame (with `beforeRender` / `afterRender` around it, e.g. to hide panels) and downloads the canvas as `<name>-<timestamp>.png`. */
export async function downloadScreenshot(scene: Scene, name: string, around?: { before(): void; after(): void }): Promise<string> {
  const canvas = scene.getEngine().getRenderingCanvas();
  if (!canvas) throw new Error('no canvas to take a screenshot of');
  around?.before();
  let blob: Blob | null;
  try {
    scene.render();
    blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  } finally {
    around?.after();
  }
  if (!blob) throw new Error('the browser could not encode the screenshot');
  const filename = stampedName(name, 'png');
  downloadBlob(blob, filename);
  return filename;
}
