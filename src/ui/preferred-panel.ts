/**
 * The preferred-inputs panel (desktop, `O`): choose a plane and the start (noise or the current input),
 * compute the plane, every plane or the selected node, and see the plane's preferred inputs in a grid —
 * outlined green where one reaches the unit's largest value on the held-out digits, amber where ascent did
 * not beat real data (the same frames as the tiles of the preferred-input view) — with the value, mean and
 * max on hover. Click one, or drag it onto the network, to feed it to the network.
 */
import { beatsData, type PlaneVisuals } from '../../processing/tiles/preferred-atlas';
import { createPanelElement } from './panel-element';
import { followPress } from './ghost-drag';

export interface PreferredView {
  open: boolean;
  /** The planes that can be visualized: name, index (the network's layer), unit count. */
  planes: { name: string; index: number; units: number; spatial: boolean }[];
  plane: string;
  fromInput: boolean;
  /** Whether there is a current input to start from. */
  hasInput: boolean;
  /** The selected node, when it is a unit of a plane that can be visualized. */
  selectedUnit: { plane: string; unit: number } | null;
  /** Draw the computed images as the network's tiles. */
  showOnNetwork: boolean;
  /** The ascent route: 'auto', 'cpu' or 'gpu'. */
  engine: string;
  job: { done: number; total: number; label: string } | null;
  /** Why the panel cannot compute ('' when it can). */
  unavailable: string;
  message: string;
  /** The chosen plane's images so far (null: none computed). */
  visuals: PlaneVisuals | null;
  /** The last result came from the cache. */
  cached: boolean;
}

export interface PreferredActions {
  setPlane(name: string): void;
  setFromInput(on: boolean): void;
  setShowOnNetwork(on: boolean): void;
  setEngine(choice: string): void;
  run(scope: 'plane' | 'all' | 'selected'): void;
  cancel(): void;
  feed(unit: number): void;
  /** A unit's image was dragged out of the grid and let go at page point (x, y). */
  dropAt(unit: number, x: number, y: number): void;
  close(): void;
}


/** The frames of the grid and the tiles (src/scene/tiles/preferred-records.ts): reaches real data, or not. */
const kBeats = '#2e9e4a';
const kShort = '#e0a121';

/** Pixels per image in the grid. */
const kCell = 42;
const kGap = 3;

export interface PreferredPanel { render(view: PreferredView): void; readonly grid: HTMLCanvasElement; cellCentre(unit: number): { x: number; y: number } | null; dispose(): void }

