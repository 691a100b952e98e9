/** What the XR experience gets from the app (actions and the shared scene parts) and gives automation. */
import type { NodeMover } from '../src/app/node-mover';
import type { Store } from '../src/app/store';
import type { NetworkView } from '../src/scene/network-view';
import type { NodePicker } from '../src/scene/node-picker';
import type { FeatureMaps } from '../src/app/feature-maps';

export interface XrLink {
  store: Store;
  view: NetworkView;
  picker: NodePicker;
  mover: NodeMover;
  /** Feature-map tiles (the trigger on a tile enlarges it; pointing lights receptive fields). */
  maps: FeatureMaps;
  /** The app's actions, the same the desktop keys and panel call. */
  select(node: number | null): void;
  cycleColorMode(): void;
  cyclePreset(): void;
  /** Bundles the current layout again (moved nodes stay where they are). */
  rebundle(): void;
  /** Lays the model out again (undoing moved nodes and layers) and bundles it. */
  resetLayout(): void;
  /** Live input: a drawing from the headset's pad, a dropped gallery digit, the digits themselves. */
  drawn(pixels: Float32Array, width: number, height: number): void;
  pickDigit(index: number): void;
  /** Shows (or clears) the selected node's strongest paths. */
  trace(on: boolean): void;
  setSignal(signal: import('../src/scene/network-style').Signal): void;
  digits(): Promise<import('../processing/format/digits').DigitSet>;
  /** Changes the look (the headset opens in the dark one). */
  setLook(patch: Partial<import('../src/scene/network-view').ViewLook>): void;
  /** Held-out evaluation and its error view (the headset shows its chord and bars by the output layer). */
  analysis: import('../src/app/analysis').AnalysisFeature;
  /** A comparison's companions: beside the network on the floor in the headset, each with its platforms. */
  compare: import('../src/app/compare').CompareFeature;
  /** Preferred inputs (the menu puts them on the shelf; their tiles show on the network). */
  preferred: import('../src/app/preferred-inputs').PreferredFeature;
  /** Training playback (the menu's epoch scrubber). */
  playback: import('../src/app/playback').PlaybackFeature;
  /** Shows or hides what only the desktop has: the control panel and the plane labels (the XR menu and signs replace them). */
  showDesktopGui(visible: boolean): void;
}

/** `window.nnwalk.xr`: the experience's state for automation (tests) and the console. World units are metres. */
export interface XrHandle {
  /** Babylon's WebXRState name: NOT_IN_XR, ENTERING_XR, IN_XR, EXITING_XR. */
  state(): string;
  enter(): Promise<void>;
  exit(): Promise<void>;
  /** The network's pose: metres per network unit, yaw, world position of its centre. */
  pose(): { scale: number; yaw: number; position: [number, number, number] };
  defaultScale(): number;
  /** The XR camera's (head's) world position. */
  cameraPosition(): number[];
  /** World position of layer l's landing spot / handle (null when no such layer). */
  landing(l: number): number[] | null;
  handle(l: number): number[] | null;
  nodeWorld(node: number): number[];
  /** World position of a menu control (or one of its option buttons), null when not shown. */
  locateMenu(id: string, option?: string): number[] | null;
  /** Whether the menu is shown, and its corners (world). */
  menuVisible(): boolean;
  menuCorners(): number[][];
  /** Whether the first-use tag on the right hand (teleport, grab) is still shown. */
  startHintVisible(): boolean;
  /** The texts of the hint tags shown on the hands. */
  hintTags(): string[];
  /** The shown mesh nearest to the eyes (comfort: nothing closer than 20 cm at the start). */
  nearestToEyes(): { name: string; distance: number };
  /** A world point seen by the left eye: canvas coordinates ([0, 1]², y down) and depth. */
  project(point: number[]): number[];
  /** World point of texel (column, row), row 0 at the top, of gallery tile k or of the image the network saw. */
  texelPoint(what: number | 'seen', column: number, row: number): number[] | null;
  /** The text a menu stat shows (e.g. 'xr-activation', 'stat-selected'). */
  menuText(id: string): string;
  /** What each hand holds ('node:12', 'layer:1', 'space' or ''), by handedness. */
  holding(): Record<string, string>;
  teleports(): number;
  smooth(): boolean;
  /** World point of the drawing pad at (u, v) ∈ [0, 1]² (v down); of gallery tile k, and its digit index. */
  padPoint(u: number, v: number): number[];
  tilePoint(k: number): number[];
  tileDigit(k: number): number;
  /** World box [min xyz, max xyz] of the input layer. */
  inputLayerBox(): number[];
  /** The map panel beside the hand: shown (plane, channel) or null; world point of its map pixel (row, column). */
  mapPanel(): { plane: number; channel: number } | null;
  mapPanelPoint(row: number, column: number): number[] | null;
  /** The tag's text at the tile texel a ray points at ('' when none). */
  mapReadout(): string;
  /** World point of texel (row, column) of tile k (its record index) as the head sees it now. */
  tileTexelPoint(k: number, row: number, column: number): number[] | null;
  /** World position of a tracked hand's index fingertip (null: no tracked hand). */
  fingertip(side: 'left' | 'right'): number[] | null;
  /** World point of ribbon true → predicted on the errors panel (null: not shown). */
  errorsRibbonPoint(t: number, p: number): number[] | null;
  /** The held-out digit of each shelf tile (the gallery, or a picked ribbon's digits). */
  shelfDigits(): number[];
}
