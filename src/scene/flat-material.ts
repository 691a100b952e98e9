/** Unlit one-colour materials for the scene's plain meshes (the scene has no lights: the impostors shade themselves). */
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import type { Color3 } from '@babylonjs/core/Maths/math.color';
import type { Scene } from '@babylonjs/core/scene';

/** An unlit material of one colour (optionally translucent). */
export function flatMaterial(name: string, scene: Scene, color: Color3, alpha = 1): StandardMaterial {
  const m = new StandardMaterial(name, scene);
  m.disableLighting = true;
  m.emissiveColor = color;
  m.alpha = alpha;
  return m;
}
