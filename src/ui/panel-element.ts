/** The HTML panels' shared start: a hidden `.panel` with an id and its markup, and a checked lookup of its parts. */

export interface PanelElement {
  readonly panel: HTMLDivElement;
  /** The panel's element matching `selector` (throws naming it when the markup lacks it). */
  part<T extends HTMLElement = HTMLElement>(selector: string): T;
}

/** Appends a hidden panel `id` holding `html` to `root`. */
export function createPanelElement(root: HTMLElement, id: string, html: string): PanelElement {
  const panel = document.createElement('div');
  panel.id = id;
  panel.className = 'panel hidden';
  panel.innerHTML = html;
  root.appendChild(panel);
  return {
    panel,
    part<T extends HTMLElement>(selector: string): T {
      const el = panel.querySelector<T>(selector);
      if (!el) throw new Error(`panel #${id} has no ${selector}`);
      return el;
    },
  };
}
