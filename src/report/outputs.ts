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
  | 'issue-action'
  | 'uptime-24h'
  | 'uptime-7d'
  | 'uptime-30d'
  | 'slo-budget-left';

/** The history's figures of the most severe target, when history ran. */
export interface HistoryOutputs {
  uptime24h: number | null;
  uptime7d: number | null;
  uptime30d: number | null;
  sloBudgetLeft: number | null;
}

const number = (v: number | null): string => (v === null ? '' : String(Math.round(v * 10) / 10));

/** Uptime floored at two decimals: 99.996% is not 100%. */
const uptimeText = (v: number | null): string => (v === null ? '' : String(Math.floor(v * 100) / 100));

/**
 * Plain numbers without units; empty where there is nothing to measure. The issue outputs describe the
 * most severe target's tracking issue: empty number and url, action `none`, when it has none.
 */
export function probeOutputs(
  report: Report,
  reportPath: string,
  history: ((target: string) => HistoryOutputs | null) | null = null,
): Record<OutputName, string> {
  const target = mostSevere(report.targets);
  const stats = target?.stats;
  const h = target && history ? history(target.name) : null;
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
    'uptime-24h': uptimeText(h?.uptime24h ?? null),
    'uptime-7d': uptimeText(h?.uptime7d ?? null),
    'uptime-30d': uptimeText(h?.uptime30d ?? null),
    'slo-budget-left': number(h?.sloBudgetLeft ?? null),
  };
}
