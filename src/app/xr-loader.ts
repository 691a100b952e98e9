/**
 * The headset experience, loaded only where immersive VR may be offered (its code is a separate chunk;
 * the desktop never waits on it). On success it is published as `window.nnwalk.xr` for automation.
 */
import type { Scene } from '@babylonjs/core/scene';
import type { Control } from '../ui/controls/model';
import type { XrLink } from '../../xr/xr-link';

/** Starts loading the experience over `link` with the desktop's `controls`; `status()` says how far it got. */
export function loadXr(scene: Scene, link: XrLink, controls: Control[]): { status(): string } {
  let status = 'starting';
  import('../../xr/xr-experience').then(({ createXrExperience }) => createXrExperience(scene, link, controls)).then((xr) => {
    status = xr ? 'ready' : 'unavailable: this browser offers no immersive VR';
    if (xr) window.nnwalk!.xr = xr;
  }, (err: unknown) => {
    status = `unavailable: ${(err as Error).message}`;
    console.warn('nnwalk: WebXR setup failed:', err);
  });
  return { status: () => status };
}
