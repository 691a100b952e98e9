import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFiles } from '../../src/app/load-network';
import { startupConfigs } from '../../src/app/configs';
import { progressLine } from '../../processing/cli/progress';
import { decodeProcessedNetwork } from '../../processing/format/codec';
import { compareBundlings } from '../../processing/metrics/parity';
import { planBundling } from '../../processing/bundling/plan';
import { kCellsPerBandwidth } from '../../processing/bundling/density-grid';

const root = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'nnwalk-cli-'));
const cli = (...args: string[]) => spawnSync(process.execPath, [join(root, 'processing/cli/nnwalk.mjs'), ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('nnwalk CLI end to end', () => {
  it('process → info → the app loads the file', async () => {
    const run = cli('process', 'random:25,9,4', '--seed', '2', '--out', 'r.nnwalk');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('wrote r.nnwalk');
    expect(run.stdout).toMatch(/distortion mean \d\.\d{3}/);
    const info = cli('info', 'r.nnwalk');
    expect(info.status).toBe(0);
    expect(info.stdout).toContain('layers: 25-9-4 (38 nodes)');
    expect(info.stdout).toContain('importanceMethod = random');
    expect(info.stdout).toContain('bundled = true');
    const bytes = readFileSync(join(dir, 'r.nnwalk'));
    const { network, source } = await loadFiles([new File([bytes], 'r.nnwalk')], startupConfigs(), new AbortController().signal, () => {});
    expect(source).toBe('r.nnwalk');
    expect(Array.from(network.layerSizes)).toEqual([25, 9, 4]);
    expect(network.polylinePoints.length / 3).toBeGreaterThan(network.edgeSource.length * 2);
  }, 120_000);

  it('bundles a many-class network on its class components and keeps every class in the file', () => {
    writeFileSync(join(dir, 'components.json'), '{"class_components": 5}');
    const run = cli('process', 'random:30,12,40', '--processing', 'components.json', '--out', 'many.nnwalk');
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('40 classes bundled on 5 class components');
    const network = decodeProcessedNetwork(new Uint8Array(readFileSync(join(dir, 'many.nnwalk'))));
    expect(network.classCount).toBe(40);
    expect(network.nodeImportance.length).toBe((30 + 12 + 40) * 40);
    expect(network.stats.classComponents).toBe(5);
    expect(cli('process', 'random:4,3', '--processing', 'components.json').stdout).not.toContain('class components');
    writeFileSync(join(dir, 'components0.json'), '{"class_components": 0}');
    expect(cli('process', 'random:4,3', '--processing', 'components0.json').stderr).toContain("components0.json: 'class_components' must be a whole number in [1, 256], got 0");
  }, 120_000);

  it('processes the embedded LeNet into a version-2 file with planes', () => {
    const run = cli('process', join(root, 'src/assets/models/mnist-lenet/model.json'), '--out', 'l.nnwalk', '--importance', 'weight');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('input 28×28 → conv 6 @ 28×28 → maxpool 6 @ 14×14 → conv 16 @ 10×10 → maxpool 16 @ 5×5 → dense 120 → dense 100 → dense 10 (8 planes), edges 15044');
    expect(run.stdout).toContain('importance weight-path');
    expect(run.stdout).toContain('invariants: moved endpoints 0, non-finite 0, spacing outliers 0');
    const info = cli('info', 'l.nnwalk');
    expect(info.stdout).toContain('layers: 1-6-6-16-16-120-100-10 (275 nodes)');
    expect(info.stdout).toContain("  1: 1.0 conv 28×28×6 'conv1' ← 0");
  }, 120_000);

  it('evaluates the LeNet by pruning channels: Taylor orders least-first > random > most-first', () => {
    const run = cli('evaluate', join(root, 'src/assets/models/mnist-lenet/model.json'), '--out-dir', 'ev', '--samples', '200', '--step', '0.2', '--seeds', '1', '--methods', 'taylor');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/baseline accuracy \d+\.\d+ % on 200 samples .*; 264 prunable channels and units/);
    expect(run.stdout).toMatch(/taylor\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+true/);
    const report = JSON.parse(readFileSync(join(dir, 'ev', 'mnist-lenet.evaluation.json'), 'utf8'));
    expect(report.curves[0].perClass[0]).toHaveLength(10);
    expect(readFileSync(join(dir, 'ev', 'mnist-lenet.pruning.svg'), 'utf8')).toContain('channels pruned (%)');
  }, 120_000);

  it('processes the default model with Taylor importance by default', () => {
    const run = cli('process', join(root, 'src/assets/models/mnist-mlp/model.json'), '--out', 'd.nnwalk', '--processing', join(root, 'configs/processing.json'));
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('importance taylor');
    expect(run.stdout).toContain('layers 784-81-49-10, edges 67963');
  }, 120_000);

  it('answers bad input with a message and an exit code', () => {
    const usage = cli('process');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('usage:');
    for (const args of [['frobnicate'], ['frobnicate', 'x']]) {
      const unknown = cli(...args);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain("unknown command 'frobnicate' (commands: process, evaluate, snapshots, visualize, info)");
    }
    const oneEpoch = cli('snapshots', join(root, 'src/assets/models/mnist-mlp/epochs/epoch-01/model.json'));
    expect(oneEpoch.status).toBe(2);
    expect(oneEpoch.stderr).toContain("'snapshots' needs the models of at least two epochs, got 1");
    expect(cli('process', 'random:5').stderr).toContain("'random:5': layer sizes: give at least two layers");
    // The bad size is named, as the app's random-network field names it.
    expect(cli('process', 'random:100,abc,10').stderr).toContain('\'random:100,abc,10\': layer sizes: layer 2 must be a whole number from 1 to 1000000, got "abc"');
    // info describes model files of every format, and answers a PyTorch checkpoint with the export recipe.
    const model = cli('info', join(root, 'src/assets/models/mnist-mlp/model.json'));
    expect(model.status).toBe(0);
    expect(model.stdout).toContain('tfjs LayersModel');
    const keras = cli('info', join(root, 'tests/fixtures/keras/resnet.keras'));
    expect(keras.stdout).toContain('Keras 3 .keras archive');
    expect(keras.stdout).toContain("'b2_project_bn'");
    expect(cli('info', join(root, 'tests/fixtures/keras/lenet.h5')).stdout).toContain('classes: 10');
    writeFileSync(join(dir, 'model.pt'), Uint8Array.from([0x80, 2, 0x7d, 0x71, 0, 0x2e]));
    expect(cli('process', 'model.pt').stderr).toContain('model.pt looks like a PyTorch checkpoint (.pt / .pth), which holds weights but not the network\'s computation: export the model to ONNX in Python');
    const missing = cli('process', 'nope/model.json');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("cannot read model file 'nope/model.json'");
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ inputs: [[0, 1, 2]], labels: [0] }));
    const mismatch = cli('process', join(root, 'src/assets/models/mnist-mlp/model.json'), '--data', 'wrong.json');
    expect(mismatch.status).toBe(1);
    expect(mismatch.stderr).toContain('samples have 3 values with labels up to 0, the model takes input [28, 28] (784 values) and has 10 classes');
    writeFileSync(join(dir, 'bad.json'), '{"sampling_rate": 0}');
    const config = cli('process', 'random:4,3', '--processing', 'bad.json');
    expect(config.status).toBe(1);
    expect(config.stderr).toContain("bad.json: 'sampling_rate' must be a number in [1, 200], got 0");
    writeFileSync(join(dir, 'junk.nnwalk'), 'this is a text file, not a network');
    expect(cli('info', 'junk.nnwalk').stderr).toContain("'junk.nnwalk' is a file of unknown kind, not a processed network");
  }, 120_000);
});

