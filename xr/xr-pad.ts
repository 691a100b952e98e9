/**
 * The headset's live input: a floating drawing pad near the input layer, drawn on with a controller ray
 * or a pinching hand (trigger/pinch held), fed to the network when the stroke ends, with a Clear bar under
 * it, and the 28 × 28 image the network saw beside it; and a shelf of held-out digits (10 per class) to
 * grab and drop onto the input layer.
 */
import { DynamicTexture } from '@babylonjs/core/Materials/Textures/dynamicTexture';
import { PointerEventTypes } from '@babylonjs/core/Events/pointerEvents';
import { Vector3 } from '@babylonjs/core/Maths/math.vector';
import { Ray } from '@babylonjs/core/Culling/ray';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';
import { TransformNode } from '@babylonjs/core/Meshes/transformNode';
import type { Scene } from '@babylonjs/core/scene';
import type { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial';
import { putDigit } from '../src/ui/digit-tile';
import type { DigitSet } from '../processing/format/digits';
import { createFacingPlane, createTextPlane, faceToward, texelWorld } from '../src/scene/facing-plane';
import { clearInk, readInk, strokeLine } from '../src/ui/ink';
import { kPad } from '../src/ui/input-panel';

/** Pad size in metres; pen width in pad pixels (the resolution is the desktop pad's). */
const kPadMetres = 0.32;
const kPen = 11;
/** Gallery digits per class on the shelf (as on the desktop), tile size and gap in metres. */
const kShelfPerClass = 10;
/** At most this many digits of a ribbon go on the shelf (ten rows of ten). */
const kShelfMax = 100;
const kTileMetres = 0.042;
const kTileGap = 0.008;
/**
 * Where the pad and the shelf stand: a desk at waist height, left and right, tilted up to the eyes, so the
 * network ahead stays clear at the start (a glance down finds them; both are within an arm's reach).
 */
const kPadCentre = new Vector3(-0.36, 0.98, -0.42);
const kShelfCentre = new Vector3(0.4, 0.98, -0.46);
/** Where the eyes are at the start (the desk faces them). */
const kEyes = new Vector3(0, 1.6, 0);

/** A node at `at` whose +z (the side its planes read from) points at the eyes, its top up. */
function facingEyes(name: string, at: Vector3, scene: Scene): TransformNode {
  const node = new TransformNode(name, scene);
  node.position.copyFrom(at);
  faceToward(node, kEyes);
  return node;
}

export interface XrInputLink {
  drawn(pixels: Float32Array, width: number, height: number): void;
  pickDigit(index: number): void;
  /** World box [min xyz, max xyz] of the input layer (where a dropped digit goes). */
  inputLayerBox(): number[];
}

export interface XrInputFixtures {
  readonly pad: Mesh;
  readonly tiles: Mesh[];
  setVisible(visible: boolean): void;
  setGallery(set: DigitSet): void;
  /** Shows these held-out digits on the shelf instead of the gallery (at most 100; null: the gallery again). */
  showDigits(set: DigitSet, indices: Uint32Array | null): void;
  /** Shows the images of `set` (at most 100; preferred inputs) on the shelf; one dropped on the input layer calls `drop` with its index. */
  showImages(set: DigitSet, drop: (index: number) => void): void;
  /** The set the shelf shows now (null: nothing yet). */
  shelfSet(): DigitSet | null;
  /** The digit of each shelf tile, in tile order. */
  shelfDigits(): number[];
  /** Shows the 28 × 28 input the network saw (null: blank). */
  showSeen(pixels: Float32Array | null): void;
  /** Whether `mesh` belongs to the pad, its clear bar or the shelf (selects there are theirs). */
  owns(mesh: unknown): boolean;
  /** Grabs `tile` into `hand`; returns what releasing does. */
  grabTile(tile: Mesh, hand: TransformNode): () => void;
  /**
   * Fingertip drawing: called every frame with each tracked hand's index tip (null: no hand); a tip within
   * 1.5 cm of the pad's surface draws, and the stroke ends (and is fed) when it leaves.
   */
  touch(hand: string, tip: Vector3 | null): void;
  /** World point of pad coordinates (u, v) ∈ [0, 1]², v down, and of tile k (automation). */
  padPoint(u: number, v: number): number[];
  /** World point of texel (column, row) — row 0 at the top — of gallery tile k, or of the image the network saw ('seen'). */
  texelPoint(what: number | 'seen', column: number, row: number): number[] | null;
  tilePoint(k: number): number[];
  tileDigit(k: number): number;
}

/** Creates the (hidden) pad and shelf in the room, in front of the user's start and the input layer. */
export function createXrInputFixtures(scene: Scene, link: XrInputLink): XrInputFixtures {
  const texture = new DynamicTexture('xr pad ink', kPad, scene, false);
  const ctx = texture.getContext() as CanvasRenderingContext2D;
  const pad = createFacingPlane('xr pad', kPadMetres, kPadMetres, scene, texture);
  const desk = facingEyes('xr desk', kPadCentre, scene);
  pad.parent = desk;
  const clear = createTextPlane('xr pad clear', ['Clear'], kPadMetres, scene, { background: '#2f5fb8', color: '#ffffff', fontPx: 40, pixelsPerMetre: 1000 });
  clear.parent = desk;
  clear.position.set(0, -kPadMetres / 2 - 0.04, 0);
  const wipe = () => {
    clearInk(ctx, kPad);
    texture.update();
  };
  wipe();
  const ink = () => readInk(ctx, kPad);
  // What the network saw last (28 × 28), beside the pad.
  const previewTexture = new DynamicTexture('xr pad preview', { width: 28, height: 28 }, scene, false);
  const preview = createFacingPlane('xr pad preview', 0.12, 0.12, scene, previewTexture);
  preview.parent = desk;
  preview.position.set(-kPadMetres / 2 - 0.09, kPadMetres / 2 - 0.06, 0);
  preview.isPickable = false;
  const shelf = facingEyes('xr shelf', kShelfCentre, scene);
  const tiles: Mesh[] = [];
  const digitOf: number[] = [];
  const home: Vector3[] = [];

  let galleryPicks: { i: number; column: number; row: number }[] = [];
  let gallerySet: DigitSet | null = null;
  let shown: DigitSet | null = null;
  // What a tile dropped on the input layer does: feed the held-out digit, or the shown images' own action.
  let drop: (index: number) => void = (i) => link.pickDigit(i);
  /** Puts digit tiles on the shelf (replacing what is there) at the given columns and rows. */
  const fillShelf = (set: DigitSet, picks: { i: number; column: number; row: number }[]) => {
    shown = set;
    for (const t of tiles) {
      (t.material as StandardMaterial | null)?.emissiveTexture?.dispose();
      t.material?.dispose();
      t.dispose();
    }
    tiles.length = 0;
    digitOf.length = 0;
    home.length = 0;
    const step = kTileMetres + kTileGap;
    for (const { i, column, row } of picks) {
      const tileTexture = new DynamicTexture(`xr digit ${i}`, { width: set.cols, height: set.rows }, scene, false);
      putDigit(tileTexture.getContext() as CanvasRenderingContext2D, set, i);
      tileTexture.update();
      const tile = createFacingPlane(`xr digit ${i}`, kTileMetres, kTileMetres, scene, tileTexture);
      const position = new Vector3((column - 4.5) * step, (4.5 - row) * step, 0);
      tile.parent = shelf;
      tile.position.copyFrom(position);
      tile.isVisible = visible;
      tile.isPickable = visible;
      tiles.push(tile);
      digitOf.push(i);
      home.push(position);
    }
  };

  // Strokes: Babylon's pointer selection turns the trigger (or pinch) into pointer events with the pick.
  const strokes = new Map<number, [number, number]>();
  const at = (uv: { x: number; y: number }): [number, number] => [uv.x * kPad, (1 - uv.y) * kPad];
  const line = (from: [number, number], to: [number, number]) => {
    strokeLine(ctx, from, to, kPen);
    texture.update();
  };
  scene.onPointerObservable.add((pi) => {
    const id = (pi.event as PointerEvent).pointerId;
    const hit = pi.pickInfo?.hit && pi.pickInfo.pickedMesh === pad ? pi.pickInfo.getTextureCoordinates() : null;
    if (pi.type === PointerEventTypes.POINTERDOWN) {
      if (pi.pickInfo?.pickedMesh === clear) {
        wipe();
        link.drawn(ink(), kPad, kPad);
      }
      if (!hit) return;
      const p = at(hit);
      strokes.set(id, p);
      line(p, p);
    } else if (pi.type === PointerEventTypes.POINTERMOVE) {
      const last = strokes.get(id);
      if (!last || !hit) return;
      const p = at(hit);
      line(last, p);
      strokes.set(id, p);
    } else if (pi.type === PointerEventTypes.POINTERUP && strokes.delete(id)) {
      link.drawn(ink(), kPad, kPad);
    }
  });

  // Touch strokes by hand: the last pad point of each hand's index tip while it touches.
  const touches = new Map<string, [number, number]>();
  const normal = new Vector3();
  const inverse = pad.computeWorldMatrix(true).clone().invert();

  let visible = false;
  const fixtures: XrInputFixtures = {
    touch(hand, tip) {
      let p: [number, number] | null = null;
      if (tip && visible) {
        const local = Vector3.TransformCoordinates(tip, inverse);
        if (Math.abs(local.z) < 0.015 && Math.abs(local.x) <= kPadMetres / 2 && Math.abs(local.y) <= kPadMetres / 2) {
          // The texture coordinates under the tip, as a ray along the pad's normal picks them.
          Vector3.TransformNormalToRef(Vector3.Forward(), pad.getWorldMatrix(), normal);
          const ray = new Ray(tip.subtract(normal.scale(0.05)), normal.normalize(), 0.1);
          const pick = ray.intersectsMesh(pad);
          const uv = pick.hit ? pick.getTextureCoordinates() : null;
          if (uv) p = at(uv);
        }
      }
      const last = touches.get(hand);
      if (p) {
        line(last ?? p, p);
        touches.set(hand, p);
      } else if (last) {
        touches.delete(hand);
        link.drawn(ink(), kPad, kPad);
      }
    },
    pad,
    tiles,
    setVisible(v) {
      visible = v;
      for (const m of [pad, clear, ...tiles]) {
        m.isVisible = v;
        m.isPickable = v;
      }
      preview.isVisible = v;
    },
    setGallery(set) {
      const counts = new Array(10).fill(0);
      galleryPicks = [];
      for (let i = 0; i < set.count && galleryPicks.length < 10 * kShelfPerClass; i++) {
        const c = set.labels[i];
        if (c >= 10 || counts[c] >= kShelfPerClass) continue;
        // One column per class, one row per example.
        galleryPicks.push({ i, column: c, row: counts[c]++ });
      }
      gallerySet = set;
      drop = (i) => link.pickDigit(i);
      fillShelf(set, galleryPicks);
    },
    showDigits(set, indices) {
      drop = (i) => link.pickDigit(i);
      if (!indices && gallerySet) { fillShelf(gallerySet, galleryPicks); return; }
      fillShelf(set, indices ? Array.from(indices.subarray(0, kShelfMax), (i, k) => ({ i, column: k % 10, row: Math.floor(k / 10) })) : galleryPicks);
    },
    showImages(set, onDrop) {
      drop = onDrop;
      fillShelf(set, Array.from({ length: Math.min(set.count, kShelfMax) }, (_, k) => ({ i: k, column: k % 10, row: Math.floor(k / 10) })));
    },
    shelfSet: () => shown,
    shelfDigits: () => digitOf.slice(),
    showSeen(pixels) {
      const pctx = previewTexture.getContext() as CanvasRenderingContext2D;
      const img = pctx.createImageData(28, 28);
      for (let p = 0; p < 784; p++) {
        const v = 255 - Math.round(255 * Math.min(1, Math.max(0, pixels?.[p] ?? 0)));
        img.data.set([v, v, v, 255], p * 4);
      }
      pctx.putImageData(img, 0, 0);
      previewTexture.update();
    },
    owns: (mesh) => mesh === pad || mesh === clear || tiles.includes(mesh as Mesh),
    grabTile(tile, hand) {
      tile.setParent(hand);
      return () => {
        tile.setParent(shelf);
        const p = tile.getAbsolutePosition();
        const box = link.inputLayerBox();
        const margin = 0.25;
        const inside = [0, 1, 2].every((a) => p.asArray()[a] >= box[a] - margin && p.asArray()[a] <= box[a + 3] + margin);
        const k = tiles.indexOf(tile);
        // Back on the shelf either way; dropped on the input layer, the network sees it.
        tile.position.copyFrom(home[k]);
        tile.rotation.setAll(0);
        if (inside) drop(digitOf[k]);
      };
    },
    padPoint(u, v) {
      return texelWorld(pad, u, 1 - v)!;
    },
    texelPoint(what, column, row) {
      const mesh = what === 'seen' ? preview : tiles[what];
      const size = what === 'seen' ? 28 : (tiles[what]?.material as { emissiveTexture?: DynamicTexture } | null)?.emissiveTexture?.getSize().width ?? 28;
      // Canvas row 0 is the texture's top (v = 1): dynamic textures are uploaded flipped.
      return mesh ? texelWorld(mesh, (column + 0.5) / size, 1 - (row + 0.5) / size) : null;
    },
    tilePoint: (k) => tiles[k].getAbsolutePosition().asArray(),
    tileDigit: (k) => digitOf[k],
  };
  fixtures.setVisible(false);
  return fixtures;
}
