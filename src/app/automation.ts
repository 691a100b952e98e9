/** `window.nnwalk`: what automation (the e2e and XR tests, benchmarks) and the console can read and drive. */
import type { ProcessingConfig } from '../../processing/config/processing-config';
import type { RenderingConfig } from '../../processing/config/rendering-config';
import type { XrHandle } from '../../xr/xr-link';
import type { Signal } from '../scene/network-style';
import type { ViewLook } from '../scene/network-view';
import type { AppState, BundlingState } from './store';
import type { AnalysisFeature } from './analysis';
import type { CompareFeature } from './compare';
import type { PlaybackFeature } from './playback';
import type { PreferredFeature } from './preferred-inputs';

/** The handle's methods. */
export interface NnwalkHandle {
  state(): Readonly<AppState>;
  /** Camera position and target, [x, y, z] each. */
  camera(): { position: number[]; target: number[] };
  /** Normalised canvas coordinates ([0, 1]², y down) of a world point under the current camera. */
  project(point: number[]): number[];
  /** Frames rendered since start. */
  frames(): number;
  stopRenderLoop(): void;
  startRenderLoop(): void;
  bundling(): Readonly<BundlingState>;
  /** Applies processing settings (a partial patch over the current ones) and re-bundles; `watch: false`: no intermediate redraws. */
  rebundle(patch: Partial<ProcessingConfig>, options?: { watch?: boolean }): Promise<void>;
  /** Moves nodes and re-bundles the edges touching them (the XR grab's building block). */
  moveNodes(nodes: number[], positions: number[]): Promise<void>;
  cancelBundling(): void;
  /** Changes the look (light / dark / shaded, colour mode, hidden classes); returns the new one. */
  setLook(patch: Partial<ViewLook> & { hidden?: number[] | ReadonlySet<number> }): ViewLook;
  /** Applies rendering settings (a partial patch, validated like configs/rendering.json). */
  setRendering(patch: Partial<RenderingConfig>): void;
  /** Shows or hides the whole control panel GUI (toggle button included). */
  showControls(visible: boolean): void;
  /** Opens the control panel (at a section). */
  openPanel(section?: string): void;
  /** Canvas-pixel centre of a control panel element (or one option of it), when shown. */
  locateControl(id: string, option?: string): { x: number; y: number } | null;
  /** The text a control panel element shows (statistics, messages, fields). */
  panelText(id: string): string;
  /** Whether an option button (a preset, look, colour mode, class) is shown as on. */
  optionOn(id: string, option: string): boolean;
  /** Canvas-pixel rectangles of the control panel's toggle and (when open) the panel. */
  controlPanelRects(): { x: number; y: number; width: number; height: number }[];
  /** Back to the default view (the F key). */
  defaultView(): void;
  /** How often the impostor layers re-created their GPU instance buffers (capacity growth) so far. */
  renderInfo(): { edgeAllocations: number; edgeCommits: number; signalUpdates: number; outputBars: number[]; planeLabels: string[] };
  /** Test hook: draw the edge instances in reverse order (order-independence check). */
  reverseEdgeOrder(): void;
  /** Screen-space level of detail: turns it on or off (when given) and returns what it left out at its last count. */
  screenLod(on?: boolean): { nodes: number; segments: number };
  /** Selects a node (null: none), as a click, trigger or pinch on it does. */
  select(node: number | null): void;
  /** The node a click at canvas pixel (x, y) would take, or null. */
  nodeAt(x: number, y: number): number | null;
  /** The nodes drawn (and so pickable), in instance order. */
  drawnNodes(): number[];
  /** Canvas coordinates ([0, 1]², y down) of a node under the desktop camera. */
  projectNode(node: number): number[];
  /** Milliseconds from the last drag release to settled bundles (NaN before the first). */
  lastSettleMs(): number;
  /** The WebXR experience, once set up (absent where the browser offers no immersive VR). */
  xr?: XrHandle;
  /** 'starting', 'ready' or 'unavailable: <why>'. */
  xrStatus(): string;
  /** Shows or hides the live-input panel (drawing pad, gallery). */
  toggleInputPanel(): void;
  /** Shows (or clears) the selected node's strongest paths. */
  trace(on: boolean): void;
  /** Page position and size of the drawing pad. */
  padBox(): { x: number; y: number; size: number };
  /** Feeds held-out digit `index` (as a gallery click does); `values`: raw model input instead. */
  feedDigit(index: number): void;
  /** The feature-map tiles drawn (plane, channel −1 for an aggregate, node), whether shown, the receptive field outlined, atlas uploads so far. */
  maps(): { tiles: { plane: number; channel: number; node: number }[]; visible: boolean; pixelsPerUnit: number; field: { x0: number; y0: number; x1: number; y1: number } | null; uploads: number; uploadedTexels: number };
  /** Canvas coordinates ([0, 1]², y down) of texel (row, column) of drawn tile k under the desktop camera (null: no such tile). */
  tileTexel(k: number, row: number, column: number): number[] | null;
  /** Screen sizes (pixels across) where tiles start and finish fading in (benchmarks: 0, 1 draws every map). */
  setTileLod(low: number, high: number): void;
  /** The control panel's feature-map exports (a download; rejects with the panel's sentence). */
  exportMaps(what: 'sheets' | 'channels' | 'selected'): Promise<void>;
  /** Reads a model URL and parses it in the worker as a load does (no layout): times for the load benchmark. */
  readModel(url: string): Promise<{ bytes: number; readMs: number; parseMs: number; ops: number }>;
  /** Collapses or expands a plane's tiles. */
  toggleCollapse(plane: number): void;
  /** Changes the tile settings (range mode, aggregate, collapsed planes). */
  setMaps(patch: { range?: 'map' | 'plane' | 'global'; aggregate?: 'mean' | 'max'; collapsed?: number[] }): void;
  feedValues(values: number[]): void;
  /** Feeds a drawing (0..1 ink, row-major) as a pad stroke does. */
  feedDrawing(pixels: number[], width: number, height: number): void;
  setSignal(signal: Signal): void;
  /** Test hook: crash the bundling worker. */
  crashBundlingWorker(): void;
  clearBundleCache(): Promise<void>;
  /** The analysis panel's feature (held-out evaluation, chord diagram, pruning). */
  analysis: AnalysisFeature;
  /** Side-by-side comparison of networks of one architecture. */
  compare: CompareFeature;
  /** Training playback (epoch snapshots). */
  playback: PlaybackFeature;
  /** Preferred inputs (feature visualization). */
  preferred: PreferredFeature;
}

declare global {
  interface Window { nnwalk?: NnwalkHandle }
}

