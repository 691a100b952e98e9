/** Drawing-pad ink on a 2D canvas context, shared by the desktop pad and the headset's pad. */

/** Strokes a round-capped line of `width` pixels (black ink, or white to erase). */
export function strokeLine(ctx: CanvasRenderingContext2D, from: [number, number], to: [number, number], width: number, erase = false): void {
  ctx.strokeStyle = erase ? '#fff' : '#000';
  ctx.lineWidth = width;
  ctx.lineCap = 'round';
  ctx.beginPath();
  ctx.moveTo(...from);
  ctx.lineTo(...to);
  ctx.stroke();
}

/** Clears a `size` × `size` pad to white paper. */
export function clearInk(ctx: CanvasRenderingContext2D, size: number): void {
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, size, size);
}

/** The ink of a `size` × `size` pad: 0 (white paper) … 1 (black), row-major. */
export function readInk(ctx: CanvasRenderingContext2D, size: number): Float32Array {
  const data = ctx.getImageData(0, 0, size, size).data;
  const out = new Float32Array(size * size);
  for (let i = 0; i < out.length; i++) out[i] = 1 - data[i * 4] / 255;
  return out;
}
