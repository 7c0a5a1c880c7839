/**
 * The summary's "What it cost" line: tokens this run (prompt, completion, and the reasoning part of
 * completion), money at price-per-mtok, and, on a schedule, a month of runs: tokens, money and the
 * GitHub Actions minutes it bills (each job at least one whole minute).
 */
import { type Cron, firingsPerMonth, parseCron } from '../maintenance/cron.js';
import { codeSpan } from '../report/markdown.js';
import type { Report } from '../report/model.js';
import { money, NO_TOKENS, type TokenCounts } from './tokens.js';

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const total = (t: TokenCounts) => t.prompt + t.completion;

/** Large counts short: 10.7M, 432k. */
function short(x: number): string {
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)}M`;
  if (x >= 1e4) return `${Math.round(x / 1e3)}k`;
  return n(x);
}

/** The schedule's cron from the event payload (GITHUB_EVENT_PATH has `schedule` on scheduled runs). */
export function scheduleOf(event: unknown): string | null {
  const s = (event as { schedule?: unknown } | null)?.schedule;
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : null;
}

/** Billed minutes of one job: its minutes rounded up, at least one. */
export function billedMinutes(durationMs: number): number {
  return Math.max(1, Math.ceil(durationMs / 60_000));
}

export function costLine(report: Report, schedule: string | null): string {
  const t = report.tokens ?? NO_TOKENS;
  const parts = [
    `**What it cost:** ${n(total(t))} tokens this run (${n(t.prompt)} prompt + ${n(t.completion)} completion, ${n(t.reasoning)} of them reasoning)`,
  ];
  if (t.checksReported > 0)
    parts.push(
      `${n(t.prompt / t.checksReported)} prompt + ${n(t.completion / t.checksReported)} completion per check`,
    );
  if (t.checksReported === 0) parts[0] = '**What it cost:** no server reported token usage this run';
  if (report.cost != null) parts.push(`≈ ${money(report.cost)} at price-per-mtok`);
  let cron: Cron | null = null;
  try {
    cron = schedule ? parseCron(schedule) : null;
  } catch {
    cron = null;
  }
  if (cron && schedule) {
    const runs = firingsPerMonth(cron);
    const month = [`${short(total(t) * runs)} tokens`];
    if (report.cost != null) month.push(`≈ ${money(report.cost * runs)}`);
    month.push(`≥ ${n(runs * billedMinutes(report.durationMs))} Actions minutes`);
    parts.push(`on ${codeSpan(schedule, 60)} (${n(runs)} runs per 30 days): ${month.join(', ')} per month`);
  }
  return parts.join(' · ');
}

/** A target's own tokens, for its section: what its checks spent, and their cost at its price. */
export function targetTokensLine(target: { tokens?: TokenCounts; cost?: number | null }): string {
  const t = target.tokens;
  if (!t || t.checksReported === 0) return '';
  const cost = target.cost != null ? ` ≈ ${money(target.cost)}` : '';
  return `Tokens: ${n(t.prompt)} prompt + ${n(t.completion)} completion (${n(t.reasoning)} reasoning) over ${t.checksReported} check(s)${cost}`;
}
