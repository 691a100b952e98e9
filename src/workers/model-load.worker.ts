/**
 * Parses a model file off the main thread, so a large file leaves the page responsive and Cancel can end
 * the work at once (the worker is terminated). Answers with the model graph or the one-sentence error.
 */
import { loadModelFiles, urlCompanions, type NamedBytes } from '../../processing/model/load-model-files';
import type { ModelGraph } from '../../processing/model/model-graph';

export interface ModelLoadRequest { files: NamedBytes[]; baseUrl: string | null; maxConnections: number }
export type ModelLoadReply = { graph: ModelGraph } | { error: string };

self.onmessage = (e: MessageEvent<ModelLoadRequest>) => {
  const { files, baseUrl, maxConnections } = e.data;
  loadModelFiles(files, { maxConnections, ...(baseUrl ? { companions: urlCompanions(baseUrl) } : {}) }).then(
    (graph) => self.postMessage({ graph } satisfies ModelLoadReply),
    (err: unknown) => self.postMessage({ error: err instanceof Error ? err.message : String(err) } satisfies ModelLoadReply),
  );
};
