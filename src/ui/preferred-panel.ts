/**
 * The preferred-inputs panel (desktop, `O`): choose a plane and the start (noise or the current input),
 * compute, and see every unit's preferred input in a grid — outlined green where it reaches the unit's
 * largest value on the held-out digits, amber where ascent did not beat real data — with the value, mean
 * and max on hover. Click one, or drag it onto the network, to feed it to the network.
 */
import type { VisualizeResult } from '../workers/analysis-protocol';
import { createPanelElement } from './panel-element';

export interface PreferredView {
  open: boolean;
  planes: { name: string; units: number; spatial: boolean }[];
  plane: string;
  fromInput: boolean;
  /** Whether there is a current input to start from. */
  hasInput: boolean;
  job: { done: number; total: number } | null;
  /** Why the panel cannot compute ('' when it can). */
  unavailable: string;
  message: string;
  result: VisualizeResult | null;
  /** The result came from the cache. */
  cached: boolean;
}

export interface PreferredActions {
  setPlane(name: string): void;
  setFromInput(on: boolean): void;
  run(): void;
  cancel(): void;
  feed(unit: number): void;
  /** A unit's image was dragged out of the grid and let go at page point (x, y). */
  dropAt(unit: number, x: number, y: number): void;
  close(): void;
}

/** Pointer travel (CSS pixels) below which a press on an image is a click. */
const kClickSlop = 4;

/** Pixels per image in the grid. */
const kCell = 42;
const kGap = 3;

export interface PreferredPanel { render(view: PreferredView): void; readonly grid: HTMLCanvasElement; cellCentre(unit: number): { x: number; y: number } | null; dispose(): void }

