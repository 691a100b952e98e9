/**
 * nnwalk's control panel definition: statistics, view (look, colour mode, class visibility, presets),
 * edge and node rendering (nn_vis's six parameters each), processing settings (every processing.json key,
 * Apply re-bundles) and files (load, save, random network, screenshot). Plain data over app actions.
 */
import { embeddedOf, kEmbeddedModels } from '../../app/embedded-models';
import { defaultProcessingConfig, processingSchema, type ProcessingConfig } from '../../../processing/config/processing-config';
import { defaultRenderingConfig, type RenderingConfig } from '../../../processing/config/rendering-config';
import { describeRange, validateConfig } from '../../../processing/config/schema';
import type { AppState, MapSettings } from '../../app/store';
import type { ViewLook } from '../../scene/network-view';
import { colorModeLabel, colorModes, type ColorMode } from '../../scene/network-style';
import { classPalette, cssColor } from '../../scene/palette';
import { textColorOn } from '../contrast';
import { layerOfNode } from '../../scene/node-picking';
import { layerOffsets, type ProcessedNetwork } from '../../../processing/format/processed-network';
import { strongestThresholds } from '../../scene/impostor-records';
import type { Control, Section } from './model';

export interface ControlActions {
  state(): Readonly<AppState>;
  fps(): number;
  /** Nodes and segments the screen-space level of detail leaves out (too small or faint on screen). */
  screenLod(): { nodes: number; segments: number };
  setLook(patch: Partial<ViewLook>): void;
  toggleClass(c: number): void;
  setRendering(patch: Partial<RenderingConfig>): void;
  applyProcessing(cfg: ProcessingConfig): void;
  pickModelFiles(): void;
  /** Opens an embedded network by id (app/embedded-models.ts). */
  openEmbedded(id: string): void;
  pickNetworkFile(): void;
  saveNetwork(): void;
  generateRandom(layerSizes: string): void;
  /** Renames the classes of the network on screen (one name per class); throws a sentence otherwise. */
  renameClasses(names: string[]): void;
  screenshot(): void;
  /** Shows or hides the analysis panel (held-out errors, pruning). */
  toggleAnalysis(): void;
  /** Shows the untrained, trained and L1-regularised MLPs side by side. */
  compareTrio(): void;
  /** Shows or hides the training playback panel. */
  togglePlayback(): void;
  /** Shows or hides the preferred-inputs panel. */
  togglePreferred(): void;
  /** Picks model files to show beside the network on screen. */
  pickCompareFiles(): void;
  /** Feature-map tiles: settings, collapse or expand every plane, exports (rejecting with a sentence). */
  maps: { update(patch: Partial<MapSettings>): void; collapseAll(on: boolean): void; export(what: 'sheets' | 'channels' | 'selected'): Promise<void> };
}

/** A render preset: a look and rendering settings over the defaults (computed for the network on screen where they depend on it). */
export interface RenderPreset { id: string; label: string; look: ViewLook['look']; rendering: (net: ProcessedNetwork | null) => Partial<RenderingConfig> }

/** Strong only: the strongest 1 % of the edges and a quarter of the nodes, drawn clearly (opacity floor 0.3). */
function strongOnly(net: ProcessedNetwork | null): Partial<RenderingConfig> {
  const t = net ? strongestThresholds(net, 0.01, 0.25) : { edge: 0.1, node: 0.1 };
  return { edge_importance_threshold: t.edge, node_importance_threshold: t.node, edge_importance_opacity: 1, node_importance_opacity: 1, edge_base_opacity: 0.3, node_base_opacity: 0.3 };
}

/** Render presets (the desktop list, and what B/Y cycle in the headset). */
export const kRenderPresets: RenderPreset[] = [
  { id: 'transparent', label: 'Transparent', look: 'light', rendering: () => ({}) },
  { id: 'dark', label: 'Dark', look: 'dark', rendering: () => ({}) },
  { id: 'spheres', label: 'Spheres', look: 'shaded', rendering: () => ({ edge_object_radius: 0.008, node_object_radius: 0.03 }) },
  { id: 'strong', label: 'Strong only', look: 'light', rendering: strongOnly },
];

/** Applies render preset `id` (rendering defaults plus the preset's keys, and its look) to the network on screen. */
export function applyRenderPreset(id: string, a: Pick<ControlActions, 'setRendering' | 'setLook' | 'state'>): void {
  const preset = kRenderPresets.find((p) => p.id === id);
  if (!preset) throw new Error(`no render preset "${id}" (presets: ${kRenderPresets.map((p) => p.id).join(', ')})`);
  // The draw limit is not part of a preset's look: keep the user's.
  a.setRendering({ ...defaultRenderingConfig, ...preset.rendering(a.state().network), max_segments: a.state().configs.rendering.max_segments });
  a.setLook({ look: preset.look });
}

