/** The `nnwalk` command line: process, evaluate, snapshots, visualize, info. */
import { parseArgs } from 'node:util';
import { UsageError } from './usage-error';
import { createProgress } from './progress';

const kUsage = `usage:
  nnwalk process <model (.onnx, .keras, .h5, model.json) | random:784,81,49,10> [--processing configs/processing.json]
                 [--rendering configs/rendering.json] [--importance bn|taylor|weight] [--data file]
                 [--out file.nnwalk] [--seed n] [--bn-epochs n] [--no-class-aware]
                 [--max-edges n] [--backend cpu|webgpu] [--threads n] [--quiet]
  nnwalk evaluate <model> [--data file] [--out-dir dir] [--methods bn,taylor,weight]
                 [--step 0.05] [--seeds 5] [--samples n] [--bn-epochs n] [--quiet]
  nnwalk snapshots <epoch model> <epoch model> … [--out epochs.json] [--data file] [--quiet]
  nnwalk visualize <model> [--plane NAME] [--out dir] [--iterations 200] [--step 0.15] [--seed n]
                 [--start n] [--data file] [--quiet]
  nnwalk info <file.nnwalk | model>`;

const kCommands = ['process', 'evaluate', 'snapshots', 'visualize', 'info'];

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h') {
      process.stdout.write(kUsage + '\n');
      return command ? 0 : 2;
    }
    if (!kCommands.includes(command)) throw new UsageError(`unknown command '${command}' (commands: ${kCommands.join(', ')})`);
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        processing: { type: 'string' }, rendering: { type: 'string' }, importance: { type: 'string' }, data: { type: 'string' },
        out: { type: 'string' }, seed: { type: 'string' }, 'bn-epochs': { type: 'string' }, 'no-class-aware': { type: 'boolean' },
        quiet: { type: 'boolean' }, 'out-dir': { type: 'string' }, methods: { type: 'string' }, step: { type: 'string' },
        seeds: { type: 'string' }, samples: { type: 'string' }, backend: { type: 'string' }, threads: { type: 'string' }, 'max-edges': { type: 'string' },
        plane: { type: 'string' }, iterations: { type: 'string' }, start: { type: 'string' },
      },
    });
    if (command !== 'snapshots' && positionals.length !== 1) throw new UsageError(`'${command}' takes exactly one input, got ${positionals.length}`);
    const progress = createProgress(Boolean(process.stderr.isTTY) && !values.quiet);
    let output: string;
    // Each command's code is loaded when it runs, so `--help` and usage errors answer at once.
    if (command === 'process') {
      const { runProcess } = await import('./commands/process');
      output = await runProcess({
        model: positionals[0], processing: values.processing, rendering: values.rendering, importance: values.importance, data: values.data,
        out: values.out, seed: values.seed, classAware: !values['no-class-aware'], bnEpochs: values['bn-epochs'],
        backend: values.backend, threads: values.threads, maxEdges: values['max-edges'],
      }, progress);
    } else if (command === 'evaluate') {
      const { runEvaluate } = await import('./commands/evaluate');
      output = await runEvaluate({
        model: positionals[0], data: values.data, outDir: values['out-dir'], methods: values.methods, step: values.step,
        seeds: values.seeds, samples: values.samples, bnEpochs: values['bn-epochs'],
      }, progress);
    } else if (command === 'snapshots') {
      const { runSnapshots } = await import('./commands/snapshots');
      output = await runSnapshots({ models: positionals, out: values.out, data: values.data }, progress);
    } else if (command === 'visualize') {
      const { runVisualize } = await import('./commands/visualize');
      output = await runVisualize({
        model: positionals[0], plane: values.plane, out: values.out, iterations: values.iterations, seed: values.seed, step: values.step, start: values.start, data: values.data,
      }, progress);
    } else {
      const { runInfo } = await import('./commands/info');
      output = await runInfo(positionals[0]);
    }
    process.stdout.write(output + '\n');
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`nnwalk ${command ?? ''}: ${(err as Error).message}\n${usage ? kUsage + '\n' : ''}`);
    return usage ? 2 : 1;
  }
}
