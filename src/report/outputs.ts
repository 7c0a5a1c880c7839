import { mostSevere } from './build.js';
import type { Report } from './model.js';

export type OutputName =
  | 'status'
  | 'success-rate'
  | 'latency-p50'
  | 'latency-p95'
  | 'latency-p99'
  | 'ttft-p50'
  | 'ttft-p95'
  | 'tokens-per-second'
  | 'breached'
  | 'report-file'
  | 'issue-number'
  | 'issue-url'
  | 'issue-action';

const number = (v: number | null): string => (v === null ? '' : String(Math.round(v * 10) / 10));

/**
 * Plain numbers without units; empty where there is nothing to measure. The issue outputs describe the
 * most severe target's tracking issue: empty number and url, action `none`, when it has none.
 */
export function probeOutputs(report: Report, reportPath: string): Record<OutputName, string> {
  const target = mostSevere(report.targets);
  const stats = target?.stats;
  return {
    status: report.status,
    'success-rate': number(stats?.successRate ?? null),
    'latency-p50': number(stats?.latency.p50 ?? null),
    'latency-p95': number(stats?.latency.p95 ?? null),
    'latency-p99': number(stats?.latency.p99 ?? null),
    'ttft-p50': number(stats?.ttft.p50 ?? null),
    'ttft-p95': number(stats?.ttft.p95 ?? null),
    'tokens-per-second': number(stats?.tokensPerSecond ?? null),
    breached: String(report.breached),
    'report-file': reportPath,
    'issue-number': target?.issue?.number == null ? '' : String(target.issue.number),
    'issue-url': target?.issue?.url ?? '',
    'issue-action': target?.issue?.action ?? 'none',
  };
}
