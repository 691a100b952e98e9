/**
 * The impostor node material (nn_vis §3.1–3.3), shared by nodes and edges: each thin instance is a box
 * whose instance matrix maps the unit cube onto the bounding box of its object, which is the image of the
 * unit sphere under that matrix — a sphere for nodes, a stretched ellipsoid per polyline segment for edges.
 * The fragment stage casts the eye ray in the instance's unit-sphere space, discards misses, writes the
 * hit's depth, and shades one of three looks:
 * - light: nn_vis's transparency over white (colour pre-composited over white, MIN blending, depth test off);
 * - dark: the mirror image over black (pre-composited over black, MAX blending);
 * - shaded: opaque Phong-like spheres and tubes with the depth test (the "Sphere" presets).
 * Opacity α = [(1−IO)+IO·a]·[(1−DO)+DO·d]·[ρ^DE·(1−BO)] + BO, with a the instance's importance alpha, d the
 * relative depth over the whole network's extent (near 1, far 0) and ρ the thickness along the ray.
 * Instances at or below the importance threshold, or whose best possible α is ≤ 0, collapse in the vertex
 * stage (no fragments); so do those the screen-space level of detail leaves out (screen-lod.ts, same rule).
 */
import { NodeMaterial } from '@babylonjs/core/Materials/Node/nodeMaterial';
import { FragDepthBlock } from '@babylonjs/core/Materials/Node/Blocks/Fragment/fragDepthBlock';
import { DiscardBlock } from '@babylonjs/core/Materials/Node/Blocks/Fragment/discardBlock';
import { FragmentOutputBlock } from '@babylonjs/core/Materials/Node/Blocks/Fragment/fragmentOutputBlock';
import { VertexOutputBlock } from '@babylonjs/core/Materials/Node/Blocks/Vertex/vertexOutputBlock';
import { InstancesBlock } from '@babylonjs/core/Materials/Node/Blocks/Vertex/instancesBlock';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { Scene } from '@babylonjs/core/scene';
import { applyLookBlending } from './look-blending';
import { kLodMinPixels, kLodMinShade } from '../screen-lod';
import {
  add, attribute, clamp, columns, constant, div, dot, greater, inStage, length, max, mix, mul, negate, normalize, pow, PortType, reflect, split,
  sin, sqrt, sub, system, SystemValue, transform, uniform, vec, type Port,
} from './graph';

/** Per-instance attribute names (besides the matrix): RGBA (rgb, importance alpha a) and the thresholded value. */
export const kColorAttribute = 'impostorColor';
export const kImportanceAttribute = 'impostorImportance';
/** Where a segment sits along its edge (0 at the source, 1 at the target); 0 for nodes. */
export const kFlowAttribute = 'impostorFlow';

export type Look = 'light' | 'dark' | 'shaded';

/** nn_vis's six shader parameters minus Size (Size shapes the instance matrices). */
export interface OpacityParameters {
  baseOpacity: number;
  importanceOpacity: number;
  depthOpacity: number;
  opacityExponent: number;
  importanceThreshold: number;
}

export interface ImpostorMaterial {
  material: NodeMaterial;
  setOpacity(p: OpacityParameters): void;
  setLook(look: Look): void;
  /** View-space depths of the nearest and farthest point of the network (for d), and the world light direction. */
  setView(near: number, far: number, light: Vector3): void;
  /** Feature-map level of detail: nodes (whose flow attribute is their tile's half side) fade out between `low` and `high` pixels of tile; off for edges. */
  setTileLod(on: boolean, low: number, high: number, pixelsPerUnit: number, rootScale: number): void;
  /** The live view's signal flow: pulses travelling from source to target with depth `strength` (0: off) at `time` (s). */
  setFlow(strength: number, time: number): void;
  /** Screen-space level of detail (screen-lod.ts): the camera's pixels per unit at distance 1; 0 turns it off. */
  setScreenLod(pixelsPerUnit: number): void;
  dispose(): void;
}

