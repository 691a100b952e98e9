/**
 * The in-headset menu's contents: the desktop panel's view controls and importance thresholds (the very
 * same control objects, so both act alike), plus what only the headset needs — the selected node,
 * bundling status, re-bundle / reset layout / reset scale, and smooth locomotion.
 */
import type { AppState } from '../src/app/store';
import { findControl, type Control } from '../src/ui/controls/model';
import { kSignals, type Signal } from '../src/scene/network-style';

/** Desktop controls shown in the headset, in order. */
export const kSharedControlIds = ['preset', 'look', 'color-mode', 'classes', 'edge_importance_threshold', 'node_importance_threshold', 'maps-range', 'maps-collapse', 'stat-selected'];

export interface MenuActions {
  state(): Readonly<AppState>;
  resetPose(): void;
  rebundle(): void;
  resetLayout(): void;
  trace(on: boolean): void;
  setSignal(signal: Signal): void;
  smooth(): boolean;
  setSmooth(on: boolean): void;
  /** The errors panel by the output layer (evaluates the held-out digits first when needed). */
  errorsShown(): boolean;
  toggleErrors(): void;
  /** The shelf shows the chosen plane's preferred inputs (computed first when needed), or the gallery again. */
  preferredShown(): boolean;
  togglePreferred(): void;
  /** Training playback: the snapshots' epochs (empty: none), the one shown, showing one, playing. */
  epochs(): number[];
  epochShown(): number;
  showEpoch(index: number): void;
  playing(): boolean;
  play(on: boolean): void;
}

/** Builds the menu's two columns (the shared view controls; the selection and what only the headset has) from the desktop sections' controls and `a`. */
export function xrMenuControls(desktop: Control[], a: MenuActions): Control[][] {
  const sections = [{ id: 'all', title: '', controls: desktop }];
  const bundling = () => {
    const b = a.state().bundling;
    return b.state === 'running' ? `running (${b.stage || 'start'})` : b.state === 'done' ? `done in ${(b.elapsedMs / 1000).toFixed(1)} s` : b.state;
  };
  // Several desktop labels rely on their section's title ("Edges", "Nodes"); the menu has no sections.
  const relabel: Record<string, string> = { edge_importance_threshold: 'Edge importance threshold', node_importance_threshold: 'Node importance threshold' };
  const shared = kSharedControlIds.map((id) => {
    const c = findControl(sections, id);
    return relabel[id] && 'label' in c ? { ...c, label: relabel[id] } : c;
  });
  return [shared.slice(0, -1), [
    shared[shared.length - 1],
    { kind: 'stat', id: 'xr-activation', label: 'its activation', read: () => {
      const s = a.state();
      if (s.selected === null || !s.input) return '–';
      return `${(s.input.live.normalised[s.selected] * 100).toFixed(0)} % of its layer's largest`;
    } },
    { kind: 'stat', id: 'xr-prediction', label: 'prediction', read: () => {
      const s = a.state();
      return s.input ? `${s.network?.classNames[s.input.live.predicted] ?? s.input.live.predicted} (${(100 * s.input.live.output[s.input.live.predicted]).toFixed(0)} %)` : '–';
    } },
    { kind: 'toggles', id: 'xr-trace', label: 'Selected node', options: () => [{ value: 'trace', label: 'Trace its paths' }], isOn: () => !!a.state().look.trace, toggle: () => a.trace(!a.state().look.trace) },
    { kind: 'stat', id: 'xr-bundling', label: 'bundling', read: bundling },
    { kind: 'button', id: 'xr-rebundle', label: 'Re-bundle', run: a.rebundle },
    { kind: 'button', id: 'xr-reset-layout', label: 'Reset layout (undo moves)', run: a.resetLayout },
    { kind: 'button', id: 'xr-reset-pose', label: 'Reset scale and position', run: a.resetPose },
    { kind: 'choice', id: 'xr-signal', label: 'View', options: () => kSignals.map((v) => ({ value: v, label: v[0].toUpperCase() + v.slice(1) })), get: () => a.state().look.signal, set: (v) => a.setSignal(v as Signal) },
    { kind: 'choice', id: 'xr-epoch', label: 'Training epoch', options: () => {
      const epochs = a.epochs();
      return epochs.length ? epochs.map((e, i) => ({ value: String(i), label: String(e) })) : [{ value: 'none', label: 'no snapshots' }];
    }, get: () => String(a.epochShown()), set: (v) => { if (v !== 'none') a.showEpoch(Number(v)); } },
    { kind: 'toggles', id: 'xr-play', label: 'Training', options: () => [{ value: 'play', label: 'Play the epochs' }], isOn: () => a.playing(), toggle: () => a.play(!a.playing()) },
    { kind: 'toggles', id: 'xr-errors', label: 'Held-out digits', options: () => [{ value: 'errors', label: 'What it gets wrong' }], isOn: () => a.errorsShown(), toggle: () => a.toggleErrors() },
    { kind: 'toggles', id: 'xr-preferred', label: 'Preferred inputs', options: () => [{ value: 'shelf', label: 'On the shelf' }], isOn: () => a.preferredShown(), toggle: () => a.togglePreferred() },
    { kind: 'toggles', id: 'xr-smooth', label: 'Locomotion', options: () => [{ value: 'smooth', label: 'Smooth (thumbstick)' }], isOn: () => a.smooth(), toggle: () => a.setSmooth(!a.smooth()) },
  ]];
}