/** Builds the (hidden) panel inside `root`. */
export function createPreferredPanel(root: HTMLElement, actions: PreferredActions): PreferredPanel {
  const { panel, part } = createPanelElement(root, 'preferred', `<h2>Preferred inputs<button class="close" title="close (O)">×</button></h2>
    <div class="row"><select class="plane" title="the plane whose units or channels to visualize"></select>
      <label title="start every image from the network's current input instead of noise"><input type="checkbox" class="from"> from the input</label></div>
    <div class="row">Compute<button class="run" title="every unit or channel of the chosen plane">plane</button><button class="all" title="every plane of the network, one after the other">all planes</button><button class="one" title="only the selected node's unit or channel">selected node</button></div>
    <div class="row"><label title="every computed image as its node's tile; drag a tile onto the input plane to feed it"><input type="checkbox" class="show"> show on the network</label>
      <select class="engine" title="where the ascent runs: auto (WebGL when the GPU is a real one, else the CPU), the CPU, or tfjs on WebGL"><option value="auto">auto</option><option value="cpu">CPU</option><option value="gpu">GPU</option></select><button class="cancel">Cancel</button></div>
    <div class="status"></div>
    <div class="legend"><span class="swatch beats"></span>reaches its largest held-out value <span class="swatch short"></span>below it</div>
    <div class="summary"></div><div class="grid-wrap"><canvas class="grid"></canvas></div><div class="hover"></div><div class="message"></div>`);
  const plane = part<HTMLSelectElement>('.plane');
  const from = part<HTMLInputElement>('.from');
  const run = part<HTMLButtonElement>('.run');
  const all = part<HTMLButtonElement>('.all');
  const one = part<HTMLButtonElement>('.one');
  const show = part<HTMLInputElement>('.show');
  const engine = part<HTMLSelectElement>('.engine');
  engine.addEventListener('change', () => actions.setEngine(engine.value));
  const cancel = part<HTMLButtonElement>('.cancel');
  const status = part('.status');
  const summary = part('.summary');
  const grid = part<HTMLCanvasElement>('.grid');
  const hover = part('.hover');
  const message = part('.message');
  part('.close').addEventListener('click', () => actions.close());
  plane.addEventListener('change', () => actions.setPlane(plane.value));
  from.addEventListener('change', () => actions.setFromInput(from.checked));
  run.addEventListener('click', () => actions.run('plane'));
  all.addEventListener('click', () => actions.run('all'));
  one.addEventListener('click', () => actions.run('selected'));
  show.addEventListener('change', () => actions.setShowOnNetwork(show.checked));
  cancel.addEventListener('click', () => actions.cancel());
  let shown: PlaneVisuals | null = null;
  let cols = 1;
  const unitAt = (e: MouseEvent): number => {
    if (!shown) return -1;
    const r = grid.getBoundingClientRect();
    const x = ((e.clientX - r.left) * grid.width) / r.width;
    const y = ((e.clientY - r.top) * grid.height) / r.height;
    const c = Math.floor(x / (kCell + kGap));
    const row = Math.floor(y / (kCell + kGap));
    const u = row * cols + c;
    return c < cols && u >= 0 && u < shown.unitCount && shown.have[u] ? u : -1;
  };
  // Press on an image: a click feeds it; a drag carries a copy of it under the pointer to where it is let go.
  grid.addEventListener('pointerdown', (e) => {
    const u = unitAt(e);
    if (u < 0 || e.button !== 0) return;
    e.preventDefault();
    const cell = { source: grid, sx: (u % cols) * (kCell + kGap), sy: Math.floor(u / cols) * (kCell + kGap), sw: kCell, sh: kCell };
    followPress(e.clientX, e.clientY, () => cell, () => actions.feed(u), (x, y) => actions.dropAt(u, x, y));
  });
  grid.addEventListener('mousemove', (e) => {
    const u = unitAt(e);
    hover.textContent = u < 0 || !shown ? '' : `${shown.name} · ${u}: reaches ${shown.reached[u].toFixed(2)} (held-out mean ${shown.heldOutMean[u].toFixed(2)}, max ${shown.heldOutMax[u].toFixed(2)}) — click or drag onto the network to feed it`;
  });
  let planesKey = '';
  return {
    grid,
    cellCentre(unit) {
      if (!shown || unit < 0 || unit >= shown.unitCount) return null;
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
      const busy = Boolean(view.job) || Boolean(view.unavailable);
      run.disabled = busy || !view.plane;
      all.disabled = busy;
      one.disabled = busy || !view.selectedUnit;
      one.title = view.selectedUnit ? `only ${view.selectedUnit.plane} · ${view.selectedUnit.unit}` : 'select a node of a hidden or output layer first';
      show.checked = view.showOnNetwork;
      engine.value = view.engine;
      cancel.disabled = !view.job;
      status.textContent = view.job ? `${view.job.label} ${view.job.total ? Math.round((100 * view.job.done) / view.job.total) : 0} %` : '';
      message.textContent = view.unavailable || view.message;
      const r = view.visuals;
      if (!r) {
        summary.textContent = '';
        grid.classList.add('hidden');
        shown = null;
        return;
      }
      let have = 0;
      let beat = 0;
      for (let u = 0; u < r.unitCount; u++) { have += r.have[u]; if (beatsData(r, u)) beat++; }
      const of = have === r.unitCount ? `${have}` : `${have} computed of ${r.unitCount}`;
      summary.textContent = `${r.name}: ${beat} of ${of} reach their largest held-out value · ${view.cached ? 'from the cache' : `${(r.ms / 1000).toFixed(1)} s (${r.engine})`}`;
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

/** Every unit's image in a grid of kCell-pixel cells, outlined by whether it beat the held-out data (blank: not computed). */
function drawGrid(canvas: HTMLCanvasElement, r: PlaneVisuals): void {
  const count = r.unitCount;
  const cols = Math.max(1, Math.min(count, Math.floor((276 + kGap) / (kCell + kGap))));
  const rows = Math.ceil(count / cols);
  canvas.width = cols * (kCell + kGap) - kGap;
  canvas.height = rows * (kCell + kGap) - kGap;
  const g = canvas.getContext('2d')!;
  g.imageSmoothingEnabled = false;
  for (let u = 0; u < count; u++) {
    const x = (u % cols) * (kCell + kGap);
    const y = Math.floor(u / cols) * (kCell + kGap);
    if (!r.have[u]) {
      g.fillStyle = 'rgba(128, 128, 128, 0.15)';
      g.fillRect(x, y, kCell, kCell);
      continue;
    }
    g.drawImage(unitImage(r, u), x, y, kCell, kCell);
    g.strokeStyle = beatsData(r, u) ? kBeats : kShort;
    g.lineWidth = 2;
    g.strokeRect(x + 1, y + 1, kCell - 2, kCell - 2);
  }
}

/** Unit `u`'s preferred input as a canvas of its own size (the data's range mapped to black … white). */
export function unitImage(r: PlaneVisuals, u: number): HTMLCanvasElement {
  const { h, w, c } = r.shape;
  const n = h * w * c;
  const [lo, hi] = r.range;
  const image = new ImageData(w, h);
  for (let p = 0; p < h * w; p++) {
    for (let k = 0; k < 3; k++) image.data[p * 4 + k] = Math.round((255 * (r.images[u * n + p * c + (c === 3 ? k : 0)] - lo)) / (hi - lo || 1));
    image.data[p * 4 + 3] = 255;
  }
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d')!.putImageData(image, 0, 0);
  return canvas;
}
