/**
 * The desktop presentation of the control panel: a fullscreen Babylon GUI column on the right, behind a
 * "Controls" toggle (closed at start so the network has the whole view). Sections fold; values are
 * re-read from the model on refresh() (sliders and fields only when the user is not editing them).
 */
import { AdvancedDynamicTexture } from '@babylonjs/gui/2D/advancedDynamicTexture';
import { Button } from '@babylonjs/gui/2D/controls/button';
import { Control as GuiControl } from '@babylonjs/gui/2D/controls/control';
import { InputText } from '@babylonjs/gui/2D/controls/inputText';
import { Rectangle } from '@babylonjs/gui/2D/controls/rectangle';
import { ScrollViewer } from '@babylonjs/gui/2D/controls/scrollViewers/scrollViewer';
import { Slider } from '@babylonjs/gui/2D/controls/sliders/slider';
import { StackPanel } from '@babylonjs/gui/2D/controls/stackPanel';
import { TextBlock } from '@babylonjs/gui/2D/controls/textBlock';
import type { Scene } from '@babylonjs/core/scene';
import type { Control, Section } from './model';

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
  dispose(): void;
}

const kWidth = 330;
const kInner = 300;
const kAccent = '#4a7bd8';

function text(value: string, width: number | string, align = GuiControl.HORIZONTAL_ALIGNMENT_LEFT, color = '#222'): TextBlock {
  const t = new TextBlock(undefined, value);
  t.width = typeof width === 'number' ? `${width}px` : width;
  t.height = '20px';
  t.fontSize = 13;
  t.color = color;
  t.textHorizontalAlignment = align;
  return t;
}

function button(name: string, label: string, width: number, height = 24): Button {
  const b = Button.CreateSimpleButton(name, label);
  b.width = `${width}px`;
  b.height = `${height}px`;
  b.fontSize = 12;
  b.color = '#222';
  b.background = '#f2f2f2';
  b.thickness = 1;
  b.cornerRadius = 3;
  return b;
}

function row(height = 22): StackPanel {
  const r = new StackPanel();
  r.isVertical = false;
  r.height = `${height}px`;
  r.width = `${kInner}px`;
  return r;
}

