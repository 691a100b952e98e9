/**
 * Babylon GUI widgets for the control model (model.ts): one builder used by the desktop panel
 * (gui-panel.ts, fullscreen) and the in-headset menu (xr/menu.ts, a texture on a mesh). Values are
 * re-read from the model on refresh() (sliders and fields only when the user is not editing them).
 */
import type { AdvancedDynamicTexture } from '@babylonjs/gui/2D/advancedDynamicTexture';
import { Button } from '@babylonjs/gui/2D/controls/button';
import { Control as GuiControl } from '@babylonjs/gui/2D/controls/control';
import { InputText } from '@babylonjs/gui/2D/controls/inputText';
import { Slider } from '@babylonjs/gui/2D/controls/sliders/slider';
import { StackPanel } from '@babylonjs/gui/2D/controls/stackPanel';
import { TextBlock } from '@babylonjs/gui/2D/controls/textBlock';
import type { Control } from './model';

/** The highlight of active buttons: white text on it has a contrast of 6:1 (WCAG asks 4.5). */
export const kAccent = '#2f5fb8';
/** The background of an option button that is off. */
export const kOffBackground = '#f2f2f2';

/** A text line. */
export function text(value: string, width: number | string, align = GuiControl.HORIZONTAL_ALIGNMENT_LEFT, color = '#222'): TextBlock {
  const t = new TextBlock(undefined, value);
  t.width = typeof width === 'number' ? `${width}px` : width;
  t.height = '20px';
  t.fontSize = 13;
  t.color = color;
  t.textHorizontalAlignment = align;
  return t;
}

/** A plain button. */
export function button(name: string, label: string, width: number, height = 24): Button {
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

function row(inner: number, height = 22): StackPanel {
  const r = new StackPanel();
  r.isVertical = false;
  r.height = `${height}px`;
  r.width = `${inner}px`;
  return r;
}

export interface WidgetBuilder {
  /** Adds the widgets of `c` to `body`. */
  add(body: StackPanel, c: Control): void;
  /** Re-reads every value from the model. */
  refresh(): void;
  /** Widgets by control id (and `id:option` for option buttons). */
  readonly located: Map<string, GuiControl>;
}

/** A builder for widgets `inner` pixels wide on `ui`. */
export function createWidgetBuilder(ui: AdvancedDynamicTexture, inner: number): WidgetBuilder {
  const kInner = inner;
  const located = new Map<string, GuiControl>();
  const refreshers: (() => void)[] = [];
  let editing: GuiControl | null = null;

  function add(body: StackPanel, c: Control): void {
    switch (c.kind) {
      case 'stat': {
        const r = row(kInner, 20);
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
        const r = row(kInner, 26);
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
              rows.addControl((current = row(kInner, 26)));
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
            // On: the option's colour (or the accent) with text readable on it; off: plain, struck through.
            b.background = on ? (o.color ?? kAccent) : kOffBackground;
            b.color = on ? (o.textColor ?? (o.color ? '#000' : '#fff')) : '#444';
            b.thickness = on && c.kind === 'choice' ? 2 : 1;
            if (b.textBlock) b.textBlock.lineThrough = !on && c.kind === 'toggles';
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
  return { add, refresh, located };
}

/** Whether a widget and every ancestor are visible (folded sections hide their controls). */
export function isShown(control: GuiControl): boolean {
  for (let c: GuiControl | null = control; c; c = c.parent) if (!c.isVisible) return false;
  return true;
}
