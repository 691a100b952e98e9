/**
 * A thin expression layer over Babylon's node-material blocks, so shader math built from blocks reads
 * like the formula it implements (`sub(a, b)`, `dot(a, b)`, …). Every helper creates one block and returns
 * its output; nothing here is specific to nnwalk. The resulting NodeMaterial generates GLSL on WebGL2 and
 * WGSL on WebGPU.
 */
import { Vector2, Vector3, Vector4 } from '@babylonjs/core/Maths/math.vector';
import { NodeMaterialBlockConnectionPointTypes as T } from '@babylonjs/core/Materials/Node/Enums/nodeMaterialBlockConnectionPointTypes';
import { NodeMaterialSystemValues } from '@babylonjs/core/Materials/Node/Enums/nodeMaterialSystemValues';
import type { NodeMaterialConnectionPoint } from '@babylonjs/core/Materials/Node/nodeMaterialBlockConnectionPoint';
import { InputBlock } from '@babylonjs/core/Materials/Node/Blocks/Input/inputBlock';
import { AddBlock } from '@babylonjs/core/Materials/Node/Blocks/addBlock';
import { SubtractBlock } from '@babylonjs/core/Materials/Node/Blocks/subtractBlock';
import { MultiplyBlock } from '@babylonjs/core/Materials/Node/Blocks/multiplyBlock';
import { DivideBlock } from '@babylonjs/core/Materials/Node/Blocks/divideBlock';
import { DotBlock } from '@babylonjs/core/Materials/Node/Blocks/dotBlock';
import { NormalizeBlock } from '@babylonjs/core/Materials/Node/Blocks/normalizeBlock';
import { LengthBlock } from '@babylonjs/core/Materials/Node/Blocks/lengthBlock';
import { MaxBlock } from '@babylonjs/core/Materials/Node/Blocks/maxBlock';
import { MinBlock } from '@babylonjs/core/Materials/Node/Blocks/minBlock';
import { PowBlock } from '@babylonjs/core/Materials/Node/Blocks/powBlock';
import { LerpBlock } from '@babylonjs/core/Materials/Node/Blocks/lerpBlock';
import { ReflectBlock } from '@babylonjs/core/Materials/Node/Blocks/reflectBlock';
import { TrigonometryBlock, TrigonometryBlockOperations } from '@babylonjs/core/Materials/Node/Blocks/trigonometryBlock';
import { VectorSplitterBlock } from '@babylonjs/core/Materials/Node/Blocks/vectorSplitterBlock';
import { VectorMergerBlock } from '@babylonjs/core/Materials/Node/Blocks/vectorMergerBlock';
import { MatrixSplitterBlock } from '@babylonjs/core/Materials/Node/Blocks/matrixSplitterBlock';
import { ConditionalBlock, ConditionalBlockConditions } from '@babylonjs/core/Materials/Node/Blocks/conditionalBlock';
import { TransformBlock } from '@babylonjs/core/Materials/Node/Blocks/transformBlock';
import { ClampBlock } from '@babylonjs/core/Materials/Node/Blocks/clampBlock';
import { NodeMaterialBlockTargets } from '@babylonjs/core/Materials/Node/Enums/nodeMaterialBlockTargets';
import type { NodeMaterialBlock } from '@babylonjs/core/Materials/Node/nodeMaterialBlock';

export type Port = NodeMaterialConnectionPoint;

let target = NodeMaterialBlockTargets.Vertex;

/**
 * Builds the blocks created inside `body` in the vertex or the fragment shader. Explicit, because Babylon
 * otherwise computes math whose inputs are all per-vertex in the vertex shader and interpolates the
 * result, which is wrong for a per-pixel ray cast; values crossing from vertex to fragment become varyings.
 */
export function inStage<R>(stage: 'vertex' | 'fragment', body: () => R): R {
  const before = target;
  target = stage === 'vertex' ? NodeMaterialBlockTargets.Vertex : NodeMaterialBlockTargets.Fragment;
  try {
    return body();
  } finally {
    target = before;
  }
}

function place<B extends NodeMaterialBlock>(block: B): B {
  block.target = target;
  return block;
}

function binary<B extends { left: Port; right: Port; output: Port }>(block: B, a: Port, b: Port): Port {
  a.connectTo(block.left);
  b.connectTo(block.right);
  return block.output;
}

export const add = (a: Port, b: Port): Port => binary(place(new AddBlock('add')), a, b);
export const sub = (a: Port, b: Port): Port => binary(place(new SubtractBlock('sub')), a, b);
export const mul = (a: Port, b: Port): Port => binary(place(new MultiplyBlock('mul')), a, b);
export const div = (a: Port, b: Port): Port => binary(place(new DivideBlock('div')), a, b);
export const dot = (a: Port, b: Port): Port => binary(place(new DotBlock('dot')), a, b);
export const max = (a: Port, b: Port): Port => binary(place(new MaxBlock('max')), a, b);
export const min = (a: Port, b: Port): Port => binary(place(new MinBlock('min')), a, b);

