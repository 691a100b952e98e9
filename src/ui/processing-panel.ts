/**
 * The processing settings panel: one field per processing.json key (generated from the schema table, so
 * every key is there with its documentation as a tooltip), Apply re-bundles, Defaults resets the fields.
 * Invalid values are refused with the validator's message naming the key and its range.
 */
import { processingSchema, defaultProcessingConfig, type ProcessingConfig } from '../../processing/config/processing-config';
import { describeRange, validateConfig } from '../../processing/config/schema';

export interface ProcessingPanel {
  /** Shows `cfg` in the fields. */
  set(cfg: ProcessingConfig): void;
  toggle(): void;
}

/** Builds the panel (hidden until toggled) inside `root`; `onApply` receives a validated config. */
export function createProcessingPanel(root: HTMLElement, onApply: (cfg: ProcessingConfig) => void): ProcessingPanel {
  const panel = document.createElement('form');
  panel.id = 'processing';
  panel.className = 'panel hidden';
  const rows = Object.entries(processingSchema).map(([key, spec]) => {
    const input = spec.type === 'boolean'
      ? `<input type="checkbox" name="${key}">`
      : `<input type="number" name="${key}" step="${spec.type === 'integer' ? 1 : 'any'}" min="${spec.min}" max="${spec.max}">`;
    return `<label class="row" title="${spec.doc.replace(/"/g, '&quot;')} (${describeRange(spec)})"><span>${key}</span>${input}</label>`;
  });
  panel.innerHTML = `<h2>Processing</h2>${rows.join('')}<div class="error" role="alert"></div>
    <div class="row"><button type="button" data-action="defaults">Defaults</button><button type="submit">Apply (re-bundle)</button></div>`;
  root.appendChild(panel);
  const error = panel.querySelector('.error') as HTMLDivElement;
  const field = (key: string) => panel.elements.namedItem(key) as HTMLInputElement;
  const set = (cfg: ProcessingConfig) => {
    for (const [key, value] of Object.entries(cfg)) {
      if (typeof value === 'boolean') field(key).checked = value;
      else field(key).value = String(value);
    }
  };
  panel.addEventListener('submit', (event) => {
    event.preventDefault();
    const raw: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(processingSchema)) raw[key] = spec.type === 'boolean' ? field(key).checked : field(key).value === '' ? NaN : Number(field(key).value);
    try {
      const cfg = validateConfig(processingSchema, raw, 'processing settings');
      error.textContent = '';
      onApply(cfg);
    } catch (err) {
      error.textContent = (err as Error).message;
    }
  });
  (panel.querySelector('[data-action="defaults"]') as HTMLButtonElement).addEventListener('click', () => set(defaultProcessingConfig));
  return { set, toggle: () => panel.classList.toggle('hidden') };
}