/** The preset the current settings match ('' when they match none: a slider was moved). */
export function currentPreset(s: Readonly<AppState>): string {
  const cfg = s.configs.rendering;
  const match = kRenderPresets.find((p) => {
    if (p.look !== s.look.look) return false;
    const want: RenderingConfig = { ...defaultRenderingConfig, ...p.rendering(s.network), max_segments: cfg.max_segments };
    return (Object.keys(want) as (keyof RenderingConfig)[]).every((k) => Math.abs(want[k] - cfg[k]) <= 1e-9 * Math.max(1, Math.abs(want[k])));
  });
  return match?.id ?? '';
}

/** A line describing the selected node (layer and index within it). */
export function describeSelection(s: Readonly<AppState>): string {
  const net = s.network;
  if (!net || s.selected === null) return 'none';
  const offsets = layerOffsets(net.layerSizes);
  const layer = layerOfNode(offsets, s.selected);
  return `layer ${layer}, node ${s.selected - offsets[layer]}`;
}

/** Slider ranges for the rendering keys (config files may go beyond, up to the schema's limits). */
const kSliderRange = { object_radius: [0, 0.2, 0.002], base_opacity: [0, 1, 0.01], importance_opacity: [0, 3, 0.05], depth_opacity: [0, 1, 0.01], opacity_exponent: [0, 3, 0.05], importance_threshold: [0, 1, 0.005] } as const;
const kSliderLabel = { object_radius: 'Size', base_opacity: 'Base opacity', importance_opacity: 'Importance opacity', depth_opacity: 'Depth opacity', opacity_exponent: 'Depth exponent', importance_threshold: 'Importance threshold' } as const;

const modeValue = (m: ColorMode) => (m.kind === 'class' ? `class-${m.k}` : m.kind);

function renderingSliders(part: 'edge' | 'node', a: ControlActions): Control[] {
  return (Object.keys(kSliderRange) as (keyof typeof kSliderRange)[]).map((name) => {
    const key = `${part}_${name}` as keyof RenderingConfig;
    const [min, max, step] = kSliderRange[name];
    return { kind: 'slider', id: key, label: kSliderLabel[name], min, max, step, get: () => a.state().configs.rendering[key], set: (v: number) => a.setRendering({ [key]: v }) };
  });
}

/** The level-of-detail slider (`max_segments`, 0 = automatic by renderer). */
function drawLimit(a: ControlActions): Control {
  return { kind: 'slider', id: 'max_segments', label: 'Draw limit, segments (0 = automatic)', min: 0, max: 500_000, step: 5_000, get: () => a.state().configs.rendering.max_segments, set: (v: number) => a.setRendering({ max_segments: Math.round(v) }) };
}

/** currentPreset, remembered per network, configs and look (the panel asks every refresh; Strong only sorts every edge). */
let presetMemo: { net: unknown; cfg: unknown; look: unknown; id: string } | null = null;
function presetOf(s: Readonly<AppState>): string {
  if (presetMemo?.net !== s.network || presetMemo.cfg !== s.configs.rendering || presetMemo.look !== s.look.look) {
    presetMemo = { net: s.network, cfg: s.configs.rendering, look: s.look.look, id: currentPreset(s) };
  }
  return presetMemo.id;
}

