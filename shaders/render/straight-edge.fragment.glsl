precision highp float;

varying vec4 vColor;

void main(void) {
  if (vColor.a <= 0.0) discard;
  gl_FragColor = vColor;
}
