/** The shared shape of the progress bars (bundling, model loading): a label, a progress element and a Cancel button. */
export interface BarPanel { bar: HTMLDivElement; label: HTMLSpanElement; progress: HTMLProgressElement; cancel: HTMLButtonElement }

/** Builds a hidden bar panel with id `id` inside `root`; `onCancel` runs on its Cancel button. */
export function createBarPanel(root: HTMLElement, id: string, cancelId: string, onCancel: () => void): BarPanel {
  const bar = document.createElement('div');
  bar.id = id;
  bar.className = 'panel hidden';
  bar.innerHTML = `<span class="label"></span><progress max="1" value="0"></progress><button type="button" id="${cancelId}">Cancel</button>`;
  root.appendChild(bar);
  const cancel = bar.querySelector('button') as HTMLButtonElement;
  cancel.addEventListener('click', onCancel);
  return { bar, label: bar.querySelector('.label') as HTMLSpanElement, progress: bar.querySelector('progress') as HTMLProgressElement, cancel };
}
