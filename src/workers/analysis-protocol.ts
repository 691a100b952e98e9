/** Messages between the app and its analysis worker (held-out evaluation, pruning curves, pruned accuracy, feature visualization). */
import type { Confusion } from '../../processing/analysis/confusion';
import type { AppPruningReport, PrunePlan } from '../../processing/analysis/app-pruning';
import type { LiveModel } from '../../processing/input/live-model';
import type { ProcessedNetwork } from '../../processing/format/processed-network';
import type { QualityMetrics } from '../../processing/metrics/quality';
import type { AscentSettings } from '../../processing/visualize/ascent';
import type { ImageShape } from '../../processing/visualize/regularise';
import type { EngineChoice } from './visualize-engine';

/** The model to analyse, the shown network's node importance (N × C; ranks a graph's channels) and the held-out digits' URL. */
export interface AnalysisSetup { model: LiveModel; nodeImportance: Float32Array; digitsUrl: string }

export type AnalysisJob =
  | { kind: 'errors' }
  | { kind: 'curves'; fractions: number[]; seeds: number; samples: number }
  | { kind: 'accuracy'; fraction: number; samples: number }
  /** The quality metrics of a bundled network (no model needed). */
  | { kind: 'quality'; network: ProcessedNetwork }
  /** The preferred input of every unit of plane `plane` (processing/visualize), from noise or from `start`. */
  | { kind: 'visualize'; plane: string; settings?: Partial<AscentSettings>; start?: Float32Array | null; units?: number[] | null; engine?: EngineChoice };

export type AnalysisRequest = { id: number; setup?: AnalysisSetup | null; job: AnalysisJob };

/** The held-out set's predictions and what they add up to. */
export interface ErrorsResult { kind: 'errors'; labels: Uint32Array; predicted: Uint32Array; confusion: Confusion; samples: number; ms: number }
export interface CurvesResult { kind: 'curves'; report: AppPruningReport; ms: number }
export interface AccuracyResult { kind: 'accuracy'; fraction: number; samples: number; overall: number; perClass: number[]; pruned: number; total: number; unit: PrunePlan['unit']; ms: number }
export interface QualityResult { kind: 'quality'; metrics: QualityMetrics; ms: number }
/**
 * One plane's visualizations: `units` (all of the plane's `unitCount`, or the few asked for), their images
 * (units.length × h·w·c, in the data's range) and what each reached (in `units` order); every unit's
 * held-out mean and max (unitCount each); which ascent engine ran.
 */
export interface VisualizeResult {
  kind: 'visualize'; plane: string; planeIndex: number; units: number[]; unitCount: number; spatial: boolean; shape: ImageShape; range: [number, number];
  images: Float32Array; reached: Float32Array; heldOutMean: Float32Array; heldOutMax: Float32Array; ms: number; engine: string;
}
export type AnalysisResult = ErrorsResult | CurvesResult | AccuracyResult | QualityResult | VisualizeResult;

export type AnalysisReply =
  | { id: number; progress: { done: number; total: number; what: string } }
  | { id: number; result: AnalysisResult }
  | { id: number; error: string };
