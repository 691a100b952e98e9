/** Desktop key bindings (the help overlay lists them). */
import type { CameraController } from '../scene/camera-controller';
import { listen } from './listen';

export interface KeyActions {
  screenshot(): void;
  toggleHelp(): void;
  toggleProcessing(): void;
  cancelBundling(): void;
  cycleColorMode(): void;
  cycleLook(): void;
  togglePanel(): void;
  /** The live-input panel (drawing pad, gallery). */
  toggleInput(): void;
  /** Importance → activation → blend. */
  cycleSignal(): void;
  /** Feature maps: collapse / expand (the selected node's plane, else all). */
  toggleMaps(): void;
  /** Feature maps: colour range per plane → per map → global. */
  cycleRange(): void;
  /** The analysis panel (held-out errors, pruning). */
  toggleAnalysis(): void;
  /** The training playback panel; a step to the previous / next epoch. */
  togglePlayback(): void;
  stepEpoch(by: number): void;
  /** The preferred-inputs panel (feature visualization). */
  togglePreferred(): void;
  /** Back to the default view (fitted to the free area). */
  defaultView(): void;
  /** True while a control panel field has the keyboard. */
  isTyping(): boolean;
}

/** Input types that take no keys of their own (a slider takes the arrows). */
const kKeyless = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file']);

/** Wires keys on `target`; returns a function that removes the listeners. */
export function bindKeys(target: Window, camera: CameraController, actions: KeyActions): () => void {
  // Text fields and sliders take keys; a ticked checkbox or a pressed button keeps the shortcuts working.
  const typing = (e: KeyboardEvent) => (e.target instanceof HTMLInputElement && !kKeyless.has(e.target.type)) || e.target instanceof HTMLTextAreaElement || actions.isTyping();
  const down = (e: KeyboardEvent) => {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) return;
    if (camera.setMoveKey(e.key, true)) return;
    if (camera.applyPreset(e.key)) return;
    const k = e.key.toLowerCase();
    if (k === 'h') camera.setAutoRotate(!camera.autoRotate);
    else if (k === 'k' && !e.repeat) actions.screenshot();
    else if (k === '?') actions.toggleHelp();
    else if (k === 'p') actions.toggleProcessing();
    else if (k === 'c') actions.cycleColorMode();
    else if (k === 'l') actions.cycleLook();
    else if (k === 'g') actions.togglePanel();
    else if (k === 'i') actions.toggleInput();
    else if (k === 'v') actions.cycleSignal();
    else if (k === 'f') actions.defaultView();
    else if (k === 'm') actions.toggleMaps();
    else if (k === 'r') actions.cycleRange();
    else if (k === 'e') actions.toggleAnalysis();
    else if (k === 't') actions.togglePlayback();
    else if (k === 'o') actions.togglePreferred();
    else if (e.key === ',' || e.key === '.') actions.stepEpoch(e.key === ',' ? -1 : 1);
    else if (e.key === 'Escape') actions.cancelBundling();
  };
  const up = (e: KeyboardEvent) => { camera.setMoveKey(e.key, false); };
  // Releasing focus must not leave a movement key stuck down.
  const blur = () => { for (const k of 'wasd') camera.setMoveKey(k, false); };
  return listen<WindowEventMap>(target, { keydown: down, keyup: up, blur });
}
