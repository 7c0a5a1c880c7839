import type { HistoryConfig } from '../config/types.js';
import type { Report } from '../report/model.js';
import type { HistoryOutputs } from '../report/outputs.js';
import type { HistoryBackend, WriteResult } from './backend.js';
import { type IdentityChange, judgeAgainstHistory } from './judge.js';
import { recordsOf } from './record.js';
import type { TargetState } from './state.js';
import { historyOutputs, historySection, type TargetHistory, targetHistory } from './summary.js';

/**
 * History's two moments in a run, the same for the action and the CLI: before the tracker, the report
 * judged against the targets' past; after the report, the run's records written and the figures
 * computed. Faults are warnings; the verdict stands without history.
 */

export interface OpenedHistory {
  backend: HistoryBackend;
  states: Map<string, TargetState>;
  warnings: string[];
}

export async function openHistory(backend: HistoryBackend): Promise<OpenedHistory> {
  const { states, warnings } = await backend.read();
  return { backend, states, warnings };
}

export function judgeWithHistory(
  report: Report,
  history: OpenedHistory | null,
  config: HistoryConfig,
): { report: Report; changes: IdentityChange[] } {
  const limits = { latency: config.maxLatencyRegression, ttft: config.maxTtftRegression };
  if (history) return judgeAgainstHistory(report, history.states, limits);
  if (limits.latency === null && limits.ttft === null) return { report, changes: [] };
  const note = 'max-latency-regression and max-ttft-regression need history: true (or --history-dir)';
  return {
    report: {
      ...report,
      targets: report.targets.map((t) => ({
        ...t,
        verdict: { ...t.verdict, notes: [...t.verdict.notes, note] },
      })),
    },
    changes: [],
  };
}

export interface RecordedHistory {
  result: WriteResult;
  histories: Map<string, TargetHistory>;
  outputs: (target: string) => HistoryOutputs | null;
  section: string;
}

export async function recordHistory(
  report: Report,
  history: OpenedHistory,
  changes: IdentityChange[],
  options: {
    config: HistoryConfig;
    now: Date;
    title: string;
    repositoryUrl: string | null;
    rawBase: string | null;
  },
): Promise<RecordedHistory> {
  const now = options.now.getTime();
  const result = await history.backend.write(recordsOf(report), {
    now,
    slo: options.config.slo,
    title: options.title,
    repositoryUrl: options.repositoryUrl,
  });
  const states = result.plan?.states ?? history.states;
  const histories = new Map<string, TargetHistory>();
  for (const t of report.targets) {
    const state = states.get(t.name);
    if (state) histories.set(t.name, targetHistory(state, now, options.config.slo));
  }
  return {
    result,
    histories,
    outputs: (target) => historyOutputs(histories.get(target)),
    section: historySection(report, histories, changes, {
      rawBase: options.rawBase,
      written: result.written ? result.where : null,
      warnings: [...history.warnings, ...result.warnings],
    }),
  };
}
