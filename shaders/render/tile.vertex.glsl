// Feature-map tiles: one thin instance per tile; the instance "matrix" carries the tile record (see
// src/scene/tiles/tile-records.ts): world0 = centre xyz, half side; world1 = atlas base (hi·4096 + lo),
// channel count, channel; world2 = map width, height, 1 / colour range, mode; world3 = node rgb, tag.
// The frame is src/scene/tiles/tile-orientation.ts's: in the plane up to maxTilt, then turned to the eye.
precision highp float;

attribute vec3 position;
attribute vec4 world0;
attribute vec4 world1;
attribute vec4 world2;
attribute vec4 world3;

uniform mat4 world;
uniform mat4 viewProjection;
uniform vec3 cameraLocal;
uniform float pixelsPerUnit;
uniform vec2 lod;
uniform float maxTilt;

varying vec2 vUv;
varying vec4 vAtlas;
varying vec4 vMap;
varying vec4 vNode;
varying float vFade;

void main(void) {
  vec3 c = world0.xyz;
  float h = world0.w;
  vec3 d = cameraLocal - c;
  float dist = length(d);
  d /= max(dist, 1e-6);
  float sz = d.z < 0.0 ? -1.0 : 1.0;
  vec3 n0 = vec3(0.0, 0.0, sz);
  float cosT = clamp(d.z * sz, -1.0, 1.0);
  float theta = acos(cosT);
  vec3 n = n0;
  if (theta > maxTilt) {
    vec3 e = d - n0 * cosT;
    float el = length(e);
    e = el > 0.0 ? e / el : vec3(0.0, 1.0, 0.0);
    float a = theta - maxTilt;
    n = n0 * cos(a) + e * sin(a);
  }
  vec3 up = vec3(0.0, 1.0, 0.0) - n * n.y;
  float ul = length(up);
  up = ul > 1e-4 ? up / ul : vec3(0.0, 0.0, 1.0);
  vec3 right = cross(up, n);
  // Pixels across the tile: its local side over the local distance (the root's scale cancels).
  float px = 2.0 * h * pixelsPerUnit / max(dist, 1e-6);
  vFade = clamp((px - lod.x) / max(lod.y - lod.x, 1e-6), 0.0, 1.0);
  vUv = vec2(position.x * 0.5 + 0.5, 0.5 - position.y * 0.5);
  vAtlas = world1;
  vMap = world2;
  vNode = world3;
  vec3 local = c + (right * position.x + up * position.y) * h * step(1e-4, vFade);
  gl_Position = viewProjection * world * vec4(local, 1.0);
}
