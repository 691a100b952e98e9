/** The embedded convolutional networks' architectures (tfjs layers), seeded: LeNet as Harley drew it and a small ResNet. */
import * as tf from '@tensorflow/tfjs';

const kInitSeed = 17;

function init(i: number): tf.serialization.Serializable {
  return tf.initializers.heNormal({ seed: kInitSeed + i }) as unknown as tf.serialization.Serializable;
}

/** LeNet (Harley 2015): 28×28 zero-padded to 32×32, conv 6@5×5 → pool → conv 16@5×5 → pool → 120 → 100 → 10. */
export function buildLeNet(): tf.LayersModel {
  let i = 0;
  const k = () => init(i++) as never;
  const model = tf.sequential({ name: 'mnist_lenet' });
  model.add(tf.layers.zeroPadding2d({ inputShape: [28, 28, 1], padding: 2, name: 'pad' }));
  model.add(tf.layers.conv2d({ filters: 6, kernelSize: 5, activation: 'relu', name: 'conv1', kernelInitializer: k() }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  model.add(tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu', name: 'conv2', kernelInitializer: k() }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ units: 120, activation: 'relu', name: 'fc1', kernelInitializer: k() }));
  model.add(tf.layers.dense({ units: 100, activation: 'relu', name: 'fc2', kernelInitializer: k() }));
  model.add(tf.layers.dense({ units: 10, activation: 'softmax', name: 'fc3', kernelInitializer: k() }));
  return model;
}

/**
 * A small ResNet: conv 16@3×3 + BN + ReLU → pool → two residual blocks at 14×14 → pool → one block at 32
 * channels with a 1×1 projection shortcut → global average pool → 10.
 */
export function buildResNet(): tf.LayersModel {
  let i = 100;
  const conv = (x: tf.SymbolicTensor, filters: number, size: number, name: string) =>
    tf.layers.conv2d({ filters, kernelSize: size, padding: 'same', useBias: false, name, kernelInitializer: init(i++) as never }).apply(x) as tf.SymbolicTensor;
  const bn = (x: tf.SymbolicTensor, name: string) => tf.layers.batchNormalization({ name }).apply(x) as tf.SymbolicTensor;
  const relu = (x: tf.SymbolicTensor, name: string) => tf.layers.reLU({ name }).apply(x) as tf.SymbolicTensor;
  const block = (x: tf.SymbolicTensor, filters: number, name: string, project: boolean) => {
    let y = relu(bn(conv(x, filters, 3, `${name}_conv1`), `${name}_bn1`), `${name}_relu1`);
    y = bn(conv(y, filters, 3, `${name}_conv2`), `${name}_bn2`);
    const shortcut = project ? bn(conv(x, filters, 1, `${name}_proj`), `${name}_proj_bn`) : x;
    return relu(tf.layers.add({ name: `${name}_add` }).apply([y, shortcut]) as tf.SymbolicTensor, `${name}_out`);
  };
  const input = tf.input({ shape: [28, 28, 1], name: 'image' });
  let x = relu(bn(conv(input, 16, 3, 'stem_conv'), 'stem_bn'), 'stem_relu');
  x = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }).apply(x) as tf.SymbolicTensor;
  x = block(x, 16, 'block1', false);
  x = block(x, 16, 'block2', false);
  x = tf.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }).apply(x) as tf.SymbolicTensor;
  x = block(x, 32, 'block3', true);
  x = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 10, activation: 'softmax', name: 'logits', kernelInitializer: init(i++) as never }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'mnist_resnet' });
}
