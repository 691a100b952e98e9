/** Saves the current view as a PNG download. */
import type { Scene } from '@babylonjs/core/scene';

/** Renders one frame and downloads the canvas as `<name>-<timestamp>.png`. */
export async function downloadScreenshot(scene: Scene, name: string): Promise<string> {
  const canvas = scene.getEngine().getRenderingCanvas();
  if (!canvas) throw new Error('no canvas to take a screenshot of');
  scene.render();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the browser could not encode the screenshot');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const filename = `${name.replace(/[^\w.-]+/g, '_')}-${stamp}.png`;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return filename;
}
