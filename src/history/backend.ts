import type { HistoryRecord } from './record.js';
import type { TargetState } from './state.js';
import type { Plan, PlanOptions } from './store.js';

/** Where the history lives: the data branch (github.ts) or a local folder (local.ts). */
export interface HistoryBackend {
  /** What the states say before this run, for the regression baseline and identity changes. */
  read(): Promise<{ states: Map<string, TargetState>; warnings: string[] }>;
  /** The run's records added, in one write; the plan (states after the run) even when the write failed. */
  write(records: HistoryRecord[], options: PlanOptions): Promise<WriteResult>;
}

export interface WriteResult {
  plan: Plan | null;
  written: boolean;
  warnings: string[];
  /** Where it went, for the log: a commit URL or a folder. */
  where: string | null;
  /** API requests made (GitHub only), and write attempts. */
  requests: number;
  attempts: number;
}
