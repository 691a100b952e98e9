/**
 * The WebXR experience on top of the desktop scene: Babylon's default experience (Enter VR button,
 * immersive-vr on local-floor, pointer rays, teleportation, hand tracking) configured to run offline,
 * plus a floor, layer platforms and handles, the network's pose in the room, the hands' grabbing and
 * scaling, controller buttons and the hand-held menu. It calls the app's actions and owns no network
 * state; outside an immersive session the network's root is back at identity and the desktop is as before.
 */
import { Color3 } from '@babylonjs/core/Maths/math.color';
import { Matrix, Quaternion, Vector3 } from '@babylonjs/core/Maths/math.vector';
import { CreateBox } from '@babylonjs/core/Meshes/Builders/boxBuilder';
import type { Scene } from '@babylonjs/core/scene';
import { WebXRDefaultExperience } from '@babylonjs/core/XR/webXRDefaultExperience';
import { WebXRState } from '@babylonjs/core/XR/webXRTypes';
import { WebXRFeatureName } from '@babylonjs/core/XR/webXRFeaturesManager';
import { WebXRHandJoint, type WebXRHandTracking } from '@babylonjs/core/XR/features/WebXRHandTracking';
import { WebXRSessionManager } from '@babylonjs/core/XR/webXRSessionManager';
import { WebXRMotionControllerManager } from '@babylonjs/core/XR/motionController/webXRMotionControllerManager';
import type { WebXRInputSource } from '@babylonjs/core/XR/webXRInputSource';
import '@babylonjs/core/XR/motionController/webXROculusTouchMotionController';
import '@babylonjs/core/XR/motionController/webXRGenericHandController';
import type { Control } from '../src/ui/controls/model';
import { networkTarget, nodeBounds } from '../src/scene/network-style';
import { bindXrButtons } from './buttons';
import { createXrHands, type XrHands } from './hands';
import { createLayerFixtures } from './layer-fixtures';
import { createLocomotion, kSnapRadiusMetres } from './locomotion';
import { createXrMenu } from './menu';
import { createRoomFloor } from './room';
import { flatMaterial } from '../src/scene/flat-material';
import { defaultPose, toWorld, type NetworkPose } from './network-pose';
import type { XrHandle, XrLink } from './xr-link';
import { xrMenuControls } from './menu-controls';
import { createXrInputFixtures } from './xr-pad';
import { createXrHints } from './hints';
import { nearestToEyes } from './comfort';
import { palmNormal, palmUpState } from './palm';
import { createXrMapPointing } from './map-pointing';
import { createXrErrors } from './errors-view';
import { createXrPreferred } from './preferred-shelf';
import { tileTexelWorld } from '../src/scene/tiles/tile-texel-world';
import { Ray } from '@babylonjs/core/Culling/ray';
import type { ViewLook } from '../src/scene/network-view';
import type { Mesh } from '@babylonjs/core/Meshes/mesh';

