/**
 * The control panel as plain data: sections of controls, each reading and changing app state through
 * functions. One definition, several presentations: the desktop panel (gui-panel.ts, a fullscreen Babylon
 * GUI) now, the in-headset panel (a mesh GUI) in the XR issue. Nothing here knows how it is drawn.
 */

/** An option button: its own background `color` when on (a class colour) with `textColor` readable on it. */
export interface Option { value: string; label: string; color?: string; textColor?: string }

export type Control =
  /** A read-only row (statistics). */
  | { kind: 'stat'; id: string; label: string; read(): string }
  /** A number in [min, max]. */
  | { kind: 'slider'; id: string; label: string; min: number; max: number; step: number; get(): number; set(value: number): void; doc?: string }
  /** A typed field (numbers, booleans or text), validated by whoever applies it. */
  | { kind: 'field'; id: string; label: string; get(): string; set(text: string): void; doc?: string }
  /** One of several options (rendered as a row of buttons). */
  | { kind: 'choice'; id: string; label: string; options(): Option[]; get(): string; set(value: string): void }
  /** Several on/off switches (rendered as a row of toggle buttons). */
  | { kind: 'toggles'; id: string; label: string; options(): Option[]; isOn(value: string): boolean; toggle(value: string): void }
  /** An action. */
  | { kind: 'button'; id: string; label: string; run(): void }
  /** A message line (errors of the section's last action). */
  | { kind: 'message'; id: string; read(): string };

export interface Section {
  id: string;
  title: string;
  controls: Control[];
  /** Open when the panel is first shown. */
  open?: boolean;
}

/** Finds a control by id across sections (throws naming the id when missing). */
export function findControl(sections: Section[], id: string): Control {
  for (const s of sections) for (const c of s.controls) if (c.id === id) return c;
  throw new Error(`no control with id "${id}"`);
}
