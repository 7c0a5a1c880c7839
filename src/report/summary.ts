import { targetTokensLine } from '../cost/summary.js';
import { busyNote } from '../probe/loop-delay.js';
import { CONFIG_CATEGORIES } from '../probe/result.js';
import { STATUSES_WORST_FIRST, severity } from '../status.js';
import { oneDecimal } from '../text/numbers.js';
import {
  categoryLine,
  figures,
  gatewayLine,
  identities,
  ms,
  STATUS_ICON,
  sampleErrors,
  seconds,
  successCell,
  timeWentLine,
  triple,
} from './blocks.js';
import { codeSpan, escapeInline } from './markdown.js';
import type { IssueAction, Report, TargetReport } from './model.js';

/** The overview a person reads first during an outage: one row per target. */
function overview(report: Report): string {
  const streaming = report.settings.stream;
  const rows = report.targets.map((t) => {
    const s = t.stats;
    const cells = [
      `${STATUS_ICON[t.status]} ${t.status}${t.maintenance ? ' 🔧 maintenance' : ''}`,
      `**${escapeInline(t.name, 80)}**`,
      successCell(s),
      triple(s.latency),
      streaming ? `${ms(s.ttft.p50)} / ${ms(s.ttft.p95)}` : 'not streamed',
      s.tokensPerSecond === null ? '–' : String(oneDecimal(s.tokensPerSecond)),
      s.rateLimited > 0 ? String(s.rateLimited) : '0',
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    '| status | target | success | latency p50 / p95 / p99 (ms) | TTFT p50 / p95 (ms) | tokens/s | rate-limited |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

/** Bars a chart can label without overlap in GitHub's summary width. */
const CHART_BARS = 24;

/** The middle value, or null for none. */
function middle(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Mermaid xychart (GitHub renders it in job summaries) of the successful checks only: a failed check's
 * latency is the time to its failure and it has no TTFT, so drawing it would look like the fastest
 * check and pull the TTFT line to zero. Up to 24 checks get a bar each; more are grouped into 24 runs
 * of consecutive checks, each bar the median of its group, so labels never overlap at any burst size.
 */
export function latencyChart(target: TargetReport, streaming: boolean): string {
  const ok = target.checks.filter((c) => c.category === 'ok');
  const failed = target.checks.length - ok.length;
  if (ok.length === 0) return failed > 0 ? '_No successful check to chart._' : '';
  const size = Math.ceil(ok.length / CHART_BARS);
  const groups: (typeof ok)[] = [];
  for (let i = 0; i < ok.length; i += size) groups.push(ok.slice(i, i + size));
  const label = (g: typeof ok) =>
    g.length === 1 ? `"${g[0]!.index + 1}"` : `"${g[0]!.index + 1}-${g.at(-1)!.index + 1}"`;
  const latencies = groups.map((g) => Math.round(middle(g.map((c) => c.latencyMs))!));
  const ttfts = groups.map((g) => middle(g.flatMap((c) => (c.ttftMs === null ? [] : [c.ttftMs]))));
  const withTtft = streaming && ttfts.every((t) => t !== null);
  const top = Math.max(1, ...latencies);
  const what = size === 1 ? 'per successful check' : `median per ${size} successful checks`;
  const title = withTtft ? `latency (bars) and TTFT (line), ${what}, ms` : `latency (bars), ${what}, ms`;
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis "check" [${groups.map(label).join(', ')}]`,
    `  y-axis "ms" 0 --> ${Math.ceil(top * 1.1)}`,
    `  bar [${latencies.join(', ')}]`,
  ];
  if (withTtft) lines.push(`  line [${ttfts.map((t) => Math.round(t!)).join(', ')}]`);
  lines.push('```');
  const note = failed > 0 ? `\n\n${failed} failed check(s) are not drawn: they are in the table above.` : '';
  return lines.join('\n') + note;
}

export function targetSection(target: TargetReport, streaming: boolean): string {
  const v = target.verdict;
  const parts = [
    `### ${STATUS_ICON[target.status]} ${escapeInline(target.name, 80)} — ${target.status}${target.maintenance ? ' 🔧' : ''}`,
    `${codeSpan(target.model, 80)} at ${codeSpan(target.baseUrl, 120)}${target.kind ? ` · kind ${codeSpan(target.kind, 20)}` : ''}`,
  ];
  if (target.maintenance) {
    const m = target.maintenance;
    const from =
      m.issueUrl && m.issueNumber !== null
        ? ` (from [#${m.issueNumber}](${m.issueUrl}))`
        : ' (maintenance input)';
    parts.push(
      `> 🔧 In a maintenance window until ${m.end.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC')}${from}: probed and judged, but no issue is opened or escalated, nothing is notified, and history leaves this run out of uptime.`,
    );
  }
  if (v.breaches.length > 0)
    parts.push(v.breaches.map((b) => `- ❌ ${escapeInline(b.text, 300)}`).join('\n'));
  const went = v.breaches.some((b) => b.kind === 'latency' || b.kind === 'ttft')
    ? timeWentLine(target.stats)
    : '';
  if (went) parts.push(`⏱️ ${went.charAt(0).toUpperCase()}${went.slice(1)}.`);
  const configProblems = target.checks.filter((c) =>
    (CONFIG_CATEGORIES as readonly string[]).includes(c.category),
  ).length;
  if (configProblems > 0) {
    parts.push(
      `> ⚙️ ${configProblems} check(s) failed with \`auth\` or \`not_found\`: most likely the key, the model name or the base URL, not an outage.`,
    );
  }
  if (target.checks.some((c) => c.category === 'empty_reply' && c.finishReason === 'length')) {
    parts.push(
      `> ✂️ Empty replies ended with \`finish_reason: length\`: the ${target.maxTokens}-token budget ran out (reasoning models think first). Raise \`max-tokens\`.`,
    );
  }
  if (v.notes.length > 0) parts.push(v.notes.map((n) => `- ℹ️ ${escapeInline(n, 300)}`).join('\n'));
  // What a check noticed about the server's own figures (impossible usage, and so on): once each.
  const checkNotes = [...new Set(target.checks.flatMap((c) => c.notes ?? []))];
  if (checkNotes.length > 0)
    parts.push(
      checkNotes
        .slice(0, 3)
        .map((n) => `- ℹ️ ${escapeInline(n, 300)}`)
        .join('\n'),
    );
  parts.push(figures(target, streaming));
  parts.push(`Outcomes: ${categoryLine(target.stats)}`);
  const tokens = targetTokensLine(target);
  if (tokens) parts.push(tokens);
  parts.push(identities(target));
  const gateway = gatewayLine(target);
  if (gateway) parts.push(gateway);
  const errors = sampleErrors(target);
  if (errors) parts.push(errors);
  parts.push(latencyChart(target, streaming));
  return parts.join('\n\n');
}

const ISSUE_ACTION_TEXT: Record<IssueAction, string> = {
  opened: 'opened',
  updated: 'updated',
  closed: 'closed: recovered',
  reopened: 'reopened',
  none: 'none',
};

/**
 * The "Tracking issues" block for renderSummary's `extra`: each target's issue and what this run did to
 * it, then the tracker's warnings. Empty when the tracker did not run.
 */
export function trackingSection(report: Report): string {
  if (report.targets.every((t) => t.issue === null) && report.trackerWarnings.length === 0) return '';
  const rows = report.targets.map((t) => {
    const issue = t.issue;
    const link = issue?.number != null && issue.url ? `[#${issue.number}](${issue.url})` : '–';
    return `| ${STATUS_ICON[t.status]} ${escapeInline(t.name, 80)} | ${link} | ${ISSUE_ACTION_TEXT[issue?.action ?? 'none']} |`;
  });
  const table = ['| target | issue | this run |', '|---|---|---|', ...rows].join('\n');
  const warnings = report.trackerWarnings.map((w) => `- ⚠️ ${escapeInline(w, 600)}`).join('\n');
  return ['### Tracking issues', table, warnings].filter((p) => p !== '').join('\n\n');
}

/** Aggregate mode: a target × location table, and where the locations disagree. Empty otherwise. */
export function locationsSection(report: Report): string {
  const merged = report.targets.filter((t) => t.locations && t.locations.length > 0);
  if (merged.length === 0) return '';
  const locations = [...new Set(merged.flatMap((t) => t.locations!.map((l) => l.location)))];
  const rows = merged.map((t) => {
    const cells = locations.map((name) => {
      const view = t.locations!.find((l) => l.location === name);
      if (!view) return '–';
      const rate = view.successRate === null ? '–' : `${oneDecimal(view.successRate)}%`;
      return `${STATUS_ICON[view.status]} ${rate}${view.latencyP95 === null ? '' : ` · p95 ${ms(view.latencyP95)} ms`}`;
    });
    return `| **${escapeInline(t.name, 80)}** | ${STATUS_ICON[t.status]} ${t.status} | ${cells.join(' | ')} |`;
  });
  const disagreements = merged
    .filter((t) => new Set(t.locations!.map((l) => l.status)).size > 1)
    .map((t) => {
      const views = t.locations!.map((l) => `${escapeInline(l.location, 60)} ${l.status}`).join(', ');
      return `- ${escapeInline(t.name, 80)}: ${views} → **${t.status}** by quorum`;
    });
  return [
    '### Locations',
    `| target | overall | ${locations.map((l) => escapeInline(l, 60)).join(' | ')} |`,
    `|---|---|${locations.map(() => '---|').join('')}`,
    ...rows,
    ...(disagreements.length > 0 ? ['', '**The locations disagree:**', ...disagreements] : []),
  ].join('\n');
}

function headline(report: Report): string {
  const counts = STATUSES_WORST_FIRST.map(
    (s) => [s, report.targets.filter((t) => t.status === s).length] as const,
  )
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`);
  return `## ${STATUS_ICON[report.status]} llm-heartbeat: ${report.status} (${counts.join(', ')})`;
}

function settingsLine(report: Report): string {
  const s = report.settings;
  const where = report.location ? ` from ${codeSpan(report.location, 60)}` : '';
  const run = report.run.url ? ` · [workflow run](${report.run.url})` : '';
  return (
    `${s.checks} checks per target, ${seconds(s.intervalMs)} apart (start to start), ${s.concurrency} at a time, ` +
    `timeout ${seconds(s.timeoutMs)}, ${s.stream ? 'streaming' : 'not streaming'}${where} · ` +
    `${report.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')} · took ${seconds(report.durationMs)}${run}`
  );
}

/** The job summary: headline, overview table, then one section per target, worst first. */
/** The runner's own load, said when it may have made the timings read high (loop-delay.ts). */
function busyRunner(report: Report): string[] {
  const note = busyNote(report.loopDelay);
  return note === null ? [] : [`⚠️ **${note.charAt(0).toUpperCase()}${note.slice(1)}.**`];
}

export function renderSummary(report: Report, extra: string[] = []): string {
  const targets = [...report.targets].sort((a, b) => severity(b.status) - severity(a.status));
  const failing = report.failed
    ? `**The step fails:** the status \`${report.status}\` reaches \`fail-on: ${report.settings.failOn}\`.`
    : `The step passes (\`fail-on: ${report.settings.failOn}\`).`;
  return [
    headline(report),
    settingsLine(report),
    failing,
    ...busyRunner(report),
    overview(report),
    ...extra,
    ...targets.map((t) => targetSection(t, report.settings.stream)),
    "<sub>Latency: from the request being written on its connection to the last byte of the reply; a new connection's DNS, connect and TLS are phases of their own, before it. TTFT: to the raw chunk holding the first content token. Percentiles over successful checks, numpy-style interpolation. Categories are explained in the README.</sub>",
    '',
  ].join('\n\n');
}
