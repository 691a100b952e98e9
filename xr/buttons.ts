/**
 * Controller shortcuts: A/X cycle the class highlighting (colour mode) as nn_vis's VR tool had it, B cycles
 * the render presets, Y shows and hides the menu (the left controller's ☰ button belongs to the system
 * and never reaches a WebXR page), a thumbstick click puts the network back at its default pose.
 */
import type { WebXRInput } from '@babylonjs/core/XR/webXRInput';
import type { WebXRControllerComponent } from '@babylonjs/core/XR/motionController/webXRControllerComponent';

export interface ButtonActions {
  cycleColorMode(): void;
  cyclePreset(): void;
  resetPose(): void;
  toggleMenu(): void;
}

/** Component ids (WebXR input profiles) and what a press does. */
const kBindings: [string, keyof ButtonActions][] = [
  ['a-button', 'cycleColorMode'],
  ['x-button', 'cycleColorMode'],
  ['b-button', 'cyclePreset'],
  ['y-button', 'toggleMenu'],
  ['xr-standard-thumbstick', 'resetPose'],
];

/** Wires the buttons of every controller `input` reports. */
export function bindXrButtons(input: WebXRInput, actions: ButtonActions): void {
  input.onControllerAddedObservable.add((source) => {
    source.onMotionControllerInitObservable.add((mc) => {
      for (const [id, action] of kBindings) {
        const component: WebXRControllerComponent | null = mc.getComponent(id);
        // Fires on every value change: act on the press only.
        component?.onButtonStateChangedObservable.add((c) => {
          if (c.changes.pressed?.current) actions[action]();
        });
      }
    });
  });
}
