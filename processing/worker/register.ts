/** Exposes the bundling service through Comlink in a dedicated worker (idempotent; called by the worker entry). */
import * as Comlink from 'comlink';
import { createBundlingService } from './bundling-service';

let registered = false;

/** Exposes the service on the worker's global scope. */
export function registerBundlingWorker(): void {
  if (registered) return;
  registered = true;
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  Comlink.expose(createBundlingService({ gpu: nav?.gpu, transfer: Comlink.transfer }));
}
