// Feature-map tiles: reads the tile's value at the fragment's texel straight from the linear atlas (RGBA: 4 values a texel)
// (texelFetch: nearest texels, crisp close up, no bleeding between maps) and colours it — the diverging
// map (src/scene/diverging.ts's stops) for feature maps, the image itself for the input plane. Light
// look: pre-composited over white for MIN blending; dark: over black for MAX (order-independent, as the
// impostors); shaded: opaque. Highlights: the receptive-field box on input tiles, the hovered texel.
precision highp float;
precision highp int;
precision highp sampler2D;

uniform sampler2D atlas;
uniform float atlasWidth;
uniform float dark;
uniform float shaded;
uniform vec4 rfBox;
uniform float rfOn;
uniform vec3 hover;
uniform vec3 light0;
uniform vec3 light1;
uniform vec3 light2;
uniform vec3 light3;
uniform vec3 light4;
uniform vec3 dark0;
uniform vec3 dark1;
uniform vec3 dark2;
uniform vec3 dark3;
uniform vec3 dark4;

varying vec2 vUv;
varying vec4 vAtlas;
varying vec4 vMap;
varying vec4 vNode;
varying float vFade;

vec3 diverging(float t) {
  float x = (clamp(t, -1.0, 1.0) + 1.0) * 2.0;
  vec3 a0 = mix(light0, dark0, dark);
  vec3 a1 = mix(light1, dark1, dark);
  vec3 a2 = mix(light2, dark2, dark);
  vec3 a3 = mix(light3, dark3, dark);
  vec3 a4 = mix(light4, dark4, dark);
  if (x < 1.0) return mix(a0, a1, x);
  if (x < 2.0) return mix(a1, a2, x - 1.0);
  if (x < 3.0) return mix(a2, a3, x - 2.0);
  return mix(a3, a4, min(x - 3.0, 1.0));
}

// Four consecutive values per RGBA texel (processing/tiles/tile-atlas.ts, kValuesPerTexel).
float valueAt(int at) {
  int aw = int(atlasWidth + 0.5);
  int texel = at / 4;
  vec4 quad = texelFetch(atlas, ivec2(texel - (texel / aw) * aw, texel / aw), 0);
  int component = at - texel * 4;
  return component == 0 ? quad.r : component == 1 ? quad.g : component == 2 ? quad.b : quad.a;
}

void main(void) {
  if (vFade <= 0.0) discard;
  int w = int(vMap.x + 0.5);
  int h = int(vMap.y + 0.5);
  float fx = vUv.x * float(w);
  float fy = vUv.y * float(h);
  int x = clamp(int(fx), 0, w - 1);
  int y = clamp(int(fy), 0, h - 1);
  int channels = int(vAtlas.z + 0.5);
  int at = int(vAtlas.x + 0.5) * 4096 + int(vAtlas.y + 0.5) + (y * w + x) * channels + int(vAtlas.w + 0.5);
  float v = valueAt(at);
  int mode = int(vMap.w + 0.5);
  vec3 paper = vec3(1.0 - dark);
  vec3 col;
  if (mode == 0) col = diverging(v * vMap.z);
  else if (mode == 1) col = vec3(clamp(v, 0.0, 1.0));
  // Ink: dark strokes on white paper in the light look, MNIST's own white on black in the dark one.
  else if (mode == 2) col = vec3(mix(1.0 - clamp(v, 0.0, 1.0), clamp(v, 0.0, 1.0), dark));
  // RGB: this value and the next two (a preferred input of a colour model).
  else if (mode == 6) col = clamp(vec3(v, valueAt(at + 1), valueAt(at + 2)), 0.0, 1.0);
  else {
    vec3 tint = mode == 3 ? vec3(1.0, 0.0, 0.0) : mode == 4 ? vec3(0.0, 1.0, 0.0) : vec3(0.0, 0.0, 1.0);
    col = mix(paper, tint, clamp(v, 0.0, 1.0));
  }
  bool isImage = mode >= 1;
  if (isImage && rfOn > 0.5) {
    bool inside = float(x) >= rfBox.x && float(x) <= rfBox.z && float(y) >= rfBox.y && float(y) <= rfBox.w;
    if (!inside) col = mix(col, paper, 0.65);
    // The box's outline: one texel's rim inside the box, in the highlight orange.
    bool rim = inside && (float(x) == rfBox.x || float(x) == rfBox.z || float(y) == rfBox.y || float(y) == rfBox.w);
    float fracX = fx - floor(fx);
    float fracY = fy - floor(fy);
    bool edge = (float(x) == rfBox.x && fracX < 0.3) || (float(x) == rfBox.z && fracX > 0.7) || (float(y) == rfBox.y && fracY < 0.3) || (float(y) == rfBox.w && fracY > 0.7);
    if (rim && edge) col = vec3(1.0, 0.45, 0.0);
  }
  if (abs(vNode.w - hover.x) < 0.5 && x == int(hover.y + 0.5) && y == int(hover.z + 0.5)) {
    float fxr = fx - floor(fx);
    float fyr = fy - floor(fy);
    if (fxr < 0.2 || fxr > 0.8 || fyr < 0.2 || fyr > 0.8) col = vec3(1.0, 0.45, 0.0);
  }
  // A thin frame in the node's colour: which class a map belongs to, and where a silent map ends.
  // A one-pixel frame (screen pixels, whatever the tile's size), thicker for the selected tile's orange.
  vec2 rim = min(vUv, 1.0 - vUv) / max(fwidth(vUv), vec2(1e-6));
  float frameWidth = vNode.r > 0.9 ? 2.5 : 1.0;
  if (min(rim.x, rim.y) < frameWidth) col = vNode.rgb;
  float alpha = vFade;
  if (shaded > 0.5) {
    if (alpha < 0.5) discard;
    gl_FragColor = vec4(col, 1.0);
  } else {
    gl_FragColor = vec4(mix(paper, col, alpha), 1.0);
  }
}