/** Builds and compiles the impostor material. */
export function createImpostorMaterial(name: string, scene: Scene): ImpostorMaterial {
  const material = new NodeMaterial(name, scene, { emitComments: false });
  const u = {
    threshold: uniform('importanceThreshold', 0),
    io: uniform('importanceOpacity', 1),
    do: uniform('depthOpacity', 0.5),
    de: uniform('opacityExponent', 0.5),
    bo: uniform('baseOpacity', 0),
    near: uniform('depthNear', 0),
    far: uniform('depthFar', 1),
    dark: uniform('dark', 0),
    shaded: uniform('shaded', 0),
    light: uniform('lightDirection', new Vector3(1, 1, 1).normalize()),
    flowStrength: uniform('flowStrength', 0),
    flowTime: uniform('flowTime', 0),
    // Feature-map level of detail (node layer only): a node whose tile is large on screen fades out.
    tileLodOn: uniform('tileLodOn', 0),
    tileLodLow: uniform('tileLodLow', 14),
    tileLodHigh: uniform('tileLodHigh', 28),
    pixelsPerUnit: uniform('pixelsPerUnit', 1),
    rootScale: uniform('rootScale', 1),
    lodPixelsPerUnit: uniform('lodPixelsPerUnit', 0),
  };
  const one = constant(1);
  const zero = constant(0);
  const camera = system(SystemValue.CameraPosition);
  const viewProjection = system(SystemValue.ViewProjection);
  const color = attribute(kColorAttribute, PortType.Vector4);
  const importance = attribute(kImportanceAttribute, PortType.Float);
  const flow = attribute(kFlowAttribute, PortType.Float);
  const corner = attribute('position', PortType.Vector3);

  // Vertex stage: the instance frame, the culling decision, the box corner and the camera in unit-sphere space.
  const v = inStage('vertex', () => {
    const instances = new InstancesBlock('instances');
    for (let i = 0; i < 4; i++) attribute(`world${i}`, PortType.Vector4).connectTo(instances.getInputByName(`world${i}`)!);
    system(SystemValue.World).connectTo(instances.world);
    const world = instances.output;
    const cols = columns(world).map((c) => split(c).xyz);
    // axis_i / |axis_i|²: dotting a world offset with it gives the unit-sphere coordinate i.
    const scaled = cols.slice(0, 3).map((c) => div(c, dot(c, c)));
    const centre = cols[3];
    const a = split(color).w;
    const bestAlpha = add(mul(add(sub(one, u.io.output), mul(u.io.output, a)), sub(one, u.bo.output)), u.bo.output);
    // A node's flow attribute holds its tile's half side (0: no tile): fade it out as the tile grows on screen.
    const tilePx = div(mul(mul(mul(constant(2), flow), u.rootScale.output), u.pixelsPerUnit.output), max(length(sub(camera, cols[3])), constant(1e-6)));
    const grown = clamp(div(sub(tilePx, u.tileLodLow.output), max(sub(u.tileLodHigh.output, u.tileLodLow.output), constant(1e-6))));
    const tileFade = sub(one, mul(u.tileLodOn.output, grown));
    const visible = greater(tileFade, mul(u.shaded.output, constant(0.5)), one, zero);
    // Screen-space LOD: the thinnest axis's on-screen width, and best α × coverage (shaded: opaque, width only).
    const axes = cols.slice(0, 3).map((c) => length(c));
    const thinnest = negate(max(negate(axes[0]), max(negate(axes[1]), negate(axes[2]))));
    const px = div(mul(mul(constant(2), thinnest), u.lodPixelsPerUnit.output), max(length(sub(camera, centre)), constant(1e-6)));
    const shade = add(mul(bestAlpha, clamp(px)), u.shaded.output);
    const onScreen = greater(constant(kLodMinPixels), px, zero, greater(constant(kLodMinShade), shade, zero, one));
    const lodKeep = greater(u.lodPixelsPerUnit.output, zero, onScreen, one);
    const keep = mul(mul(greater(importance, u.threshold.output, greater(add(bestAlpha, u.shaded.output), zero, one, zero), zero), visible), lodKeep);
    const local = mul(corner, keep);
    const worldPos = transform(vec(split(local).x, split(local).y, split(local).z, one), world);
    const output = new VertexOutputBlock('vertexOutput');
    transform(worldPos, viewProjection).connectTo(output.vector);
    material.addOutputNode(output);
    const offset = sub(camera, centre);
    const localCamera = vec(dot(offset, scaled[0]), dot(offset, scaled[1]), dot(offset, scaled[2]));
    return { local, localCamera, worldPos: split(worldPos).xyz, scaled, tileFade };
  });

  inStage('fragment', () => {
    const toCorner = sub(v.local, v.localCamera);
    const travelled = length(toCorner);
    const dir = div(toCorner, travelled);
    const b = dot(v.localCamera, dir);
    const disc = sub(mul(b, b), sub(dot(v.localCamera, v.localCamera), one));
    const discard = new DiscardBlock('miss');
    disc.connectTo(discard.value);
    zero.connectTo(discard.cutoff);
    material.addOutputNode(discard);
    const half = sqrt(max(disc, zero));
    // Front hit (clamped to the eye when the camera is inside the object).
    const t = max(sub(negate(b), half), zero);
    const hit = add(camera, mul(div(t, travelled), sub(v.worldPos, camera)));
    const hitLocal = add(v.localCamera, mul(dir, t));
    const depth = new FragDepthBlock('depth');
    vec(split(hit).x, split(hit).y, split(hit).z, one).connectTo(depth.worldPos);
    viewProjection.connectTo(depth.viewProjection);
    material.addOutputNode(depth);

    const rgb = split(color).xyz;
    const a = split(color).w;
    const viewDepth = dot(sub(hit, camera), system(SystemValue.CameraForward));
    const d = div(sub(u.far.output, viewDepth), max(sub(u.far.output, u.near.output), constant(1e-6)));
    const importanceTerm = add(sub(one, u.io.output), mul(u.io.output, a));
    const depthTerm = add(sub(one, u.do.output), mul(u.do.output, d));
    const thickness = mul(pow(max(half, constant(1e-6)), u.de.output), sub(one, u.bo.output));
    // Signal flow (live view only): three pulses per edge travelling source → target, one per second.
    const wave = add(constant(0.5), mul(constant(0.5), sin(mul(constant(2 * Math.PI), sub(mul(flow, constant(3)), u.flowTime.output)))));
    const pulse = sub(one, mul(u.flowStrength.output, sub(one, wave)));
    const alpha = mul(clamp(mul(add(mul(mul(importanceTerm, depthTerm), thickness), u.bo.output), pulse)), v.tileFade);
    const transparent = add(mul(rgb, alpha), mul(sub(one, alpha), sub(one, u.dark.output)));
    const shaded = phong(rgb, hitLocal, v.scaled, normalize(sub(hit, camera)), u.light.output);
    const out = new FragmentOutputBlock('fragmentOutput');
    mix(transparent, shaded, u.shaded.output).connectTo(out.rgb);
    one.connectTo(out.a);
    material.addOutputNode(out);
  });

  material.build(false);
  // Draw only the box faces turned away from the eye: each pixel is ray-cast once per object, and a camera
  // inside an object (walking through a node in XR) still gets fragments. The cube (impostor-layer.ts) is
  // wound counter-clockwise seen from outside, the front side in this right-handed scene: cull those.
  material.backFaceCulling = true;
  material.cullBackFaces = false;
  const handle: ImpostorMaterial = {
    material,
    setOpacity(p) {
      u.threshold.value = p.importanceThreshold;
      u.io.value = p.importanceOpacity;
      u.do.value = p.depthOpacity;
      u.de.value = p.opacityExponent;
      u.bo.value = p.baseOpacity;
    },
    setLook(look) {
      u.dark.value = look === 'dark' ? 1 : 0;
      u.shaded.value = look === 'shaded' ? 1 : 0;
      applyLookBlending(material, look);
    },
    setTileLod(on, low, high, pixelsPerUnit, rootScale) {
      u.tileLodOn.value = on ? 1 : 0;
      u.tileLodLow.value = low;
      u.tileLodHigh.value = high;
      u.pixelsPerUnit.value = pixelsPerUnit;
      u.rootScale.value = rootScale;
    },
    setScreenLod(pixelsPerUnit) {
      u.lodPixelsPerUnit.value = pixelsPerUnit;
    },
    setFlow(strength, time) {
      u.flowStrength.value = strength;
      u.flowTime.value = time;
    },
    setView(near, far, light) {
      u.near.value = near;
      u.far.value = far;
      (u.light.value as Vector3).copyFrom(light);
    },
    dispose() {
      material.dispose(true);
    },
  };
  handle.setLook('light');
  return handle;
}

/** nn_vis's opaque sphere shading: 0.2 ambient + diffuse + a faint specular; `light` is (1, 1, 1) in view space. */
function phong(rgb: Port, hitLocal: Port, scaled: Port[], ray: Port, light: Port): Port {
  const h = split(hitLocal);
  const normal = normalize(add(add(mul(scaled[0], h.x), mul(scaled[1], h.y)), mul(scaled[2], h.z)));
  const zero = constant(0);
  const diffuse = clamp(mul(rgb, max(dot(normal, light), zero)));
  const specular = clamp(mul(constant(0.1), pow(max(dot(reflect(light, normal), ray), zero), constant(4))));
  return clamp(add(add(constant(0.2), diffuse), specular));
}