/** Builds the panel for `sections` in `scene`. */
export function createGuiPanel(scene: Scene, sections: Section[]): GuiPanel {
  const ui = AdvancedDynamicTexture.CreateFullscreenUI('controls', true, scene);
  const located = new Map<string, GuiControl>();
  const refreshers: (() => void)[] = [];
  let editing: GuiControl | null = null;

  const toggle = button('controls-toggle', '☰ Controls', 110, 28);
  toggle.horizontalAlignment = GuiControl.HORIZONTAL_ALIGNMENT_RIGHT;
  toggle.verticalAlignment = GuiControl.VERTICAL_ALIGNMENT_TOP;
  toggle.left = '-10px';
  toggle.top = '10px';
  ui.addControl(toggle);
  located.set('controls-toggle', toggle);

  const frame = new Rectangle('controls');
  frame.width = `${kWidth}px`;
  frame.height = '88%';
  frame.top = '44px';
  frame.left = '-10px';
  frame.horizontalAlignment = GuiControl.HORIZONTAL_ALIGNMENT_RIGHT;
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
  toggle.onPointerClickObservable.add(() => { frame.isVisible = !frame.isVisible; });

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
    for (const c of section.controls) addControl(body, c);
  }

  function addControl(body: StackPanel, c: Control): void {
    switch (c.kind) {
      case 'stat': {
        const r = row(20);
        r.addControl(text(c.label, 130));
        const value = text(c.read(), kInner - 130, GuiControl.HORIZONTAL_ALIGNMENT_RIGHT);
        value.fontWeight = 'bold';
        value.textWrapping = 2; // TextWrapping.Ellipsis (a const enum, not importable under isolatedModules)
        r.addControl(value);
        body.addControl(r);
        located.set(c.id, value);
        refreshers.push(() => { value.text = c.read(); });
        return;
      }
      case 'slider': {
        const label = text('', kInner);
        const slider = new Slider(c.id);
        slider.minimum = c.min;
        slider.maximum = c.max;
        slider.step = c.step;
        slider.height = '18px';
        slider.width = `${kInner - 10}px`;
        slider.color = kAccent;
        slider.background = '#ccc';
        slider.value = c.get();
        const show = () => { label.text = `${c.label}: ${Number(c.get().toFixed(4))}`; };
        show();
        slider.onValueChangedObservable.add((v) => {
          if (Math.abs(v - c.get()) < 1e-9) return;
          c.set(v);
          show();
        });
        body.addControl(label);
        body.addControl(slider);
        located.set(c.id, slider);
        refreshers.push(() => {
          if (editing !== slider) slider.value = Math.min(c.max, Math.max(c.min, c.get()));
          show();
        });
        slider.onPointerDownObservable.add(() => { editing = slider; });
        slider.onPointerUpObservable.add(() => { editing = null; });
        return;
      }
      case 'field': {
        const r = row(26);
        r.addControl(text(c.label, 170));
        const input = new InputText(c.id, c.get());
        input.width = `${kInner - 172}px`;
        input.height = '22px';
        input.fontSize = 12;
        input.color = '#222';
        input.background = '#fff';
        input.focusedBackground = '#fff';
        input.thickness = 1;
        input.onTextChangedObservable.add(() => c.set(input.text));
        r.addControl(input);
        body.addControl(r);
        located.set(c.id, input);
        refreshers.push(() => { if (ui.focusedControl !== input) input.text = c.get(); });
        return;
      }
      case 'choice':
      case 'toggles': {
        body.addControl(text(c.label, kInner, GuiControl.HORIZONTAL_ALIGNMENT_LEFT, '#555'));
        const rows = new StackPanel(`${c.id}-rows`);
        rows.width = `${kInner}px`;
        body.addControl(rows);
        let signature = '';
        const build = () => {
          const options = c.options();
          const next = options.map((o) => `${o.value}=${o.label}`).join('|');
          if (next === signature) return;
          signature = next;
          rows.clearControls();
          // Buttons sized to their labels, wrapped onto as many rows as needed.
          const widths = options.map((o) => Math.max(34, 7 * o.label.length + 16));
          let current: StackPanel | null = null;
          let used = Infinity;
          options.forEach((o, i) => {
            if (used + widths[i] > kInner) {
              rows.addControl((current = row(26)));
              used = 0;
            }
            used += widths[i];
            const b = button(`${c.id}:${o.value}`, o.label, widths[i] - 2);
            b.paddingRight = '2px';
            b.onPointerClickObservable.add(() => {
              ui.focusedControl = null;
              if (c.kind === 'choice') c.set(o.value);
              else c.toggle(o.value);
              paint();
            });
            current!.addControl(b);
            located.set(`${c.id}:${o.value}`, b);
          });
        };
        const paint = () => {
          for (const o of c.options()) {
            const b = located.get(`${c.id}:${o.value}`) as Button | undefined;
            if (!b) continue;
            const on = c.kind === 'choice' ? c.get() === o.value : c.isOn(o.value);
            b.background = o.color && on ? o.color : on ? kAccent : '#f2f2f2';
            b.alpha = on || c.kind === 'choice' ? 1 : 0.45;
            b.color = on && !o.color ? '#fff' : '#222';
          }
        };
        refreshers.push(() => { build(); paint(); });
        build();
        paint();
        return;
      }
      case 'button': {
        const b = button(c.id, c.label, kInner);
        b.paddingTop = '2px';
        b.onPointerClickObservable.add(() => {
          // A field being edited keeps its text (set on every keystroke); drop the focus so it shows the model again.
          ui.focusedControl = null;
          c.run();
          refresh();
        });
        body.addControl(b);
        located.set(c.id, b);
        return;
      }
      case 'message': {
        const m = text('', kInner, GuiControl.HORIZONTAL_ALIGNMENT_LEFT, '#a00');
        m.textWrapping = true;
        m.resizeToFit = true;
        body.addControl(m);
        located.set(c.id, m);
        refreshers.push(() => { m.text = c.read(); });
        return;
      }
    }
  }

  function refresh(): void {
    for (const r of refreshers) r();
  }
  refresh();
  return {
    isOpen: () => frame.isVisible,
    setOpen(open) { frame.isVisible = open; },
    openSection(id) {
      // Accordion: the asked-for section alone, at the top of the column.
      frame.isVisible = true;
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
    dispose() { ui.dispose(); },
  };
}

/** Whether every ancestor is visible too (folded sections hide their controls). */
function isShown(control: GuiControl): boolean {
  for (let c: GuiControl | null = control; c; c = c.parent) if (!c.isVisible) return false;
  return true;
}
