// Straight edges: a unit segment (z = 0 → 1) mapped onto source → target by the instance matrix.
precision highp float;

attribute vec3 position;
attribute vec4 edgeStartColor;
attribute vec4 edgeEndColor;

#include<instancesDeclaration>

uniform mat4 viewProjection;

varying vec4 vColor;

void main(void) {
#include<instancesVertex>
  gl_Position = viewProjection * finalWorld * vec4(position, 1.0);
  // Colour and alpha run from the source's class mix to the target's (nn_vis edge_importance_type 0).
  vColor = mix(edgeStartColor, edgeEndColor, position.z);
}