/** Builds the (hidden) panel inside `root`. */
export function createPreferredPanel(root: HTMLElement, actions: PreferredActions): PreferredPanel {
  const { panel, part } = createPanelElement(root, 'preferred', `<h2>Preferred inputs<button class="close" title="close (O)">×</button></h2>
    <div class="row"><select class="plane" title="the plane whose units or channels to visualize"></select>
      <label title="start every image from the network's current input instead of noise"><input type="checkbox" class="from"> from the input</label></div>
    <div class="row"><button class="run">Compute</button><button class="cancel">Cancel</button><span class="status"></span></div>
    <div class="summary"></div><canvas class="grid"></canvas><div class="hover"></div><div class="message"></div>`);
  const plane = part<HTMLSelectElement>('.plane');
  const from = part<HTMLInputElement>('.from');
  const run = part<HTMLButtonElement>('.run');
  const cancel = part<HTMLButtonElement>('.cancel');
  const status = part('.status');
  const summary = part('.summary');
  const grid = part<HTMLCanvasElement>('.grid');
  const hover = part('.hover');
  const message = part('.message');
  part('.close').addEventListener('click', () => actions.close());
  plane.addEventListener('change', () => actions.setPlane(plane.value));
  from.addEventListener('change', () => actions.setFromInput(from.checked));
  run.addEventListener('click', () => actions.run());
  cancel.addEventListener('click', () => actions.cancel());
  let shown: VisualizeResult | null = null;
  let cols = 1;
  const unitAt = (e: MouseEvent): number => {
    if (!shown) return -1;
    const r = grid.getBoundingClientRect();
    const x = ((e.clientX - r.left) * grid.width) / r.width;
    const y = ((e.clientY - r.top) * grid.height) / r.height;
    const c = Math.floor(x / (kCell + kGap));
    const row = Math.floor(y / (kCell + kGap));
    const u = row * cols + c;
    return c < cols && u >= 0 && u < shown.reached.length ? u : -1;
  };
  // Press on an image: a click feeds it; a drag carries a copy of it under the pointer to where it is let go.
  grid.addEventListener('pointerdown', (e) => {
    const u = unitAt(e);
    if (u < 0 || e.button !== 0) return;
    e.preventDefault();
    const x0 = e.clientX;
    const y0 = e.clientY;
    let ghost: HTMLCanvasElement | null = null;
    const move = (m: PointerEvent) => {
      if (!ghost && Math.hypot(m.clientX - x0, m.clientY - y0) < kClickSlop) return;
      ghost ??= ghostOf(grid, u, cols);
      ghost.style.left = `${m.clientX - kCell / 2}px`;
      ghost.style.top = `${m.clientY - kCell / 2}px`;
    };
    const up = (m: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      if (!ghost) { actions.feed(u); return; }
      ghost.remove();
      actions.dropAt(u, m.clientX, m.clientY);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  });
  grid.addEventListener('mousemove', (e) => {
    const u = unitAt(e);
    hover.textContent = u < 0 || !shown ? '' : `${shown.plane} · ${u}: reaches ${shown.reached[u].toFixed(2)} (held-out mean ${shown.heldOutMean[u].toFixed(2)}, max ${shown.heldOutMax[u].toFixed(2)}) — click or drag onto the network to feed it`;
  });
  let planesKey = '';
  return {
    grid,
    cellCentre(unit) {
      if (!shown || unit < 0 || unit >= shown.reached.length) return null;
      const r = grid.getBoundingClientRect();
      const sx = r.width / grid.width;
      return { x: r.left + ((unit % cols) * (kCell + kGap) + kCell / 2) * sx, y: r.top + (Math.floor(unit / cols) * (kCell + kGap) + kCell / 2) * sx };
    },
    render(view) {
      panel.classList.toggle('hidden', !view.open);
      if (!view.open) return;
      const key = view.planes.map((p) => p.name).join('|');
      if (key !== planesKey) {
        planesKey = key;
        plane.innerHTML = view.planes.map((p) => `<option value="${p.name}">${p.name} · ${p.units} ${p.spatial ? 'channels' : 'units'}</option>`).join('');
      }
      plane.value = view.plane;
      from.checked = view.fromInput;
      from.disabled = !view.hasInput;
      run.disabled = Boolean(view.job) || Boolean(view.unavailable) || !view.plane;
      cancel.disabled = !view.job;
      status.textContent = view.job ? `${view.job.total ? Math.round((100 * view.job.done) / view.job.total) : 0} %` : '';
      message.textContent = view.unavailable || view.message;
      const r = view.result;
      if (!r) {
        summary.textContent = '';
        grid.classList.add('hidden');
        shown = null;
        return;
      }
      const beat = Array.from(r.reached).filter((v, u) => v >= r.heldOutMax[u]).length;
      summary.textContent = `${r.plane}: ${beat} of ${r.reached.length} reach their largest held-out value · ${view.cached ? 'from the cache' : `${(r.ms / 1000).toFixed(1)} s`}`;
      grid.classList.remove('hidden');
      if (shown !== r) {
        shown = r;
        drawGrid(grid, r);
        cols = Math.max(1, Math.floor((grid.width + kGap) / (kCell + kGap)));
      }
    },
    dispose: () => panel.remove(),
  };
}

/** A floating copy of unit `u`'s cell that follows the pointer while it is carried. */
function ghostOf(grid: HTMLCanvasElement, u: number, cols: number): HTMLCanvasElement {
  const ghost = document.createElement('canvas');
  ghost.width = kCell;
  ghost.height = kCell;
  ghost.className = 'preferred-ghost';
  ghost.getContext('2d')!.drawImage(grid, (u % cols) * (kCell + kGap), Math.floor(u / cols) * (kCell + kGap), kCell, kCell, 0, 0, kCell, kCell);
  Object.assign(ghost.style, { position: 'fixed', pointerEvents: 'none', opacity: '0.85', zIndex: '50', boxShadow: '0 2px 6px rgba(0,0,0,0.4)' });
  document.body.appendChild(ghost);
  return ghost;
}

/** Every unit's image in a grid of kCell-pixel cells, outlined by whether it beat the held-out data. */
function drawGrid(canvas: HTMLCanvasElement, r: VisualizeResult): void {
  const count = r.reached.length;
  const cols = Math.max(1, Math.min(count, Math.floor((276 + kGap) / (kCell + kGap))));
  const rows = Math.ceil(count / cols);
  canvas.width = cols * (kCell + kGap) - kGap;
  canvas.height = rows * (kCell + kGap) - kGap;
  const g = canvas.getContext('2d')!;
  const { h, w, c } = r.shape;
  const n = h * w * c;
  const [lo, hi] = r.range;
  const tile = new ImageData(w, h);
  const scratch = document.createElement('canvas');
  scratch.width = w;
  scratch.height = h;
  const sg = scratch.getContext('2d')!;
  g.imageSmoothingEnabled = false;
  for (let u = 0; u < count; u++) {
    for (let p = 0; p < h * w; p++) {
      for (let k = 0; k < 3; k++) {
        const v = r.images[u * n + p * c + (c === 3 ? k : 0)];
        tile.data[p * 4 + k] = Math.round((255 * (v - lo)) / (hi - lo || 1));
      }
      tile.data[p * 4 + 3] = 255;
    }
    sg.putImageData(tile, 0, 0);
    const x = (u % cols) * (kCell + kGap);
    const y = Math.floor(u / cols) * (kCell + kGap);
    g.drawImage(scratch, x, y, kCell, kCell);
    g.strokeStyle = r.reached[u] >= r.heldOutMax[u] ? '#2e9d4a' : '#e0a020';
    g.lineWidth = 2;
    g.strokeRect(x + 1, y + 1, kCell - 2, kCell - 2);
  }
}
