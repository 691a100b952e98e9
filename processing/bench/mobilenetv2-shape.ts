/**
 * A MobileNetV2-shaped model graph with seeded random weights, for the scale bench: the published
 * architecture (Sandler et al. 2018, width 1.0): a 3×3 stem to 32 channels, 17 inverted residual blocks
 * (1×1 expansion ×t with ReLU6, 3×3 depthwise with ReLU6, linear 1×1 projection; a residual add where the
 * stride is 1 and the widths match) with (t, c, n, s) = (1,16,1,1), (6,24,2,2), (6,32,3,2), (6,64,4,2),
 * (6,96,3,1), (6,160,3,2), (6,320,1,1), a 1×1 conv to 1280, global pool, and a 10-class head (as
 * resnet18-shape.ts, so the class count does not dominate). BN folded away; no forward pass is needed.
 */
import { kLinear, type Activation, type ModelGraph } from '../model/model-graph';
import { shapeBuilder, squareWindow } from './shape-builder';

const relu6: Activation = { name: 'relu6' };
const kBlocks: [t: number, c: number, n: number, s: number][] = [[1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1]];

/** Builds the graph; `classes` output units. */
export function mobilenetV2Shape(classes = 10, seed = 2): ModelGraph {
  const { ops, push, randomArray, conv } = shapeBuilder(seed);
  const depthwise = (from: number, channels: number, s: number, size: number, name: string) =>
    push({ kind: 'depthwise2d', name, className: 'DepthwiseConv2D', inputs: [from], shape: [size, size, channels], window: squareWindow(3, s), multiplier: 1, kernel: randomArray(9 * channels, 1 / 3), bias: new Float32Array(channels), activation: relu6 });
  let x = push({ kind: 'input', name: 'image', className: 'InputLayer', inputs: [], shape: [224, 224, 3] });
  let size = 112;
  x = conv(x, 3, 32, 3, 2, size, relu6, 'stem');
  let channels = 32;
  let block = 0;
  for (const [t, c, n, s] of kBlocks) {
    for (let i = 0; i < n; i++) {
      const stride = i === 0 ? s : 1;
      const name = `b${++block}`;
      const hidden = channels * t;
      const expanded = t === 1 ? x : conv(x, channels, hidden, 1, 1, size, relu6, `${name}_expand`);
      const outSize = size / stride;
      const dw = depthwise(expanded, hidden, stride, outSize, `${name}_dw`);
      const projected = conv(dw, hidden, c, 1, 1, outSize, kLinear, `${name}_project`);
      x = stride === 1 && channels === c ? push({ kind: 'add', name: `${name}_add`, className: 'Add', inputs: [projected, x], shape: [outSize, outSize, c] }) : projected;
      channels = c;
      size = outSize;
    }
  }
  x = conv(x, channels, 1280, 1, 1, size, relu6, 'head_conv');
  x = push({ kind: 'globalpool', name: 'gap', className: 'GlobalAveragePooling2D', inputs: [x], shape: [1280], mode: 'avg' });
  const out = push({ kind: 'dense', name: 'fc', className: 'Dense', inputs: [x], shape: [classes], kernel: randomArray(1280 * classes, 1 / Math.sqrt(1280)), bias: new Float32Array(classes), activation: { name: 'softmax' } });
  return { name: 'mobilenetv2-shape', ops, output: out, classCount: classes, classNames: Array.from({ length: classes }, (_, i) => String(i)) };
}
