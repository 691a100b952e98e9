/**
 * The in-headset menu: the desktop panel's controls (same model, same actions) drawn by the same widget
 * builder onto a texture on a small plane held by the left hand. Fullscreen GUI is not shown inside an
 * immersive session and Babylon's 3D GUI fetches assets from a CDN, so it is a plane + 2D GUI texture.
 * The right hand's ray clicks it (Babylon's pointer selection feeds the texture's pointer events).
 */
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import { CreatePlane } from '@babylonjs/core/Meshes/Builders/planeBuilder';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import { AdvancedDynamicTexture } from '@babylonjs/gui/2D/advancedDynamicTexture';
import { Rectangle } from '@babylonjs/gui/2D/controls/rectangle';
import { StackPanel } from '@babylonjs/gui/2D/controls/stackPanel';
import { Control as GuiControl } from '@babylonjs/gui/2D/controls/control';
import { TextBlock } from '@babylonjs/gui/2D/controls/textBlock';
import type { Control } from '../src/ui/controls/model';
import { createWidgetBuilder, isShown } from '../src/ui/controls/gui-widgets';

/** Menu size in metres and its texture resolution (texels per GUI pixel: 2). */
const kWidthMetres = 0.26;
const kHeightMetres = 0.58;
const kGuiWidth = 320;
const kInner = 300;
const kTexels = 2;

export interface XrMenu {
  readonly mesh: Mesh;
  /** Re-reads every value from the model. */
  refresh(): void;
  /** Holds the menu in `hand` (a controller's grip), or hides it (null). */
  attach(hand: TransformNode | null): void;
  /** The text a stat or message control shows ('' when unknown). */
  text(id: string): string;
  /** World position of a control's centre (or of one option button), when shown. */
  locate(id: string, option?: string): Vector3 | null;
  dispose(): void;
}

/** Creates the (hidden) menu showing `controls`. */
export function createXrMenu(scene: Scene, controls: Control[]): XrMenu {
  const heightPx = Math.round((kGuiWidth * kHeightMetres) / kWidthMetres);
  const mesh = CreatePlane('xr menu', { width: kWidthMetres, height: kHeightMetres }, scene);
  mesh.isVisible = false;
  const ui = AdvancedDynamicTexture.CreateForMesh(mesh, kGuiWidth * kTexels, heightPx * kTexels);
  ui.idealWidth = kGuiWidth;
  const frame = new Rectangle('xr menu frame');
  frame.background = '#ffffffee';
  frame.color = '#bbb';
  frame.thickness = 2;
  frame.cornerRadius = 8;
  ui.addControl(frame);
  const column = new StackPanel('xr menu column');
  column.width = `${kInner}px`;
  column.verticalAlignment = GuiControl.VERTICAL_ALIGNMENT_TOP;
  column.paddingTop = '6px';
  frame.addControl(column);
  const title = new TextBlock('xr menu title', 'nnwalk');
  title.height = '24px';
  title.fontSize = 16;
  title.fontWeight = 'bold';
  title.color = '#222';
  column.addControl(title);
  const widgets = createWidgetBuilder(ui, kInner);
  for (const c of controls) widgets.add(column, c);
  widgets.refresh();

  return {
    mesh,
    refresh: () => widgets.refresh(),
    attach(hand) {
      mesh.parent = hand;
      mesh.isVisible = !!hand;
      mesh.isPickable = !!hand;
      if (!hand) return;
      // Above the left hand, turned towards the eyes like a held tablet.
      mesh.position.set(0.02, 0.16, -0.08);
      mesh.rotation.set(-Math.PI / 5, 0, 0);
    },
    text(id) {
      widgets.refresh();
      const control = widgets.located.get(id);
      return control instanceof TextBlock ? control.text : '';
    },
    locate(id, option) {
      const control = widgets.located.get(option === undefined ? id : `${id}:${option}`);
      if (!control || !mesh.isVisible || !isShown(control)) return null;
      const size = ui.getSize();
      // Laid out past the texture's edge: not on the menu.
      if (control.centerY > size.height || control.centerY < 0) return null;
      // Inverse of the texture's picking: x = u·width, y = (1 − v)·height; the plane spans uv [0, 1]².
      const u = control.centerX / size.width;
      const v = 1 - control.centerY / size.height;
      const local = new Vector3((u - 0.5) * kWidthMetres, (v - 0.5) * kHeightMetres, 0);
      return Vector3.TransformCoordinates(local, mesh.computeWorldMatrix(true));
    },
    dispose() {
      ui.dispose();
      mesh.dispose();
    },
  };
}
