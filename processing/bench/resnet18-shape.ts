/**
 * A ResNet-18-shaped model graph with seeded random weights, for the scale bench: the real architecture's
 * channel counts (stem 64@7×7, four stages of two basic blocks at 64/128/256/512 channels, 1×1 projections
 * at the stage changes, global pool), BN folded away, 56×56 after the stem, and a 10-class head (CIFAR-10
 * style) by default; with ImageNet's 1,000 classes bundling runs on class_components directions of the
 * class vectors (class-components.ts; before that, 406 s for 100,000 edges, 4 GB). Its channel
 * graph has 1.40 M channel edges (Σ C_in·C_out over the convolutions ≈ 1.39 M, as spec cnn-and-graphs §2
 * counts). No forward pass is needed.
 */
import { kLinear, type Activation, type ModelGraph } from '../model/model-graph';
import { shapeBuilder, squareWindow } from './shape-builder';

const relu: Activation = { name: 'relu' };

/** Builds the graph; `classes` output units (10 by default; ImageNet's head has 1000). */
export function resnet18Shape(classes = 10, seed = 18): ModelGraph {
  const { ops, push, randomArray, conv } = shapeBuilder(seed);
  let x = push({ kind: 'input', name: 'image', className: 'InputLayer', inputs: [], shape: [224, 224, 3] });
  x = conv(x, 3, 64, 7, 2, 112, relu, 'stem');
  x = push({ kind: 'maxpool', name: 'pool', className: 'MaxPooling2D', inputs: [x], shape: [56, 56, 64], window: squareWindow(3, 2) });
  let channels = 64;
  let size = 56;
  [64, 128, 256, 512].forEach((width, stage) => {
    for (let b = 0; b < 2; b++) {
      const stride = stage > 0 && b === 0 ? 2 : 1;
      const outSize = size / stride;
      const name = `s${stage + 1}b${b + 1}`;
      const y1 = conv(x, channels, width, 3, stride, outSize, relu, `${name}_conv1`);
      const y2 = conv(y1, width, width, 3, 1, outSize, kLinear, `${name}_conv2`);
      const shortcut = stride > 1 || channels !== width ? conv(x, channels, width, 1, stride, outSize, kLinear, `${name}_proj`) : x;
      const add = push({ kind: 'add', name: `${name}_add`, className: 'Add', inputs: [y2, shortcut], shape: [outSize, outSize, width] });
      x = push({ kind: 'activation', name: `${name}_out`, className: 'ReLU', inputs: [add], shape: [outSize, outSize, width], activation: relu });
      channels = width;
      size = outSize;
    }
  });
  x = push({ kind: 'globalpool', name: 'gap', className: 'GlobalAveragePooling2D', inputs: [x], shape: [512], mode: 'avg' });
  const out = push({ kind: 'dense', name: 'fc', className: 'Dense', inputs: [x], shape: [classes], kernel: randomArray(512 * classes, 1 / Math.sqrt(512)), bias: new Float32Array(classes), activation: { name: 'softmax' } });
  return { name: 'resnet18-shape', ops, output: out, classCount: classes, classNames: Array.from({ length: classes }, (_, i) => String(i)) };
}
