/**
 * The training playback panel (desktop, `T`): the held-out accuracy over the epochs with the shown epoch
 * marked, a slider over the snapshots, step and play buttons, the warm-start switch, and what is being
 * computed.
 */
import { lineChart } from '../../processing/evaluate/svg-chart';
import type { EpochSnapshot } from '../../processing/train/snapshots';
import { createPanelElement } from './panel-element';

export interface PlaybackView {
  open: boolean;
  epochs: EpochSnapshot[];
  /** Index into `epochs` of the snapshot shown (or being loaded). */
  at: number;
  playing: boolean;
  /** What is happening ('' when the shown epoch is ready). */
  status: string;
  /** Why there is nothing to play (no manifest, a bad one). */
  message: string;
  /** Steps to an adjacent epoch start from the picture on screen. */
  warm: boolean;
  /** Frames drawn by the last morph between epochs, and their mean time to build and draw (ms). */
  morphFrames: number;
  morphFrameMs: number;
}

export interface PlaybackActions { setEpoch(index: number): void; step(by: number): void; play(on: boolean): void; warm(on: boolean): void; close(): void }

export interface PlaybackPanel { render(view: PlaybackView): void; dispose(): void }

/** Builds the (hidden) panel inside `root`. */
export function createPlaybackPanel(root: HTMLElement, actions: PlaybackActions): PlaybackPanel {
  const { panel, part } = createPanelElement(root, 'playback', `<h2>Training <span class="note">the network epoch by epoch</span><button class="close" title="close (T)">×</button></h2>
    <div class="chart"></div>
    <div class="controls"><button class="prev" title="previous epoch (,)">◀</button><button class="play" title="play / pause">Play</button><button class="next" title="next epoch (.)">▶</button>
      <input type="range" min="0" max="0" step="1" value="0"><b class="epoch"></b></div>
    <label class="warm" title="on: a step to the next or previous epoch starts from the picture on screen, so nodes and strands move on (faster, continuous); off: every epoch is bundled from scratch, its own picture"><input type="checkbox" checked> warm start from the last epoch</label>
    <div class="status"></div><div class="message"></div>`);
  const chart = part('.chart');
  const slider = part<HTMLInputElement>('input');
  const epochLabel = part('.epoch');
  const play = part<HTMLButtonElement>('.play');
  const status = part('.status');
  const message = part('.message');
  const warm = part<HTMLInputElement>('.warm input');
  warm.addEventListener('change', () => actions.warm(warm.checked));
  part('.close').addEventListener('click', () => actions.close());
  part('.prev').addEventListener('click', () => actions.step(-1));
  part('.next').addEventListener('click', () => actions.step(1));
  play.addEventListener('click', () => actions.play(play.textContent === 'Play'));
  slider.addEventListener('input', () => actions.setEpoch(Number(slider.value)));
  let chartFor = '';
  return {
    render(view) {
      panel.classList.toggle('hidden', !view.open);
      if (!view.open) return;
      message.textContent = view.message;
      const e = view.epochs;
      panel.classList.toggle('empty', !e.length);
      status.textContent = view.status;
      warm.checked = view.warm;
      if (!e.length) return;
      slider.max = String(e.length - 1);
      if (document.activeElement !== slider) slider.value = String(view.at);
      epochLabel.textContent = `epoch ${e[view.at].epoch} · ${(e[view.at].heldOutAccuracy * 100).toFixed(1)} %`;
      play.textContent = view.playing ? 'Pause' : 'Play';
      const key = `${e.length}|${view.at}`;
      if (key !== chartFor) {
        chartFor = key;
        const last = e[e.length - 1].epoch;
        const step = Math.max(1, Math.ceil(last / 6));
        chart.innerHTML = lineChart([{ label: 'held-out accuracy', x: e.map((s) => s.epoch), y: e.map((s) => s.heldOutAccuracy), color: '#2f5fb8' }], {
          title: 'held-out accuracy by epoch', xLabel: 'epoch', yLabel: 'accuracy', xRange: [e[0].epoch, Math.max(last, e[0].epoch + 1)], yRange: [0, 1],
          xTicks: Array.from({ length: Math.floor((last - e[0].epoch) / step) + 1 }, (_, i) => e[0].epoch + i * step), yTicks: [0, 0.5, 1],
          formatY: (v) => v.toFixed(1), width: 300, height: 190, legend: 'below', marker: { x: e[view.at].epoch, label: `epoch ${e[view.at].epoch}` },
        });
      }
    },
    dispose: () => panel.remove(),
  };
}
