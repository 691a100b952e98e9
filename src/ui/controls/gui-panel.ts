/**
 * The desktop presentation of the control panel: a fullscreen Babylon GUI column on the left, behind a
 * "Controls" toggle at the top left (closed at start so the network has the whole view). Sections fold; values are
 * re-read from the model on refresh(); the widgets themselves come from gui-widgets.ts.
 */
import { AdvancedDynamicTexture } from '@babylonjs/gui/2D/advancedDynamicTexture';
import type { Button } from '@babylonjs/gui/2D/controls/button';
import { Control as GuiControl } from '@babylonjs/gui/2D/controls/control';
import { InputText } from '@babylonjs/gui/2D/controls/inputText';
import { Rectangle } from '@babylonjs/gui/2D/controls/rectangle';
import { ScrollViewer } from '@babylonjs/gui/2D/controls/scrollViewers/scrollViewer';
import { StackPanel } from '@babylonjs/gui/2D/controls/stackPanel';
import { TextBlock } from '@babylonjs/gui/2D/controls/textBlock';
import type { Scene } from '@babylonjs/core/scene';
import type { Section } from './model';
import { button, createWidgetBuilder, isShown, kOffBackground } from './gui-widgets';

export interface GuiPanel {
  isOpen(): boolean;
  setOpen(open: boolean): void;
  /** Opens the panel with one section unfolded. */
  openSection(id: string): void;
  /** Re-reads every value from the model. */
  refresh(): void;
  /** True while a field has the keyboard (global key bindings stand aside). */
  hasFocus(): boolean;
  /** Hides the whole GUI (toggle included), e.g. for a clean screenshot. */
  hide(hidden: boolean): void;
  /** The text an element shows (stat values, messages, field contents); '' when unknown. */
  text(id: string): string;
  /** Canvas-pixel centre of a control (or of one option button of a choice/toggles control), if shown. */
  locate(id: string, option?: string): { x: number; y: number } | null;
  /** Whether an option button of a choice or toggles control is shown as on (highlighted). */
  optionOn(id: string, option: string): boolean;
  /** Canvas-pixel rectangles of the toggle button and (when open) the panel. */
  rects(): { x: number; y: number; width: number; height: number }[];
  dispose(): void;
}

const kWidth = 330;
const kInner = 300;

/** Builds the panel for `sections` in `scene`; `onOpen(open, width)` hears when the panel's column (width in CSS pixels, margin included) opens or closes. */
export function createGuiPanel(scene: Scene, sections: Section[], onOpen: (open: boolean, width: number) => void = () => undefined): GuiPanel {
  const ui = AdvancedDynamicTexture.CreateFullscreenUI('controls', true, scene);
  const widgets = createWidgetBuilder(ui, kInner);
  const located = widgets.located;

  const toggle = button('controls-toggle', '☰ Controls', 110, 28);
  toggle.horizontalAlignment = GuiControl.HORIZONTAL_ALIGNMENT_LEFT;
  toggle.verticalAlignment = GuiControl.VERTICAL_ALIGNMENT_TOP;
  toggle.left = '10px';
  toggle.top = '10px';
  ui.addControl(toggle);
  located.set('controls-toggle', toggle);

  const frame = new Rectangle('controls');
  frame.width = `${kWidth}px`;
  frame.height = '88%';
  frame.top = '44px';
  frame.left = '10px';
  frame.horizontalAlignment = GuiControl.HORIZONTAL_ALIGNMENT_LEFT;
  frame.verticalAlignment = GuiControl.VERTICAL_ALIGNMENT_TOP;
  frame.background = '#ffffffee';
  frame.color = '#bbb';
  frame.cornerRadius = 6;
  frame.isPointerBlocker = true;
  frame.isVisible = false;
  ui.addControl(frame);
  const scroll = new ScrollViewer('controls-scroll');
  scroll.thickness = 0;
  scroll.barSize = 10;
  frame.addControl(scroll);
  const column = new StackPanel('controls-column');
  column.width = `${kInner + 10}px`;
  column.paddingLeft = '6px';
  scroll.addControl(column);
  const setOpen = (open: boolean) => {
    if (frame.isVisible === open) return;
    frame.isVisible = open;
    onOpen(open, kWidth + 10);
  };
  toggle.onPointerClickObservable.add(() => setOpen(!frame.isVisible));

  const bodies = new Map<string, { body: StackPanel; header: Button; title: string }>();
  const fold = (id: string, open: boolean) => {
    const s = bodies.get(id)!;
    s.body.isVisible = open;
    s.header.textBlock!.text = `${open ? '▾' : '▸'} ${s.title}`;
  };

  for (const section of sections) {
    const header = button(`section-${section.id}`, '', kInner, 26);
    header.background = '#e8eef9';
    header.textBlock!.textHorizontalAlignment = GuiControl.HORIZONTAL_ALIGNMENT_LEFT;
    header.textBlock!.paddingLeft = '6px';
    header.paddingTop = '4px';
    column.addControl(header);
    located.set(`section-${section.id}`, header);
    const body = new StackPanel(`body-${section.id}`);
    body.width = `${kInner}px`;
    column.addControl(body);
    bodies.set(section.id, { body, header, title: section.title });
    header.onPointerClickObservable.add(() => fold(section.id, !body.isVisible));
    fold(section.id, section.open === true);
    for (const c of section.controls) widgets.add(body, c);
  }

  const refresh = () => widgets.refresh();
  refresh();
  return {
    isOpen: () => frame.isVisible,
    setOpen,
    openSection(id) {
      // Accordion: the asked-for section alone, at the top of the column.
      setOpen(true);
      for (const other of bodies.keys()) fold(other, other === id);
      scroll.verticalBar.value = 0;
    },
    refresh,
    hasFocus: () => !!ui.focusedControl,
    hide(hidden) { ui.rootContainer.isVisible = !hidden; },
    text(id) {
      const control = located.get(id);
      if (control instanceof TextBlock || control instanceof InputText) return control.text;
      return '';
    },
    locate(id, option) {
      const control = located.get(option === undefined ? id : `${id}:${option}`);
      if (!control || !control.isVisible || !isShown(control)) return null;
      // Scrolled out of the panel's window: not clickable.
      if (control.centerY < frame.centerY - frame.heightInPixels / 2 || control.centerY > frame.centerY + frame.heightInPixels / 2) return null;
      return { x: control.centerX, y: control.centerY };
    },
    optionOn(id, option) {
      const b = located.get(`${id}:${option}`) as Button | undefined;
      return !!b && b.background !== kOffBackground;
    },
    rects() {
      const rect = (c: GuiControl) => ({ x: c.centerX - c.widthInPixels / 2, y: c.centerY - c.heightInPixels / 2, width: c.widthInPixels, height: c.heightInPixels });
      return [toggle, frame].filter((c) => c.isVisible && ui.rootContainer.isVisible).map(rect);
    },
    dispose() { ui.dispose(); },
  };
}
