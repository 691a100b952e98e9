precision highp float;

uniform vec3 lightDirection;

varying vec3 vNormal;
varying vec4 vColor;

void main(void) {
  // nn_vis's opaque sphere shading: 0.2 ambient + diffuse, no specular at this size.
  float diffuse = max(dot(normalize(vNormal), lightDirection), 0.0);
  gl_FragColor = vec4(clamp(vColor.rgb * (0.35 + 0.75 * diffuse), 0.0, 1.0), vColor.a);
}