/** Builds the sections; `resetPending()` forgets unapplied processing edits (call when a network loads). */
export function appControls(a: ControlActions): { sections: Section[]; resetPending(): void } {
  const pending = new Map<string, string>();
  let processingMessage = '';
  let filesMessage = '';
  let layerSizes = '100-50-10';
  const net = () => a.state().network;
  const classOptions = () => {
    const n = net();
    if (!n) return [];
    const palette = classPalette(n.classCount);
    return n.classNames.map((name, c) => ({ value: String(c), label: name, color: cssColor(palette, c), textColor: textColorOn(palette, c) }));
  };
  const stat = (id: string, label: string, read: () => string): Control => ({ kind: 'stat', id: `stat-${id}`, label, read });
  const statistics: Section = {
    id: 'statistics', title: 'Statistics', open: true, controls: [
      stat('model', 'model', () => a.state().source.split('/').slice(-2).join('/') || '–'),
      stat('layers', 'layers', () => (net() ? `${net()!.layerSizes.length} (${Array.from(net()!.layerSizes).join('-')})` : '–')),
      stat('nodes', 'nodes shown', () => (net() ? `${a.state().view?.nodesShown ?? 0} of ${net()!.nodePositions.length / 3}` : '–')),
      stat('edges', 'edges shown', () => (net() ? `${a.state().view?.edgesShown ?? 0} of ${net()!.edgeSource.length}${a.state().view?.edgesOverBudget ? ` (${a.state().view!.edgesOverBudget} over the draw limit)` : ''}` : '–')),
      stat('draw-limit', 'draw limit', () => (a.state().view ? `${a.state().view!.segmentBudget.toLocaleString('en')} segments${a.state().configs.rendering.max_segments ? '' : ' (auto)'}` : '–')),
      stat('pruned', 'pruned edges', () => String(net()?.stats.prunedEdges ?? 0)),
      stat('importance', 'importance', () => String(net()?.stats.importanceMethod ?? '–')),
      stat('classes', 'classes', () => (net() ? `${net()!.classCount}${net()!.stats.classComponents ? ` (${net()!.stats.classComponents} components)` : ''}` : '–')),
      stat('segments', 'segments drawn', () => `${a.state().view?.segmentsShown ?? 0}${net()?.stats.bundled ? ' (bundled)' : ' (straight)'}`),
      stat('screen-lod', 'too small on screen', () => {
        const h = a.screenLod();
        return `${h.segments.toLocaleString('en')} segments, ${h.nodes.toLocaleString('en')} nodes not drawn`;
      }),
      stat('samples', 'samples', () => String(net()?.stats.samples ?? '–')),
      stat('grid', 'grid cells (max)', () => String(net()?.stats.gridCellsMax ?? '–')),
      stat('fps', 'FPS', () => a.fps().toFixed(0)),
      stat('draw-calls', 'draw calls', () => String((a.state().view?.drawCalls ?? 0) + (a.state().tiles?.drawCalls ?? 0))),
      stat('tiles', 'feature maps', () => {
        const t = a.state().tiles;
        return t ? `${t.tiles} tiles in ${t.drawCalls} draw call · atlas ${t.atlas} · update ${t.updateMs.toFixed(1)} ms (${t.planesUploaded} planes)` : 'none (live views of CNNs)';
      }),
      stat('selected', 'selected node', () => describeSelection(a.state())),
      stat('backend', 'backend', () => a.state().bundling.used || a.state().bundling.requested || '–'),
    ],
  };
  const view: Section = {
    id: 'view', title: 'View', controls: [
      { kind: 'choice', id: 'preset', label: 'Preset', options: () => kRenderPresets.map((p) => ({ value: p.id, label: p.label })), get: () => presetOf(a.state()), set: (id) => applyRenderPreset(id, a) },
      { kind: 'choice', id: 'look', label: 'Look', options: () => [{ value: 'light', label: 'Light' }, { value: 'dark', label: 'Dark' }, { value: 'shaded', label: 'Shaded' }], get: () => a.state().look.look, set: (v) => a.setLook({ look: v as ViewLook['look'] }) },
      { kind: 'choice', id: 'color-mode', label: 'Colour', options: () => colorModes(net()?.classCount ?? 0).map((m) => ({ value: modeValue(m), label: m.kind === 'class' ? String(m.k) : colorModeLabel(m, []) })), get: () => modeValue(a.state().look.colorMode), set: (v) => {
        const mode = colorModes(net()?.classCount ?? 0).find((m) => modeValue(m) === v);
        if (mode) a.setLook({ colorMode: mode });
      } },
      { kind: 'toggles', id: 'classes', label: 'Visible classes', options: classOptions, isOn: (v) => !a.state().look.hidden.has(Number(v)), toggle: (v) => a.toggleClass(Number(v)) },
      { kind: 'button', id: 'analysis', label: 'Errors and pruning (E)', run: () => a.toggleAnalysis() },
      { kind: 'button', id: 'playback', label: 'Training epochs (T)', run: () => a.togglePlayback() },
      { kind: 'button', id: 'preferred', label: 'Preferred inputs (O)', run: () => a.togglePreferred() },
    ],
  };
  let mapsMessage = '';
  const exportMaps = (what: 'sheets' | 'channels' | 'selected') => () => {
    mapsMessage = '';
    a.maps.export(what).catch((err: Error) => { mapsMessage = err.message; });
  };
  const maps: Section = {
    id: 'maps', title: 'Feature maps', controls: [
      { kind: 'choice', id: 'maps-range', label: 'Colour range', options: () => [{ value: 'plane', label: 'Per plane' }, { value: 'map', label: 'Per map' }, { value: 'global', label: 'Global' }], get: () => a.state().maps.range, set: (v) => a.maps.update({ range: v as MapSettings['range'] }) },
      { kind: 'choice', id: 'maps-collapse', label: 'Planes', options: () => [{ value: 'expanded', label: 'Expanded' }, { value: 'collapsed', label: 'Collapsed' }], get: () => (a.state().maps.collapsed.size ? 'collapsed' : 'expanded'), set: (v) => a.maps.collapseAll(v === 'collapsed') },
      { kind: 'choice', id: 'maps-aggregate', label: 'Collapsed plane shows', options: () => [{ value: 'mean', label: 'Mean' }, { value: 'max', label: 'Max' }], get: () => a.state().maps.aggregate, set: (v) => a.maps.update({ aggregate: v as MapSettings['aggregate'] }) },
      { kind: 'button', id: 'maps-export-sheets', label: 'Export plane sheets (ZIP of PNGs)', run: exportMaps('sheets') },
      { kind: 'button', id: 'maps-export-channels', label: 'Export every map (ZIP, PNG per channel)', run: exportMaps('channels') },
      { kind: 'button', id: 'maps-export-selected', label: 'Export selected channel + kernels (PNG)', run: exportMaps('selected') },
      { kind: 'message', id: 'maps-message', read: () => mapsMessage },
    ],
  };
  const processing: Section = {
    id: 'processing', title: 'Processing (Apply re-bundles)', controls: [
      ...Object.entries(processingSchema).map(([key, spec]): Control => ({
        kind: 'field', id: key, label: key, doc: `${spec.doc} (${describeRange(spec)})`,
        get: () => pending.get(key) ?? String(a.state().configs.processing[key as keyof ProcessingConfig]),
        set: (text) => { pending.set(key, text); },
      })),
      { kind: 'message', id: 'processing-message', read: () => processingMessage },
      { kind: 'button', id: 'processing-defaults', label: 'Defaults', run: () => {
        for (const [key, value] of Object.entries(defaultProcessingConfig)) pending.set(key, String(value));
      } },
      { kind: 'button', id: 'processing-apply', label: 'Apply (re-bundle)', run: () => {
        const raw: Record<string, unknown> = {};
        for (const [key, spec] of Object.entries(processingSchema)) {
          const text = (pending.get(key) ?? String(a.state().configs.processing[key as keyof ProcessingConfig])).trim();
          raw[key] = spec.type === 'boolean' ? (text === 'true' ? true : text === 'false' ? false : text) : text === '' ? NaN : Number(text);
        }
        try {
          const cfg = validateConfig(processingSchema, raw, 'processing settings');
          processingMessage = '';
          pending.clear();
          a.applyProcessing(cfg);
        } catch (err) {
          processingMessage = (err as Error).message;
        }
      } },
    ],
  };
  const files: Section = {
    id: 'files', title: 'Files', controls: [
      { kind: 'choice', id: 'embedded', label: 'Embedded network', options: () => kEmbeddedModels.map((m) => ({ value: m.id, label: m.label })), get: () => embeddedOf(a.state().source)?.id ?? '', set: (id) => a.openEmbedded(id) },
      { kind: 'button', id: 'compare-trio', label: 'Compare untrained · trained · L1', run: () => a.compareTrio() },
      { kind: 'button', id: 'compare-files', label: 'Compare with model files…', run: () => a.pickCompareFiles() },
      { kind: 'button', id: 'load-model', label: 'Load model (ONNX, Keras, tfjs)…', run: () => a.pickModelFiles() },
      { kind: 'button', id: 'load-network', label: 'Load processed network (.nnwalk)…', run: () => a.pickNetworkFile() },
      { kind: 'button', id: 'save-network', label: 'Save processed network (.nnwalk)', run: () => a.saveNetwork() },
      { kind: 'field', id: 'class-names', label: 'class names', doc: 'one name per class, separated by commas (models rarely carry them)', get: () => a.state().network?.classNames.join(', ') ?? '', set: (t) => {
        try {
          filesMessage = '';
          a.renameClasses(t.split(',').map((n) => n.trim()));
        } catch (err) {
          filesMessage = (err as Error).message;
        }
      } },
      { kind: 'field', id: 'random-layers', label: 'random layer sizes', doc: 'layer sizes separated by "-", e.g. 100-50-10 (the last layer is the classes)', get: () => layerSizes, set: (t) => { layerSizes = t; } },
      { kind: 'button', id: 'generate-random', label: 'Generate random network', run: () => {
        try {
          filesMessage = '';
          a.generateRandom(layerSizes);
        } catch (err) {
          filesMessage = (err as Error).message;
        }
      } },
      { kind: 'button', id: 'screenshot', label: 'Screenshot (PNG)', run: () => a.screenshot() },
      { kind: 'message', id: 'files-message', read: () => filesMessage },
    ],
  };
  return {
    sections: [statistics, view, { id: 'edges', title: 'Edges', controls: [...renderingSliders('edge', a), drawLimit(a)] }, { id: 'nodes', title: 'Nodes', controls: renderingSliders('node', a) }, maps, processing, files],
    resetPending: () => { pending.clear(); processingMessage = ''; },
  };
}
