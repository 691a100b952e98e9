/**
 * Carrying an image by hand on the desktop: after a press, a floating copy follows the pointer once it
 * has moved a few pixels, and the release says where it was let go — or that it was a click. The
 * preferred-inputs panel's grid and the preferred-input tiles on the network both carry this way.
 */

/** Pointer travel (CSS pixels) below which a press is a click. */
const kClickSlop = 4;
/** Side of the floating copy in CSS pixels. */
const kGhostPx = 42;

/**
 * Follows a press at page point (x0, y0): `image` draws the copy when the drag starts (region sx, sy, sw × sh
 * of its source); on release, `onClick()` when it never moved, else `onDrop(x, y)` at the release point.
 */
export function followPress(x0: number, y0: number, image: () => { source: CanvasImageSource; sx: number; sy: number; sw: number; sh: number }, onClick: () => void, onDrop: (x: number, y: number) => void): void {
  let ghost: HTMLCanvasElement | null = null;
  const move = (m: PointerEvent) => {
    if (!ghost && Math.hypot(m.clientX - x0, m.clientY - y0) < kClickSlop) return;
    ghost ??= createGhost(image());
    ghost.style.left = `${m.clientX - kGhostPx / 2}px`;
    ghost.style.top = `${m.clientY - kGhostPx / 2}px`;
  };
  const up = (m: PointerEvent) => {
    window.removeEventListener('pointermove', move);
    window.removeEventListener('pointerup', up);
    if (!ghost) { onClick(); return; }
    ghost.remove();
    onDrop(m.clientX, m.clientY);
  };
  window.addEventListener('pointermove', move);
  window.addEventListener('pointerup', up);
}

/** The floating copy: kGhostPx square, crisp pixels, above everything, transparent to the pointer. */
function createGhost({ source, sx, sy, sw, sh }: ReturnType<Parameters<typeof followPress>[2]>): HTMLCanvasElement {
  const ghost = document.createElement('canvas');
  ghost.width = kGhostPx;
  ghost.height = kGhostPx;
  ghost.className = 'preferred-ghost';
  const g = ghost.getContext('2d')!;
  g.imageSmoothingEnabled = false;
  g.drawImage(source, sx, sy, sw, sh, 0, 0, kGhostPx, kGhostPx);
  Object.assign(ghost.style, { position: 'fixed', pointerEvents: 'none', opacity: '0.85', zIndex: '50', boxShadow: '0 2px 6px rgba(0,0,0,0.4)' });
  document.body.appendChild(ghost);
  return ghost;
}
