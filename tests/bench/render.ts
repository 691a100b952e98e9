/**
 * `npm run bench:render`: frame time and draw calls of the impostor rendering for about 10k, 100k and 1M
 * segments in headless Chromium. Random straight networks (one segment per edge) are written next to the
 * built app and opened with `?network=…&bundle=0`; every edge is made visible (importance opacity 0,
 * thresholds 0) so the renderer draws all of them, in the light and the shaded look (light only at 1M).
 * On a machine without a GPU, Chromium renders in software (SwiftShader, minutes per frame at 1M): read
 * the figures relative to each other. Prints figures; asserts nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultProcessingConfig } from '../../processing/config/processing-config';
import { defaultRenderingConfig } from '../../processing/config/rendering-config';
import { encodeProcessedNetwork } from '../../processing/format/codec';
import { randomImportance } from '../../processing/importance/random';
import { buildStraightNetwork } from '../../processing/network/build-straight';
import { openApp, serveApp, stopApp, waitForNetwork } from '../e2e/harness';
import { frameTime } from './frame-time';

const kSizes: [label: string, layers: number[]][] = [
  ['10k', [100, 100, 10]],
  ['100k', [316, 316, 10]],
  ['1M', [1000, 1000, 10]],
];

async function main(): Promise<void> {
  await serveApp();
  const dist = join(import.meta.dirname, '..', '..', 'dist');
  console.log('nnwalk bench:render — headless Chromium (software WebGL2 here), 800×600, every edge visible');
  for (const [label, layers] of kSizes) {
    const shape = { name: `random ${label}`, layerSizes: layers, classNames: Array.from({ length: 10 }, (_, c) => String(c)) };
    const net = buildStraightNetwork(shape, randomImportance(layers, 7), { processing: defaultProcessingConfig, rendering: defaultRenderingConfig });
    const file = `bench-render-${label}.nnwalk`;
    writeFileSync(join(dist, file), encodeProcessedNetwork(net));
    const s = await openApp(`?network=${file}&bundle=0`);
    try {
      if ((await waitForNetwork(s.page, 600_000)) !== 'ready') throw new Error(await s.page.evaluate(() => window.nnwalk!.state().message));
      // Every edge drawn: the draw limit (automatic: 25,000 segments on a software renderer) is lifted to its maximum.
      await s.page.evaluate(() => window.nnwalk!.setRendering({ edge_importance_opacity: 0, edge_importance_threshold: 0, node_importance_threshold: 0, max_segments: 4_000_000 }));
      // Software rendering takes minutes per frame at 1M: one frame, light look only, there.
      for (const look of label === '1M' ? (['light'] as const) : (['light', 'shaded'] as const)) {
        await s.page.evaluate((l) => window.nnwalk!.setLook({ look: l }), look);
        const ms = await frameTime(s.page, label === '1M' ? 1 : label === '100k' ? 2 : 5);
        const view = await s.page.evaluate(() => window.nnwalk!.state().view!);
        console.log(`  ${label.padEnd(5)} ${String(view.segmentsShown).padStart(8)} segments, ${view.nodesShown} nodes, ${look.padEnd(6)}  frame ${ms.toFixed(0).padStart(6)} ms   draw calls ${view.drawCalls}`);
      }
    } finally {
      await s.close();
    }
  }
  await stopApp();
}

await main();
