/** How a look blends (shared by the impostors and the feature-map tiles, so both compose in any order). */
import { Constants } from '@babylonjs/core/Engines/constants';
import { Material } from '@babylonjs/core/Materials/material';
import type { Look } from './impostor-material';

/** Light: MIN over white; dark: MAX over black (each pixel keeps the darkest / brightest fragment: order-independent); shaded: opaque with the depth test. */
export function applyLookBlending(material: Material, look: Look): void {
  if (look === 'shaded') {
    material.transparencyMode = Material.MATERIAL_OPAQUE;
    material.alphaMode = Constants.ALPHA_DISABLE;
    material.depthFunction = Constants.LEQUAL;
    material.disableDepthWrite = false;
  } else {
    material.transparencyMode = Material.MATERIAL_ALPHABLEND;
    material.alphaMode = look === 'dark' ? Constants.ALPHA_MAX : Constants.ALPHA_MIN;
    material.depthFunction = Constants.ALWAYS;
    material.disableDepthWrite = true;
  }
}
