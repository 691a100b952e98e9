/** The configs the app starts with: the repository's configs/*.json, validated like any user file. */
import processingJson from '../../configs/processing.json';
import renderingJson from '../../configs/rendering.json';
import { processingSchema, type ProcessingConfig } from '../../processing/config/processing-config';
import { renderingSchema, type RenderingConfig } from '../../processing/config/rendering-config';
import { validateConfig } from '../../processing/config/schema';

/** Validated startup configs; throws naming the file and key when configs/ was edited into something invalid. */
export function startupConfigs(): { processing: ProcessingConfig; rendering: RenderingConfig } {
  return {
    processing: validateConfig(processingSchema, processingJson, 'configs/processing.json'),
    rendering: validateConfig(renderingSchema, renderingJson, 'configs/rendering.json'),
  };
}
