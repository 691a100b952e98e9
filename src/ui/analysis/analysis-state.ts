/** What the analysis panel shows (held by the analysis feature, drawn by the panel). */
import type { AccuracyResult, CurvesResult, ErrorsResult } from '../../workers/analysis-protocol';
import type { ChordLayout } from './chord-layout';

export type AnalysisTab = 'errors' | 'pruning';

export interface AnalysisView {
  open: boolean;
  tab: AnalysisTab;
  /** Why the loaded network cannot be evaluated ('' when it can). */
  unavailable: string;
  /** The job running now (null: none). */
  job: { what: string; done: number; total: number } | null;
  /** The last failure, in one sentence ('' when none). */
  message: string;
  classNames: string[];
  palette: Float32Array;
  errors: { result: ErrorsResult; chord: ChordLayout } | null;
  /** The ribbon the user picked, with its digits (held-out indices). */
  ribbon: { t: number; p: number; samples: Uint32Array } | null;
  /** The class whose colouring is on (Class k mode), or null. */
  colourClass: number | null;
  pruning: { fraction: number; accuracy: AccuracyResult | null; curves: CurvesResult | null };
}
