/** Adds event listeners to a target and returns one function that removes them all. */
export function listen<M>(target: { addEventListener: EventTarget['addEventListener']; removeEventListener: EventTarget['removeEventListener'] }, handlers: { [K in keyof M]?: (e: M[K]) => void }): () => void {
  const entries = Object.entries(handlers) as [string, EventListener][];
  for (const [type, fn] of entries) target.addEventListener(type, fn);
  return () => { for (const [type, fn] of entries) target.removeEventListener(type, fn); };
}
