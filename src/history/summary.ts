import { codeSpan, escapeInline } from '../report/markdown.js';
import type { Report } from '../report/model.js';
import type { HistoryOutputs } from '../report/outputs.js';
import type { IdentityChange } from './judge.js';
import { slugOf } from './record.js';
import { type Budget, DAY_MS, errorBudget, type TargetState, uptimeOver } from './state.js';

/** What the summary, the outputs and the CLI say about a target's history. Pure. */
export interface TargetHistory {
  target: string;
  uptime24h: number | null;
  uptime7d: number | null;
  uptime30d: number | null;
  incidents7d: number;
  budget: Budget | null;
  /** Daily medians of the hourly p95 latency and TTFT over the last 7 days. */
  trend: { day: string; p95: number | null; ttft: number | null }[];
}

export function targetHistory(state: TargetState, now: number, slo: number | null): TargetHistory {
  const trend: TargetHistory['trend'] = [];
  for (let i = 6; i >= 0; i--) {
    const day = Math.floor(now / DAY_MS) * DAY_MS - i * DAY_MS;
    const row = state.days.find((d) => d.t === day);
    trend.push({
      day: new Date(day).toISOString().slice(5, 10),
      p95: row?.p95 ?? null,
      ttft: row?.ttft ?? null,
    });
  }
  return {
    target: state.target,
    uptime24h: uptimeOver(state, DAY_MS, now),
    uptime7d: uptimeOver(state, 7 * DAY_MS, now),
    uptime30d: uptimeOver(state, 30 * DAY_MS, now),
    incidents7d: state.incidents.filter((i) => (i.end ?? now) >= now - 7 * DAY_MS).length,
    budget: slo === null ? null : errorBudget(state, slo, now),
    trend,
  };
}

export function historyOutputs(h: TargetHistory | undefined): HistoryOutputs | null {
  if (!h) return null;
  return {
    uptime24h: h.uptime24h,
    uptime7d: h.uptime7d,
    uptime30d: h.uptime30d,
    sloBudgetLeft: h.budget?.leftPercent ?? null,
  };
}

const pct = (v: number | null) => (v === null ? 'no data' : `${(Math.floor(v * 100) / 100).toFixed(2)}%`);

export function duration(msValue: number): string {
  const m = Math.round(msValue / 60_000);
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  if (d > 0) return `${d} d ${h % 24} h`;
  return h > 0 ? `${h} h ${m % 60} m` : `${m} m`;
}

export function budgetText(b: Budget): string {
  return `error budget: ${Math.round(b.usedPercent)}% used (${duration(b.usedMs)} of ${duration(b.budgetMs)} in 30 days, SLO ${b.slo}%)`;
}

/** The plain line (CLI and summary alike): uptime 24 h / 7 d / 30 d, incidents, budget. */
export function historyLine(h: TargetHistory): string {
  const parts = [
    `uptime 24 h ${pct(h.uptime24h)} · 7 d ${pct(h.uptime7d)} · 30 d ${pct(h.uptime30d)}`,
    `${h.incidents7d} incident(s) in 7 d`,
  ];
  if (h.budget) parts.push(budgetText(h.budget));
  return parts.join(' · ');
}

function trendChart(h: TargetHistory): string {
  const days = h.trend.filter((d) => d.p95 !== null);
  if (days.length < 2) return '';
  const top = Math.max(1, ...days.map((d) => Math.max(d.p95 ?? 0, d.ttft ?? 0)));
  const withTtft = days.every((d) => d.ttft !== null);
  return [
    '```mermaid',
    'xychart-beta',
    `  title "p95 latency (bars)${withTtft ? ' and TTFT p95 (line)' : ''}, daily median, last 7 days, ms"`,
    `  x-axis [${days.map((d) => `"${d.day}"`).join(', ')}]`,
    `  y-axis "ms" 0 --> ${Math.ceil(top * 1.1)}`,
    `  bar [${days.map((d) => Math.round(d.p95!)).join(', ')}]`,
    ...(withTtft ? [`  line [${days.map((d) => Math.round(d.ttft!)).join(', ')}]`] : []),
    '```',
  ].join('\n');
}

export interface HistorySectionOptions {
  /** raw.githubusercontent.com base of the data branch, for the badge markdown; null leaves it out. */
  rawBase: string | null;
  written: string | null;
  warnings: string[];
}

/** The summary's "History" block: one line per target, its trend, identity changes, badge markdown. */
export function historySection(
  report: Report,
  histories: Map<string, TargetHistory>,
  changes: IdentityChange[],
  options: HistorySectionOptions,
): string {
  const lines: string[] = ['### History'];
  for (const t of report.targets) {
    const h = histories.get(t.name);
    if (!h) continue;
    lines.push(`- **${escapeInline(t.name, 80)}**: ${historyLine(h)}`);
    const chart = trendChart(h);
    if (chart) lines.push('', chart, '');
  }
  for (const c of changes) {
    const model =
      c.from.model !== c.to.model
        ? `model ${codeSpan(c.from.model ?? '(none)', 80)} → ${codeSpan(c.to.model ?? '(none)', 80)}`
        : null;
    const fp =
      c.from.fingerprint !== c.to.fingerprint
        ? `system_fingerprint ${codeSpan(c.from.fingerprint ?? '(none)', 80)} → ${codeSpan(c.to.fingerprint ?? '(none)', 80)}`
        : null;
    lines.push(
      `- 🔀 **${escapeInline(c.target, 80)}**: identity changed since the previous run: ${[model, fp].filter(Boolean).join(', ')}`,
    );
  }
  if (options.rawBase) {
    lines.push('', '<details><summary>README badges</summary>', '', '```markdown');
    for (const t of report.targets) {
      const slug = slugOf(t.name);
      lines.push(
        `![uptime 30d](${options.rawBase}/api/${slug}/uptime-30d.svg) ![p95](${options.rawBase}/api/${slug}/response-time.svg)`,
        `![uptime 7d](https://img.shields.io/endpoint?url=${encodeURIComponent(`${options.rawBase}/api/${slug}/uptime-7d.json`)})`,
      );
    }
    lines.push('```', '', '</details>');
  }
  if (options.written) lines.push('', `Recorded in ${options.written}.`);
  for (const w of options.warnings) lines.push(`- ⚠️ ${escapeInline(w, 600)}`);
  return lines.join('\n');
}
