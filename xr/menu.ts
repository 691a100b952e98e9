/**
 * The in-headset menu: the desktop panel's controls (same model, same actions) drawn by the same widget
 * builder onto a texture on a plane. Fullscreen GUI is not shown inside an immersive session and Babylon's
 * 3D GUI fetches assets from a CDN, so it is a plane + 2D GUI texture. Hidden at start; when shown (the Y
 * button, or a tracked left hand turned palm up) it appears in front of the eyes — 38 cm ahead, a little
 * low and to the left, turned to face them — in two columns so that it covers under a quarter of the
 * view, and stays there until hidden. The right hand's ray clicks it (Babylon's pointer selection feeds
 * the texture's pointer events).
 */
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import { faceToward } from '../src/scene/facing-plane';
import { CreatePlane } from '@babylonjs/core/Meshes/Builders/planeBuilder';
import { Mesh } from '@babylonjs/core/Meshes/mesh';
import type { Scene } from '@babylonjs/core/scene';
import { AdvancedDynamicTexture } from '@babylonjs/gui/2D/advancedDynamicTexture';
import { Rectangle } from '@babylonjs/gui/2D/controls/rectangle';
import { StackPanel } from '@babylonjs/gui/2D/controls/stackPanel';
import { Control as GuiControl } from '@babylonjs/gui/2D/controls/control';
import { TextBlock } from '@babylonjs/gui/2D/controls/textBlock';
import type { Control } from '../src/ui/controls/model';
import { createWidgetBuilder, isShown } from '../src/ui/controls/gui-widgets';

/** Menu size in metres, its GUI size in pixels (two columns) and texels per GUI pixel. */
const kWidthMetres = 0.42;
const kGuiWidth = 640;
const kGuiHeight = 520;
const kHeightMetres = (kWidthMetres * kGuiHeight) / kGuiWidth;
const kInner = 300;
const kTexels = 2;
/** Where the menu appears relative to the eyes when shown: ahead, left, down (metres). */
const kAhead = 0.38;
const kLeft = 0.1;
const kDown = 0.14;

export interface XrMenu {
  readonly mesh: Mesh;
  readonly visible: boolean;
  /** Re-reads every value from the model. */
  refresh(): void;
  /** Shows the menu in front of a head at `eye` looking along `forward` (world), or hides it. */
  show(eye: Vector3, forward: Vector3): void;
  hide(): void;
  /** The text a stat or message control shows ('' when unknown). */
  text(id: string): string;
  /** World position of a control's centre (or of one option button), when shown. */
  locate(id: string, option?: string): Vector3 | null;
  /** World positions of the menu's four corners (automation: its share of the view). */
  corners(): number[][];
  dispose(): void;
}

/** Creates the (hidden) menu showing `columns` of controls side by side. */
export function createXrMenu(scene: Scene, columns: Control[][]): XrMenu {
  const mesh = CreatePlane('xr menu', { width: kWidthMetres, height: kHeightMetres, sideOrientation: Mesh.DOUBLESIDE }, scene);
  mesh.isVisible = false;
  mesh.isPickable = false;
  const ui = AdvancedDynamicTexture.CreateForMesh(mesh, kGuiWidth * kTexels, kGuiHeight * kTexels);
  ui.idealWidth = kGuiWidth;
  const frame = new Rectangle('xr menu frame');
  frame.background = '#ffffffee';
  frame.color = '#bbb';
  frame.thickness = 2;
  frame.cornerRadius = 8;
  ui.addControl(frame);
  const row = new StackPanel('xr menu row');
  row.isVertical = false;
  row.verticalAlignment = GuiControl.VERTICAL_ALIGNMENT_TOP;
  row.height = `${kGuiHeight}px`;
  frame.addControl(row);
  const widgets = createWidgetBuilder(ui, kInner);
  columns.forEach((controls, i) => {
    const column = new StackPanel(`xr menu column ${i}`);
    column.width = `${kInner + 16}px`;
    column.paddingLeft = '8px';
    column.paddingRight = '8px';
    column.verticalAlignment = GuiControl.VERTICAL_ALIGNMENT_TOP;
    column.paddingTop = '6px';
    row.addControl(column);
    if (i === 0) {
      const title = new TextBlock('xr menu title', 'nnwalk · Y hides this menu');
      title.height = '24px';
      title.fontSize = 15;
      title.fontWeight = 'bold';
      title.color = '#222';
      column.addControl(title);
    }
    for (const c of controls) widgets.add(column, c);
  });
  widgets.refresh();
  const setShown = (on: boolean) => {
    mesh.isVisible = on;
    mesh.isPickable = on;
  };

  return {
    mesh,
    get visible() { return mesh.isVisible; },
    refresh: () => widgets.refresh(),
    show(eye, forward) {
      // Level the gaze so the menu sits upright, then place it ahead, left and low, turned to the eyes.
      const flat = new Vector3(forward.x, 0, forward.z);
      if (flat.lengthSquared() < 1e-6) flat.set(0, 0, -1);
      flat.normalize();
      const left = Vector3.Cross(flat, Vector3.Up()).normalize().scale(-1);
      mesh.position.copyFrom(eye.add(flat.scale(kAhead)).add(left.scale(kLeft)).add(new Vector3(0, -kDown, 0)));
      faceToward(mesh, eye);
      setShown(true);
      widgets.refresh();
    },
    hide: () => setShown(false),
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
    corners() {
      const world = mesh.computeWorldMatrix(true);
      return [[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([x, y]) => Vector3.TransformCoordinates(new Vector3((x * kWidthMetres) / 2, (y * kHeightMetres) / 2, 0), world).asArray());
    },
    dispose() {
      ui.dispose();
      mesh.dispose();
    },
  };
}