function unary<B extends { input: Port; output: Port }>(block: B, a: Port): Port {
  a.connectTo(block.input);
  return block.output;
}

export const normalize = (a: Port): Port => unary(place(new NormalizeBlock('normalize')), a);
export function length(a: Port): Port {
  const block = place(new LengthBlock('length'));
  a.connectTo(block.value);
  return block.output;
}

/** √a (a ≥ 0 expected). */
export function sqrt(a: Port): Port {
  const block = place(new TrigonometryBlock('sqrt'));
  block.operation = TrigonometryBlockOperations.Sqrt;
  return unary(block, a);
}

/** sin(a) (radians). */
export function sin(a: Port): Port {
  const block = place(new TrigonometryBlock('sin'));
  block.operation = TrigonometryBlockOperations.Sin;
  return unary(block, a);
}

/** a^b. */
export function pow(a: Port, b: Port): Port {
  const block = place(new PowBlock('pow'));
  a.connectTo(block.value);
  b.connectTo(block.power);
  return block.output;
}

/** a + (b − a)·t. */
export function mix(a: Port, b: Port, t: Port): Port {
  const block = place(new LerpBlock('mix'));
  a.connectTo(block.left);
  b.connectTo(block.right);
  t.connectTo(block.gradient);
  return block.output;
}

/** reflect(incident, normal). */
export function reflect(incident: Port, normal: Port): Port {
  const block = place(new ReflectBlock('reflect'));
  incident.connectTo(block.incident);
  normal.connectTo(block.normal);
  return block.output;
}

/** `a > b ? yes : no` (component types follow `yes`). */
export function greater(a: Port, b: Port, yes: Port, no: Port): Port {
  const block = place(new ConditionalBlock('greater'));
  block.condition = ConditionalBlockConditions.GreaterThan;
  a.connectTo(block.a);
  b.connectTo(block.b);
  yes.connectTo(block.true);
  no.connectTo(block.false);
  return block.output;
}

/** Components of a vector. */
export function split(v: Port): { x: Port; y: Port; z: Port; w: Port; xyz: Port } {
  const block = place(new VectorSplitterBlock('split'));
  v.connectTo(v.type === T.Vector3 ? block.xyzIn : block.xyzw);
  return { x: block.x, y: block.y, z: block.z, w: block.w, xyz: block.xyzOut };
}

/** vec3(x, y, z) or vec4(x, y, z, w). */
export function vec(x: Port, y: Port, z: Port, w?: Port): Port {
  const block = place(new VectorMergerBlock('vec'));
  x.connectTo(block.x);
  y.connectTo(block.y);
  z.connectTo(block.z);
  if (!w) return block.xyzOut;
  w.connectTo(block.w);
  return block.xyzw;
}

/** The columns of a matrix as Babylon stores them: the images of the x, y, z axes and the translation. */
export function columns(m: Port): Port[] {
  const block = place(new MatrixSplitterBlock('columns'));
  m.connectTo(block.input);
  return [block.row0, block.row1, block.row2, block.row3];
}

/** m · v (v a vec4; w = 1 for points). */
export function transform(v: Port, m: Port): Port {
  const block = place(new TransformBlock('transform'));
  block.complementW = 1;
  v.connectTo(block.vector);
  m.connectTo(block.transform);
  return block.output;
}

/** a clamped to [lo, hi]. */
export function clamp(a: Port, lo = 0, hi = 1): Port {
  const block = place(new ClampBlock('clamp'));
  block.minimum = lo;
  block.maximum = hi;
  return unary({ input: block.value, output: block.output }, a);
}

/** −a. */
export const negate = (a: Port): Port => mul(a, constant(-1));

/** A constant (float or vector). */
export function constant(value: number | Vector2 | Vector3 | Vector4, name = 'constant'): Port {
  const block = new InputBlock(name);
  block.value = value;
  block.isConstant = true;
  return block.output;
}

/** A uniform the host sets through the returned block's `value`. */
export function uniform(name: string, value: number | Vector3 | Vector4): InputBlock {
  const block = new InputBlock(name);
  block.value = value;
  return block;
}

/** A vertex attribute (per vertex or per instance) of the given type. */
export function attribute(name: string, type: T): Port {
  const block = new InputBlock(name, undefined, type);
  block.setAsAttribute(name);
  return block.output;
}

/** A value Babylon supplies (camera position, view-projection, world, …). */
export function system(value: NodeMaterialSystemValues): Port {
  const block = new InputBlock(`system ${value}`);
  block.setAsSystemValue(value);
  return block.output;
}

export { T as PortType, NodeMaterialSystemValues as SystemValue };
