/**
 * The overlay layout: every HTML panel lives in one of the docks around a free area (a CSS grid), so
 * panels stack instead of overlapping, and the camera frames the network inside the free area, so no
 * panel covers it. The control panel is drawn by Babylon GUI in the canvas along the left edge, its
 * toggle at the top left; while it is open the docks keep clear of its column. The side columns run the
 * full height (a network is wider than tall: height is what the picture needs most); the top and bottom
 * rows hold only what is transient.
 *
 *     left   top    right      Controls toggle, legend, details, key hint | banner | input panel
 *     left   free   right      the network (the bundling bar floats at its bottom while a job runs)
 *     left   bottom right      the full key help (while shown)
 */

export type DockSide = 'top' | 'left' | 'right' | 'bottom';

export interface Docks {
  /** The container of each dock (append panels to it; order = stacking order); `free` takes floating overlays only. */
  readonly top: HTMLElement;
  readonly free: HTMLElement;
  readonly left: HTMLElement;
  readonly right: HTMLElement;
  readonly bottom: HTMLElement;
  /** Keeps the docks clear of a column of `px` pixels on the left edge (the open control panel); 0 frees it. */
  reserveLeft(px: number): void;
  /** The free area in canvas pixels (CSS), where the network is framed. */
  freeRect(): { x: number; y: number; width: number; height: number };
  /** Calls `fn` whenever the free area changes size or place (panels open, close, grow; the window resizes). */
  onFreeRectChange(fn: () => void): () => void;
  dispose(): void;
}

/** Builds the docks inside `root` (which also holds the canvas, positioned at the same origin). */
export function createDocks(root: HTMLElement): Docks {
  const grid = document.createElement('div');
  grid.id = 'docks';
  const make = (side: DockSide | 'free') => {
    const el = document.createElement('div');
    el.id = `dock-${side}`;
    grid.appendChild(el);
    return el;
  };
  const left = make('left');
  const top = make('top');
  const free = make('free');
  const right = make('right');
  const bottom = make('bottom');
  // Room for the Babylon GUI's "Controls" toggle (top left of the canvas); the open panel's column covers it.
  const toggleRoom = document.createElement('div');
  toggleRoom.className = 'toggle-room';
  left.appendChild(toggleRoom);
  root.appendChild(grid);

  const listeners = new Set<() => void>();
  let last = '';
  const notify = () => {
    const r = free.getBoundingClientRect();
    const key = `${r.x},${r.y},${r.width},${r.height}`;
    if (key === last) return;
    last = key;
    for (const fn of listeners) fn();
  };
  const observer = new ResizeObserver(notify);
  observer.observe(free);
  // A panel moving between docks can shift the free area without resizing it.
  const mutations = new MutationObserver(() => requestAnimationFrame(notify));
  mutations.observe(grid, { subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'style'] });

  return {
    top,
    free,
    left,
    right,
    bottom,
    reserveLeft(px) {
      grid.style.paddingLeft = px > 0 ? `${px + 10}px` : '';
      toggleRoom.classList.toggle('hidden', px > 0);
    },
    freeRect() {
      const r = free.getBoundingClientRect();
      const base = root.getBoundingClientRect();
      return { x: r.x - base.x, y: r.y - base.y, width: r.width, height: r.height };
    },
    onFreeRectChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    dispose() {
      observer.disconnect();
      mutations.disconnect();
      grid.remove();
      listeners.clear();
    },
  };
}
