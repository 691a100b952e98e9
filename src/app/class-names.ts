/** Renaming the classes of the network on screen (models rarely carry their class names). */
import type { Store } from './store';

/** Renames the classes in place (one name per class); throws a sentence otherwise. */
export function renameClasses(store: Store, names: string[]): void {
  const net = store.get().network;
  if (!net) throw new Error('no network to name the classes of');
  if (names.length !== net.classCount || names.some((n) => !n)) throw new Error(`give ${net.classCount} non-empty names separated by commas (got ${names.filter((n) => n).length})`);
  // Renamed in place: a new network object would be a new network to every feature keyed on it.
  net.classNames.splice(0, net.classCount, ...names);
  store.set({ message: store.get().message });
}
