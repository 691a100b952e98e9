import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProcessingConfig, processingSchema } from '../../processing/config/processing-config';
import { defaultRenderingConfig, renderingSchema } from '../../processing/config/rendering-config';
import { parseConfig, validateConfig } from '../../processing/config/schema';

const configs = join(import.meta.dirname, '..', '..', 'configs');

describe('configs', () => {
  it('the committed files hold exactly the schema defaults (nn_vis §4, §3.3)', () => {
    expect(parseConfig(processingSchema, readFileSync(join(configs, 'processing.json'), 'utf8'), 'processing.json')).toEqual(defaultProcessingConfig);
    expect(JSON.parse(readFileSync(join(configs, 'processing.json'), 'utf8'))).toEqual(defaultProcessingConfig);
    expect(JSON.parse(readFileSync(join(configs, 'rendering.json'), 'utf8'))).toEqual(defaultRenderingConfig);
    expect(defaultProcessingConfig).toMatchObject({ layer_distance: 0.4, layer_width: 1, sampling_rate: 15, prune_percentage: 0, node_bandwidth_reduction: 0.95, edge_bandwidth_reduction: 0.9, edge_importance_type: 0, smoothing: true, smoothing_iterations: 8 });
    expect(defaultRenderingConfig).toMatchObject({ edge_object_radius: 0.02, edge_importance_opacity: 1.1, edge_opacity_exponent: 0.25, node_object_radius: 0.04, node_importance_opacity: 1, node_opacity_exponent: 0.5, node_importance_threshold: 0.01 });
  });

  it('fills missing keys with defaults', () => {
    expect(validateConfig(processingSchema, { sampling_rate: 7.5 }, 'p.json')).toEqual({ ...defaultProcessingConfig, sampling_rate: 7.5 });
  });

  it('names the key and the allowed range on bad values', () => {
    const bad: [unknown, string][] = [
      [{ prune_percentage: 1 }, "p.json: 'prune_percentage' must be a number in [0, 1), got 1"],
      [{ node_bandwidth_reduction: 0 }, "p.json: 'node_bandwidth_reduction' must be a number in (0, 1), got 0"],
      [{ edge_importance_type: 1.5 }, "p.json: 'edge_importance_type' must be a whole number in [0, 3], got 1.5"],
      [{ edge_importance_type: 4 }, "p.json: 'edge_importance_type' must be a whole number in [0, 3], got 4"],
      [{ smoothing: 'yes' }, `p.json: 'smoothing' must be true or false, got "yes"`],
      [{ layer_width: '1' }, `p.json: 'layer_width' must be a number in (0, 100], got "1"`],
      [{ layer_distance: null }, "p.json: 'layer_distance' must be a number in (0, 100], got null"],
    ];
    for (const [value, message] of bad) expect(() => validateConfig(processingSchema, value, 'p.json')).toThrow(message);
    expect(() => validateConfig(renderingSchema, { edge_base_opacity: 2 }, 'r.json')).toThrow("r.json: 'edge_base_opacity' must be a number in [0, 1], got 2");
  });

  it('rejects unknown keys, non-objects and invalid JSON', () => {
    expect(() => validateConfig(processingSchema, { sampling_rte: 15 }, 'p.json')).toThrow(/p.json: unknown key 'sampling_rte' \(known keys: layer_distance, /);
    expect(() => validateConfig(renderingSchema, [1], 'r.json')).toThrow('r.json: expected a JSON object of settings, got a list');
    expect(() => parseConfig(renderingSchema, '{"edge_object_radius": }', 'r.json')).toThrow(/r.json: not valid JSON/);
  });
});

describe('README', () => {
  it('documents every config key', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    for (const key of [...Object.keys(processingSchema), ...Object.keys(renderingSchema)]) expect(readme).toContain(`\`${key}\``);
  });
});
