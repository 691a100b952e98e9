/** Drag & drop of model files onto the page. */
import { listen } from './listen';

/** Calls `onFiles` with the files of every drop on `target`; returns the unbind function. */
export function bindFileDrop(target: HTMLElement, onFiles: (files: File[]) => void): () => void {
  const over = (e: DragEvent) => {
    e.preventDefault();
    target.classList.add('dragging');
  };
  const leave = () => target.classList.remove('dragging');
  const drop = (e: DragEvent) => {
    e.preventDefault();
    leave();
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length > 0) onFiles(files);
  };
  return listen<HTMLElementEventMap>(target, { dragover: over, dragleave: leave, drop });
}