describe('nnwalk CLI on long runs', () => {
  it('stops on Ctrl-C (SIGINT) without leaving a file under the output name', async () => {
    const run = spawn(process.execPath, [join(root, 'processing/cli/nnwalk.mjs'), 'process', 'random:1000,990,10', '--out', 'stopped.nnwalk'], { cwd: dir, stdio: 'ignore' });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    run.kill('SIGINT');
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => run.on('exit', (c, sig) => resolve([c, sig])));
    expect(signal === 'SIGINT' || code === 130).toBe(true);
    expect(existsSync(join(dir, 'stopped.nnwalk'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('stopped.nnwalk'))).toEqual([]);
  });

  it('shows the rate and the time left once a step is done', () => {
    expect(progressLine('bundling', 5, 20, 'h=0.100', 10_000)).toBe('bundling     [######------------------] 5/20 0.5/s, 30s left h=0.100');
    expect(progressLine('bundling', 0, 20, '', 0)).toBe('bundling     [------------------------] 0/20');
    expect(progressLine('nodes', 10, 700, '', 5_000)).toContain('2.0/s, 5m 45s left');
  });
});

describe('nnwalk CLI backends', () => {
  const lines = (file: string) => {
    const net = decodeProcessedNetwork(new Uint8Array(readFileSync(join(dir, file))));
    return { net, lines: { offsets: net.polylineOffsets, points: net.polylinePoints } };
  };

  it('bundles on N threads as on one (--threads)', () => {
    const one = cli('process', 'random:30,12,4', '--seed', '3', '--out', 't1.nnwalk', '--threads', '1');
    const three = cli('process', 'random:30,12,4', '--seed', '3', '--out', 't3.nnwalk', '--threads', '3');
    expect(one.stdout).toContain('backend cpu (1 thread)');
    expect(three.stderr).toBe('');
    expect(three.stdout).toContain('backend cpu (3 threads)');
    const a = lines('t1.nnwalk');
    const b = lines('t3.nnwalk');
    expect(Array.from(b.net.nodePositions)).toEqual(Array.from(a.net.nodePositions));
    const report = compareBundlings(b.lines, a.lines);
    expect(report.endpointMismatches).toBe(0);
    expect(report.maxCountDifference).toBeLessThanOrEqual(1);
    expect(report.meanDistance).toBeLessThan(1e-3);
  }, 120_000);

  it('runs the WGSL kernels in Node with --backend webgpu, as the CPU does, and names the device', () => {
    const gpu = cli('process', 'random:30,12,4', '--seed', '3', '--out', 'g.nnwalk', '--backend', 'webgpu');
    expect(gpu.status).toBe(0);
    expect(gpu.stdout).toMatch(/backend webgpu: .*swiftshader/i);
    expect(cli('process', 'random:30,12,4', '--seed', '3', '--out', 'c.nnwalk', '--threads', '1').status).toBe(0);
    const g = lines('g.nnwalk');
    const c = lines('c.nnwalk');
    const hs = planBundling(c.net, false).edgeBandwidths;
    const report = compareBundlings(g.lines, c.lines);
    expect(report.endpointMismatches).toBe(0);
    expect(report.maxCountDifference).toBeLessThanOrEqual(1);
    expect(report.meanDistance).toBeLessThan(0.5 * hs[hs.length - 1] / kCellsPerBandwidth);
  }, 120_000);

  it('refuses bad backend options in one sentence', () => {
    expect(cli('process', 'random:4,3', '--backend', 'gpu').stderr).toContain("--backend must be cpu or webgpu, got 'gpu'");
    expect(cli('process', 'random:4,3', '--threads', '0').stderr).toContain("--threads must be a whole number from 1 to 256, got '0'");
    expect(cli('process', 'random:4,3', '--backend', 'webgpu', '--threads', '2').stderr).toContain('--threads applies to --backend cpu only');
    const noGpu = spawnSync(process.execPath, [join(root, 'processing/cli/nnwalk.mjs'), 'process', 'random:4,3', '--backend', 'webgpu'], {
      cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, LD_LIBRARY_PATH: '', VK_ICD_FILENAMES: '/nonexistent.json' },
    });
    expect(noGpu.status).toBe(1);
    expect(noGpu.stderr).toContain('--backend webgpu: WebGPU is available but no adapter was found; on a machine without a GPU driver');
  }, 120_000);
});
