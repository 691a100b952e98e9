/**
 * The headset's side of the analysis feature: the errors panel by the output layer, shown from the menu
 * (which evaluates the held-out digits first when needed), the shelf showing a picked ribbon's digits
 * (squeeze one and drop it on the input layer to see its wrong path), and the trigger on the panel.
 */
import type { Ray } from '@babylonjs/core/Culling/ray';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import { createXrErrorsPanel } from './errors-panel';
import type { XrLink } from './xr-link';
import type { XrInputFixtures } from './xr-pad';

export interface XrErrors {
  readonly shown: boolean;
  toggle(): void;
  /** Redraws after a session or network change. */
  refresh(): void;
  /** A trigger with this ray: true when the panel took it. */
  trigger(ray: Ray): boolean;
  ribbonPoint(t: number, p: number): number[] | null;
  dispose(): void;
}

/** Wires the panel and the shelf to `link.analysis`; `inXr` says whether the session is on. */
export function createXrErrors(scene: Scene, root: TransformNode, link: XrLink, shelf: XrInputFixtures, inXr: () => boolean): XrErrors {
  const panel = createXrErrorsPanel(scene, root);
  let wanted = false;
  let shelfFor: unknown = null;
  const refresh = () => {
    const view = link.analysis.view();
    panel.render(view, link.store.get().network, wanted && inXr());
    if (view.ribbon !== shelfFor) {
      shelfFor = view.ribbon;
      const samples = view.ribbon?.samples ?? null;
      link.digits().then((set) => shelf.showDigits(set, samples), () => undefined);
    }
  };
  const unsubscribe = link.analysis.subscribe(refresh);
  // Moved nodes or a new layout move the output layer: the panel follows.
  let netFor: unknown = null;
  const unwatch = link.store.subscribe((s) => {
    if (s.network === netFor) return;
    netFor = s.network;
    if (wanted) refresh();
  });
  return {
    get shown() { return wanted; },
    toggle() {
      wanted = !wanted;
      if (wanted && !link.analysis.view().errors) void link.analysis.evaluate();
      refresh();
    },
    refresh,
    trigger(ray) {
      const hit = panel.trigger(ray);
      if (hit?.kind === 'ribbon') link.analysis.pickRibbon(hit.t, hit.p);
      else if (hit?.kind === 'class') link.analysis.colourClass(hit.k);
      return hit !== null;
    },
    ribbonPoint: (t, p) => panel.ribbonPoint(t, p),
    dispose() {
      unsubscribe();
      unwatch();
      panel.dispose();
    },
  };
}
