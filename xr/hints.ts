/**
 * What the headset says before the user has done anything, on the hands where the eyes find them: the
 * right hand's tag says how to teleport and grab (gone after the first teleport or grab), the left hand's
 * how to open the menu (shown while the menu is hidden). Tracked hands get the gestures' words.
 */
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import { createTextPlane } from '../src/scene/facing-plane';

export interface XrHints {
  /** The tags (automation: what is shown). */
  readonly tags: Mesh[];
  /** Puts a hand's tag on `hand` (a grip or a wrist) of a controller or a tracked hand; null removes it. */
  attach(side: 'left' | 'right', hand: TransformNode | null, tracked: boolean): void;
  /** Shows the menu tag while the menu is hidden. */
  setMenuShown(shown: boolean): void;
  /** The user teleported or grabbed something: the right hand's tag has done its job. */
  dismissStart(): void;
  readonly startDismissed: boolean;
  /** Whether the teleport-and-grab tag is shown. */
  readonly startShown: boolean;
  /** The lines of the tags shown, each tag's joined by " / " (automation). */
  shownTexts(): string[];
  /** Shows or hides everything (outside XR). */
  setActive(active: boolean): void;
}

const kTagStyle = { fontPx: 34, pixelsPerMetre: 2400, background: '#1d2333', color: '#f2f4f8' };

/** Creates the (hidden) hints. */
export function createXrHints(scene: Scene): XrHints {
  const texts: Record<string, string[]> = {
    'left controller': ['Y: menu'],
    'left hand': ['palm up: menu'],
    'right controller': ['stick forward: teleport', 'squeeze: grab a node or bar'],
    'right hand': ['pinch and hold: grab', 'a node or a layer\'s bar'],
  };
  const tags = new Map(Object.entries(texts).map(([key, lines]) => {
    const tag = createTextPlane(`xr tag ${key}`, lines, key.startsWith('left') ? 0.09 : 0.13, scene, kTagStyle);
    tag.isPickable = false;
    return [key, tag] as const;
  }));
  const attached: Record<'left' | 'right', string | null> = { left: null, right: null };
  let active = false;
  let dismissed = false;
  let menuShown = false;
  const paint = () => {
    for (const [key, tag] of tags) {
      const side = key.startsWith('left') ? 'left' : 'right';
      const wanted = side === 'left' ? !menuShown : !dismissed;
      tag.isVisible = active && wanted && attached[side] === key;
    }
  };
  paint();
  return {
    tags: [...tags.values()],
    get startDismissed() { return dismissed; },
    get startShown() { return [...tags].some(([key, tag]) => key.startsWith('right') && tag.isVisible); },
    shownTexts: () => [...tags].filter(([, tag]) => tag.isVisible).map(([key]) => texts[key].join(' / ')),
    attach(side, hand, tracked) {
      const key = `${side} ${tracked ? 'hand' : 'controller'}`;
      attached[side] = hand ? key : null;
      const tag = tags.get(key)!;
      tag.parent = hand;
      // Just above the hand, tilted towards the eyes.
      tag.position.set(0, 0.06, -0.02);
      tag.rotation.set(-Math.PI / 5, 0, 0);
      paint();
    },
    setMenuShown(shown) {
      menuShown = shown;
      paint();
    },
    dismissStart() {
      dismissed = true;
      paint();
    },
    setActive(on) {
      active = on;
      paint();
    },
  };
}
