/** The networks that ship with nnwalk (src/assets/models, made by `npm run train-default`), by short name. */

export interface EmbeddedModel { id: string; label: string; dir: string }

export const kEmbeddedModels: EmbeddedModel[] = [
  { id: 'mlp', label: 'MLP 784-81-49-10 (default)', dir: 'mnist-mlp' },
  { id: 'mlp-untrained', label: 'MLP, untrained', dir: 'mnist-mlp-untrained' },
  { id: 'mlp-l1', label: 'MLP, L1-regularised', dir: 'mnist-mlp-l1' },
  { id: 'lenet', label: 'LeNet (CNN)', dir: 'mnist-lenet' },
  { id: 'resnet', label: 'ResNet (CNN, residual)', dir: 'mnist-resnet' },
];

/** URL of an embedded network's model.json. */
export function embeddedModelUrl(m: EmbeddedModel): string {
  return `${import.meta.env.BASE_URL}models/${m.dir}/model.json`;
}

/** `?model=` value → URL: an embedded network's name (`lenet`, `resnet`, …) or any model.json URL. */
export function resolveModelParam(value: string): string {
  const m = kEmbeddedModels.find((e) => e.id === value || e.dir === value);
  return m ? embeddedModelUrl(m) : value;
}

/** The embedded network a source path names, if any (for the Files section's choice). */
export function embeddedOf(source: string): EmbeddedModel | undefined {
  return kEmbeddedModels.find((m) => source === `${m.dir}/model.json`);
}