/** Creates the experience when the browser offers immersive VR; null otherwise (the desktop stays as it is). */
export async function createXrExperience(scene: Scene, link: XrLink, desktopControls: Control[]): Promise<XrHandle | null> {
  if (!navigator.xr || !(await WebXRSessionManager.IsSessionSupportedAsync('immersive-vr').catch(() => false))) return null;
  // Offline: controller profiles come from the classes bundled here, never from the online repository.
  WebXRMotionControllerManager.UseOnlineRepository = false;
  const room = createRoomFloor(scene);
  const floor = room.mesh;
  const xr = await WebXRDefaultExperience.CreateAsync(scene, {
    floorMeshes: [floor],
    uiOptions: { sessionMode: 'immersive-vr', referenceSpaceType: 'local-floor' },
    inputOptions: { doNotLoadControllerMeshes: true, disableOnlineControllerRepository: true },
    pointerSelectionOptions: { enablePointerSelectionOnAllControllers: true },
    teleportationOptions: { snapToPositionRadius: kSnapRadiusMetres },
    // Near interaction fetches material snippets from a CDN; grabbing by reach is done here instead.
    disableNearInteraction: true,
    handSupportOptions: { handMeshes: { disableDefaultMeshes: true } },
  });
  if (!xr.baseExperience) return null;
  const base = xr.baseExperience;
  const root = link.view.root;
  const fixtures = createLayerFixtures(scene, root);
  const locomotion = createLocomotion(xr, floor);
  let pose: NetworkPose = { scale: 1, yaw: 0, position: [0, 0, 0] };
  let pivot: [number, number, number] = [0, 0, 0];
  let standard = pose;
  let networkKey = '';
  const inXr = () => base.state === WebXRState.IN_XR;

  const placeRoot = () => {
    if (!inXr()) {
      root.position.setAll(0);
      root.scaling.setAll(1);
      root.rotationQuaternion = Quaternion.Identity();
    } else {
      root.scaling.setAll(pose.scale);
      root.rotationQuaternion = Quaternion.RotationAxis(Vector3.Up(), pose.yaw);
      root.position.fromArray(toWorld(pose, pivot, [0, 0, 0]));
    }
    fixtures.refreshLandings();
  };
  const setPose = (p: NetworkPose) => {
    pose = p;
    placeRoot();
  };
  const resetPose = () => setPose(standard);

  /** A new network gets a new default pose; a moved node or layer only rebuilds the fixtures. */
  const syncNetwork = () => {
    const net = link.store.get().network;
    if (!net) return;
    const key = `${link.store.get().source}|${Array.from(net.layerSizes).join('-')}`;
    if (key !== networkKey) {
      networkKey = key;
      pivot = networkTarget(net.nodePositions);
      standard = defaultPose(nodeBounds(net.nodePositions), pivot);
      pose = standard;
    }
    fixtures.update(net.nodePositions, net.layerSizes, net.planes, link.compare.placedCopies());
    placeRoot();
    locomotion.setTargets(fixtures.platforms, fixtures.landings);
  };
  let lastNetwork = link.store.get().network;
  link.store.subscribe((s) => {
    if (s.network === lastNetwork) return;
    lastNetwork = s.network;
    syncNetwork();
  });
  syncNetwork();
  // Companions coming, going or moving get their platforms (teleport from one copy to the next).
  link.compare.subscribe(syncNetwork);

  /** The input layer's world box (a dropped digit lands there). */
  const inputLayerBox = (): number[] => {
    const net = link.store.get().network;
    if (!net) return [0, 0, 0, 0, 0, 0];
    const b = nodeBounds(net.nodePositions.subarray(0, net.layerSizes[0] * 3));
    const world = root.computeWorldMatrix(true);
    const corners = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => Vector3.TransformCoordinates(new Vector3(b[c & 1 ? 3 : 0], b[c & 2 ? 4 : 1], b[c & 4 ? 5 : 2]), world));
    return [0, 1, 2, 3, 4, 5].map((k) => (k < 3 ? Math.min(...corners.map((v) => v.asArray()[k])) : Math.max(...corners.map((v) => v.asArray()[k - 3]))));
  };
  const inputs = createXrInputFixtures(scene, { drawn: link.drawn, pickDigit: link.pickDigit, inputLayerBox });
  let galleryLoaded = false;
  const hints = createXrHints(scene);
  const errors = createXrErrors(scene, root, link, inputs, inXr);
  const preferred = createXrPreferred(scene, link, inputs, inputLayerBox);
  const menu = createXrMenu(scene, xrMenuControls(desktopControls, {
    state: () => link.store.get(),
    resetPose,
    rebundle: link.rebundle,
    resetLayout: link.resetLayout,
    trace: link.trace,
    setSignal: link.setSignal,
    smooth: () => locomotion.smooth,
    setSmooth: (on) => locomotion.setSmooth(on),
    errorsShown: () => errors.shown,
    toggleErrors: () => errors.toggle(),
    preferredShown: () => preferred.shown,
    togglePreferred: () => preferred.toggle(),
    epochs: () => link.playback.view().epochs.map((e) => e.epoch),
    // Only once an epoch was picked does the scrubber show which (the network on screen may be another model).
    epochShown: () => (link.store.get().source.startsWith('epochs/') ? link.playback.view().at : -1),
    showEpoch: (i) => { link.playback.play(false); void link.playback.setEpoch(i); },
    playing: () => link.playback.view().playing,
    play: (on) => link.playback.play(on),
  }));
  let seenFor: unknown = null;
  link.store.subscribe((s) => {
    room.setDark(s.look.look === 'dark');
    if (s.input !== seenFor) {
      seenFor = s.input;
      inputs.showSeen(s.input?.pixels ?? null);
    }
    if (inXr()) menu.refresh();
  });

  const mapPointing = createXrMapPointing(scene, link.store, link.maps);
  const pointerRay = (source: WebXRInputSource): Ray => {
    const ray = new Ray(Vector3.Zero(), Vector3.Forward(), 20);
    source.getWorldPointerRayToRef(ray);
    return ray;
  };
  const hands: XrHands = createXrHands(scene, {
    view: link.view, picker: link.picker, mover: link.mover, fixtures,
    positions: () => link.store.get().network?.nodePositions ?? null,
    layerSizes: () => link.store.get().network?.layerSizes ?? [],
    select: link.select,
    pose: () => pose,
    defaultScale: () => standard.scale,
    setPose,
    onMenu: (ray) => (menu.mesh.isVisible && !!ray.intersectsMesh(menu.mesh).hit) || !!scene.pickWithRay(ray, (m) => inputs.owns(m))?.hit,
    tileAt: (ray, at) => {
      const near = inputs.tiles.find((t) => t.isVisible && Vector3.Distance(t.getAbsolutePosition(), at) < 0.08);
      const shelfTile = near ?? scene.pickWithRay(ray, (m) => inputs.tiles.includes(m as never))?.pickedMesh ?? null;
      if (shelfTile || link.maps.mode() !== 'preferred') return shelfTile;
      // A preferred input on the network (not the input plane's image): its copy is carried.
      const hit = mapPointing.tileAt(ray);
      return hit && hit.tile.plane > 0 ? { preferred: hit.tile, at: Vector3.TransformCoordinates(Vector3.FromArray(hit.tile.centre), link.maps.layer.mesh.getWorldMatrix()) } : null;
    },
    grabTile: (tile, source) => {
      const hand = source.grip ?? source.pointer;
      if (tile && typeof tile === 'object' && 'preferred' in tile) {
        const { preferred: t, at } = tile as { preferred: { plane: number; channel: number }; at: Vector3 };
        return preferred.carry(t.plane, t.channel, hand, at);
      }
      return inputs.grabTile(tile as Mesh, hand);
    },
    onTrigger: (ray, source) => errors.trigger(ray) || mapPointing.trigger(ray, source.grip ?? source.pointer, base.camera.globalPosition),
  });
  const controllerMaterial = flatMaterial('controller', scene, new Color3(0.2, 0.22, 0.26));
  xr.input.onControllerAddedObservable.add((source: WebXRInputSource) => {
    hands.track(source);
    // Controllers get a plain built-in shape (no profile meshes are fetched); tracked hands show their joints.
    if (!source.inputSource.hand) {
      const body = CreateBox(`controller ${source.inputSource.handedness}`, { width: 0.035, height: 0.03, depth: 0.1 }, scene);
      body.material = controllerMaterial;
      body.isPickable = false;
      body.parent = source.grip ?? source.pointer;
      source.onDisposeObservable.addOnce(() => body.dispose());
    }
    // The hands carry the first hints: how to open the menu (left), how to teleport and grab (right).
    const side = source.inputSource.handedness;
    if (side === 'left' || side === 'right') hints.attach(side, source.grip ?? source.pointer, !!source.inputSource.hand);
  });
  xr.input.onControllerRemovedObservable.add((source) => {
    hands.remove(source);
    const side = source.inputSource.handedness;
    if (side === 'left' || side === 'right') hints.attach(side, null, false);
  });
  const showMenu = (on: boolean) => {
    if (on) menu.show(base.camera.globalPosition, base.camera.getDirection(Vector3.Forward(true)));
    else menu.hide();
    hints.setMenuShown(on);
  };
  const toggleMenu = () => showMenu(!menu.visible);
  bindXrButtons(xr.input, { cycleColorMode: link.cycleColorMode, cyclePreset: link.cyclePreset, resetPose, toggleMenu });
  const inputEvents = ['selectstart', 'selectend', 'squeezestart', 'squeezeend'] as const;
  base.sessionManager.onXRSessionInit.add((session) => {
    for (const type of inputEvents) {
      session.addEventListener(type, (e) => {
        const source = xr.input.controllers.find((c) => c.inputSource === (e as XRInputSourceEvent).inputSource);
        if (source) hands.onEvent(type, source);
      });
    }
  });
  // Start the user at the room's origin facing −z (the network is placed for that), not at the desktop camera.
  base.onInitialXRPoseSetObservable.add((camera) => {
    camera.position.setAll(0);
    camera.rotationQuaternion.set(0, 0, 0, 1);
  });
  // The headset opens in the dark look, which reads best there (nn_vis's VR tool used it; the menu
  // changes it); leaving restores the desktop's look unless it was changed meanwhile.
  let desktopLook: ViewLook['look'] | null = null;
  base.onStateChangedObservable.add((state) => {
    const on = state === WebXRState.IN_XR;
    if (on && desktopLook === null) {
      desktopLook = link.store.get().look.look;
      if (desktopLook === 'light') link.setLook({ look: 'dark' });
    } else if (state === WebXRState.NOT_IN_XR && desktopLook !== null) {
      if (desktopLook === 'light' && link.store.get().look.look === 'dark') link.setLook({ look: desktopLook });
      desktopLook = null;
    }
    link.showDesktopGui(!on);
    link.compare.arrange(on);
    // The menu's epoch scrubber needs the snapshots' list (none: it says so).
    if (on) void link.playback.load().then(() => menu.refresh());
    hints.setActive(on);
    if (!on) {
      showMenu(false);
      mapPointing.panel.hide();
    }
    floor.isVisible = on;
    fixtures.setVisible(on);
    inputs.setVisible(on && !!link.store.get().model);
    if (on && !galleryLoaded && link.store.get().model) {
      galleryLoaded = true;
      link.digits().then((set) => {
        inputs.setGallery(set);
        inputs.setVisible(inXr());
      }, (err: Error) => link.store.set({ status: 'error', message: `Loading the digit gallery failed: ${err.message}` }));
    }
    if (on) menu.refresh();
    errors.refresh();
    placeRoot();
  });
  const handTracking = () => base.featuresManager.getEnabledFeature(WebXRFeatureName.HAND_TRACKING) as WebXRHandTracking | undefined;
  const fingertip = (side: XRHandedness): Vector3 | null => handTracking()?.getHandByHandedness(side)?.getJointMesh(WebXRHandJoint.INDEX_FINGER_TIP)?.getAbsolutePosition().clone() ?? null;
  let palmUp = false;
  const leftPalm = () => {
    const hand = handTracking()?.getHandByHandedness('left');
    const at = (joint: WebXRHandJoint) => hand?.getJointMesh(joint)?.getAbsolutePosition().asArray() ?? null;
    const [wrist, index, little] = [at(WebXRHandJoint.WRIST), at(WebXRHandJoint.INDEX_FINGER_METACARPAL), at(WebXRHandJoint.PINKY_FINGER_METACARPAL)];
    return wrist && index && little ? palmNormal('left', wrist, index, little) : null;
  };
  scene.onBeforeRenderObservable.add(() => {
    if (!inXr()) return;
    hands.update();
    mapPointing.point(xr.input.controllers.map(pointerRay));
    for (const side of ['left', 'right'] as const) inputs.touch(side, fingertip(side));
    // A tracked left hand turned palm up shows the menu; turned back down, hides it.
    const up = palmUpState(palmUp, leftPalm());
    if (up !== palmUp) {
      palmUp = up;
      showMenu(up);
    }
    if (!hints.startDismissed && (locomotion.teleports > 0 || Object.values(hands.holding()).some((h) => h !== ''))) hints.dismissStart();
  });

  const cameraPosition = () => base.camera.globalPosition.asArray();
  return {
    state: () => WebXRState[base.state],
    enter: async () => { await base.enterXRAsync('immersive-vr', 'local-floor', xr.renderTarget); },
    exit: () => base.exitXRAsync(),
    pose: () => ({ ...pose, position: [...pose.position] as [number, number, number] }),
    defaultScale: () => standard.scale,
    cameraPosition,
    landing: (l) => fixtures.landing(l)?.asArray() ?? null,
    handle: (l) => fixtures.handles[l]?.getAbsolutePosition().asArray() ?? null,
    nodeWorld: (node) => link.picker.worldPosition(node).asArray(),
    locateMenu: (id, option) => menu.locate(id, option)?.asArray() ?? null,
    menuVisible: () => menu.visible,
    menuCorners: () => menu.corners(),
    startHintVisible: () => hints.startShown,
    hintTags: () => hints.shownTexts(),
    nearestToEyes: () => nearestToEyes(scene, base.camera.globalPosition),
    project: (point) => {
      const eye = base.camera.rigCameras[0] ?? base.camera;
      const engine = scene.getEngine();
      const p = Vector3.Project(Vector3.FromArray(point), Matrix.IdentityReadOnly, eye.getTransformationMatrix(), eye.viewport.toGlobal(engine.getRenderWidth(), engine.getRenderHeight()));
      return [p.x / engine.getRenderWidth(), p.y / engine.getRenderHeight(), p.z];
    },
    texelPoint: (what, column, row) => inputs.texelPoint(what, column, row),
    menuText: (id) => menu.text(id),
    holding: () => hands.holding(),
    teleports: () => locomotion.teleports,
    smooth: () => locomotion.smooth,
    padPoint: (u, v) => inputs.padPoint(u, v),
    tilePoint: (k) => inputs.tilePoint(k),
    tileDigit: (k) => inputs.tileDigit(k),
    inputLayerBox,
    fingertip: (side) => fingertip(side)?.asArray() ?? null,
    mapReadout: () => mapPointing.readout(),
    mapPanel: () => (mapPointing.panel.shown ? { plane: mapPointing.panel.shown.tile.plane, channel: mapPointing.panel.shown.tile.channel } : null),
    mapPanelPoint: (row, column) => {
      const shown = mapPointing.panel.shown;
      if (!shown) return null;
      const m = mapPointing.panel.mesh.computeWorldMatrix(true);
      // The map square of the panel (map-panel.ts): 320 of 360 texture pixels wide, 20 from the top-left.
      const u = (20 + ((column + 0.5) / shown.tile.width) * 320) / 360 - 0.5;
      const v = 0.5 - (20 + ((row + 0.5) / shown.tile.height) * 320) / 440;
      return Vector3.TransformCoordinates(new Vector3(u * 0.18, v * 0.22, 0), m).asArray();
    },
    tileTexelPoint: (k, row, column) => tileTexelWorld(link.maps, k, row, column, base.camera.globalPosition),
    errorsRibbonPoint: (t, p) => errors.ribbonPoint(t, p),
    shelfDigits: () => inputs.shelfDigits(),
  };
}
