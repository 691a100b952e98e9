/**
 * Getting around: teleportation (onto the floor and the layer platforms, snapping to their landing spots,
 * with snap turning) by default; smooth thumbstick movement instead when the user turns it on (off by
 * default, for comfort). Both are Babylon features; switching replaces one with the other.
 */
import type { AbstractMesh } from '@babylonjs/core/Meshes/abstractMesh';
import type { Vector3 } from '@babylonjs/core/Maths/math.vector';
import type { WebXRDefaultExperience } from '@babylonjs/core/XR/webXRDefaultExperience';
import { WebXRFeatureName } from '@babylonjs/core/XR/webXRFeaturesManager';
import type { WebXRMotionControllerTeleportation } from '@babylonjs/core/XR/features/WebXRControllerTeleportation';
import '@babylonjs/core/XR/features/WebXRControllerMovement';

/** A teleport landing within this distance (metres) of a layer's landing spot snaps onto it. */
export const kSnapRadiusMetres = 0.35;

export interface Locomotion {
  readonly smooth: boolean;
  setSmooth(on: boolean): void;
  /** Replaces the teleport floors (besides the room floor) and landing spots. */
  setTargets(floors: AbstractMesh[], landings: Vector3[]): void;
  /** Teleports so far (automation). */
  readonly teleports: number;
}

/** Takes over `xr`'s teleportation (created by the default experience). */
export function createLocomotion(xr: WebXRDefaultExperience, roomFloor: AbstractMesh): Locomotion {
  const features = xr.baseExperience.featuresManager;
  let teleport: WebXRMotionControllerTeleportation | null = xr.teleportation;
  let floors: AbstractMesh[] = [];
  let landings: Vector3[] = [];
  let smooth = false;
  let teleports = 0;

  const wire = (t: WebXRMotionControllerTeleportation) => {
    t.snapPointsOnly = false;
    for (const f of floors) t.addFloorMesh(f);
    for (const p of landings) t.addSnapPoint(p);
    t.onAfterCameraTeleport.add(() => { teleports++; });
  };
  wire(teleport);

  return {
    get smooth() { return smooth; },
    get teleports() { return teleports; },
    setTargets(nextFloors, nextLandings) {
      if (teleport) {
        for (const f of floors) teleport.removeFloorMesh(f);
        for (const p of landings) teleport.removeSnapPoint(p);
      }
      floors = nextFloors;
      landings = nextLandings;
      if (teleport) {
        for (const f of floors) teleport.addFloorMesh(f);
        for (const p of landings) teleport.addSnapPoint(p);
      }
    },
    setSmooth(on) {
      if (on === smooth) return;
      smooth = on;
      if (on) {
        features.disableFeature(WebXRFeatureName.TELEPORTATION);
        teleport = null;
        features.enableFeature(WebXRFeatureName.MOVEMENT, 'latest', { xrInput: xr.input, movementOrientationFollowsController: false, movementOrientationFollowsViewerPose: true, movementSpeed: 0.5, rotationSpeed: 0.3 });
        return;
      }
      features.disableFeature(WebXRFeatureName.MOVEMENT);
      teleport = features.enableFeature(WebXRFeatureName.TELEPORTATION, 'latest', {
        xrInput: xr.input, floorMeshes: [roomFloor], snapToPositionRadius: kSnapRadiusMetres,
      }) as WebXRMotionControllerTeleportation;
      if (xr.pointerSelection) teleport.setSelectionFeature(xr.pointerSelection);
      wire(teleport);
    },
  };
}

