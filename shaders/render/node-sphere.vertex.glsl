// Nodes: a low-poly unit sphere placed and scaled by the instance matrix.
precision highp float;

attribute vec3 position;
attribute vec3 normal;
attribute vec4 nodeColor;

#include<instancesDeclaration>

uniform mat4 viewProjection;

varying vec3 vNormal;
varying vec4 vColor;

void main(void) {
#include<instancesVertex>
  gl_Position = viewProjection * finalWorld * vec4(position, 1.0);
  // Instance matrices hold a uniform scale only, so the normal transforms with the upper 3×3.
  vNormal = normalize(mat3(finalWorld) * normal);
  vColor = nodeColor;
}
