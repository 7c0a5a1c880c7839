import { CATEGORIES } from '../probe/result.js';
import type { Distribution, TargetStats } from '../stats.js';
import { STATUSES_WORST_FIRST, type Status, severity } from '../status.js';
import type { IssueAction, Report, TargetReport } from './json.js';
import { codeSpan, escapeInline } from './markdown.js';

export const STATUS_ICON: Record<Status, string> = { up: '🟢', degraded: '🟡', down: '🔴' };

/** At most this many failed checks are shown per target: enough to see the pattern. */
const SAMPLE_ERRORS = 5;

/** Categories that point at the configuration rather than the provider. */
const CONFIG_CATEGORIES = new Set(['auth', 'not_found']);

const ms = (v: number | null): string => (v === null ? '–' : `${Math.round(v)}`);

function seconds(msValue: number): string {
  return `${Math.round(msValue) / 1000} s`;
}

function successCell(stats: TargetStats): string {
  if (stats.successRate === null) return `– (0 judged)`;
  return `${stats.successRate}% (${stats.successes}/${stats.judged})`;
}

function triple(d: Distribution): string {
  return `${ms(d.p50)} / ${ms(d.p95)} / ${ms(d.p99)}`;
}

/** The overview a person reads first during an outage: one row per target. */
function overview(report: Report): string {
  const streaming = report.settings.stream;
  const rows = report.targets.map((t) => {
    const s = t.stats;
    const cells = [
      `${STATUS_ICON[t.status]} ${t.status}`,
      `**${escapeInline(t.name, 80)}**`,
      successCell(s),
      triple(s.latency),
      streaming ? `${ms(s.ttft.p50)} / ${ms(s.ttft.p95)}` : 'not streamed',
      s.tokensPerSecond === null ? '–' : String(s.tokensPerSecond),
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

export function categoryLine(stats: TargetStats): string {
  const parts = CATEGORIES.filter((c) => stats.byCategory[c] > 0).map((c) => {
    const flag = CONFIG_CATEGORIES.has(c) ? ' ⚙️' : '';
    return `\`${c}\` ${stats.byCategory[c]}${flag}`;
  });
  return parts.join(' · ');
}

export function sampleErrors(target: TargetReport): string {
  const failed = target.checks.filter((c) => c.category !== 'ok');
  if (failed.length === 0) return '';
  const shown = failed.slice(0, SAMPLE_ERRORS);
  const rows = shown.map((c) => {
    const cells = [
      String(c.index + 1),
      `\`${c.category}\``,
      c.httpStatus === null ? '–' : String(c.httpStatus),
      c.errorCode === null ? '–' : codeSpan(c.errorCode, 60),
      `${ms(c.latencyMs)} ms`,
      c.requestId === null ? '–' : codeSpan(c.requestId, 80),
      escapeInline(c.error ?? '', 300) +
        (c.retryAfter ? ` (retry-after ${escapeInline(c.retryAfter, 40)})` : ''),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const more =
    failed.length > shown.length ? `\n\n…and ${failed.length - shown.length} more in the JSON report.` : '';
  return (
    [
      `**Failed checks** (${failed.length} of ${target.checks.length}; server text is escaped and redacted)`,
      '',
      '| check | category | HTTP | code | latency | request id | error |',
      '|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n') + more
  );
}

export function identities(target: TargetReport): string {
  if (target.stats.identities.length === 0) return 'Models seen: none reported.';
  const parts = target.stats.identities.slice(0, 5).map((id) => {
    const model = id.model === null ? 'no model name' : codeSpan(id.model, 80);
    const fp = id.systemFingerprint === null ? '' : ` fingerprint ${codeSpan(id.systemFingerprint, 60)}`;
    return `${model}${fp} ×${id.checks}`;
  });
  const swapped = target.stats.identities.some(
    (id) => id.model !== null && !id.model.startsWith(target.model),
  )
    ? ' ⚠️ not the model asked for'
    : '';
  const several = target.stats.identities.length > 1 ? ' ⚠️ more than one identity in one burst' : '';
  return `Models seen: ${parts.join(', ')}${swapped}${several}`;
}

/** Mermaid xychart (GitHub renders it in job summaries): bars are latency, the line is TTFT. */
export function latencyChart(target: TargetReport, streaming: boolean): string {
  const checks = target.checks;
  if (checks.length === 0) return '';
  const labels = checks.map((c) => `"${c.index + 1}${c.category === 'ok' ? '' : ' ✗'}"`);
  const latencies = checks.map((c) => Math.round(c.latencyMs));
  const ttfts = checks.map((c) => Math.round(c.ttftMs ?? 0));
  const top = Math.max(1, ...latencies);
  const title = `${target.name} latency per check (ms)`.replace(/["`\n\r;]/g, '');
  const lines = [
    '```mermaid',
    'xychart-beta',
    `  title "${title}"`,
    `  x-axis "check (✗ failed)" [${labels.join(', ')}]`,
    `  y-axis "ms" 0 --> ${Math.ceil(top * 1.1)}`,
    `  bar [${latencies.join(', ')}]`,
  ];
  if (streaming && checks.some((c) => c.ttftMs !== null)) lines.push(`  line [${ttfts.join(', ')}]`);
  lines.push('```');
  return lines.join('\n');
}

export function figures(target: TargetReport, streaming: boolean): string {
  const s = target.stats;
  const p = target.thresholds.latencyPercentile;
  const rows = [
    [
      'checks',
      `${s.checks} (${s.judged} judged${s.rateLimited ? `, ${s.rateLimited} rate-limited left out` : ''})`,
    ],
    ['success rate', `${successCell(s)} — minimum ${target.thresholds.minSuccessRate}%`],
    [`latency p50 / p95 / p99`, `${triple(s.latency)} ms (n=${s.latency.n} successful)`],
    [
      'TTFT p50 / p95',
      streaming
        ? `${ms(s.ttft.p50)} / ${ms(s.ttft.p95)} ms (n=${s.ttft.n})`
        : 'not measured: stream is false',
    ],
    [
      'output speed',
      s.tokensPerSecond === null
        ? '–'
        : `${s.tokensPerSecond} tokens/s median after the first token (n=${s.tokensPerSecondN})`,
    ],
  ];
  if (target.thresholds.maxLatencyMs !== null) {
    rows.push([
      `max-latency (p${p})`,
      `${ms(s.latency.atThreshold)} ms measured, limit ${target.thresholds.maxLatencyMs} ms`,
    ]);
  }
  if (target.thresholds.maxTtftMs !== null) {
    rows.push([
      `max-ttft (p${p})`,
      `${ms(s.ttft.atThreshold)} ms measured, limit ${target.thresholds.maxTtftMs} ms`,
    ]);
  }
  return ['| figure | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join('\n');
}

export function targetSection(target: TargetReport, streaming: boolean): string {
  const v = target.verdict;
  const parts = [
    `### ${STATUS_ICON[target.status]} ${escapeInline(target.name, 80)} — ${target.status}`,
    `${codeSpan(target.model, 80)} at ${codeSpan(target.baseUrl, 120)}`,
  ];
  if (v.breaches.length > 0)
    parts.push(v.breaches.map((b) => `- ❌ ${escapeInline(b.text, 300)}`).join('\n'));
  const configProblems = target.checks.filter(
    (c) => c.category === 'auth' || c.category === 'not_found',
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
  parts.push(figures(target, streaming));
  parts.push(`Outcomes: ${categoryLine(target.stats)}`);
  parts.push(identities(target));
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
      const rate = view.successRate === null ? '–' : `${view.successRate}%`;
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
export function renderSummary(report: Report, extra: string[] = []): string {
  const targets = [...report.targets].sort((a, b) => severity(b.status) - severity(a.status));
  const failing = report.failed
    ? `**The step fails:** the status \`${report.status}\` reaches \`fail-on: ${report.settings.failOn}\`.`
    : `The step passes (\`fail-on: ${report.settings.failOn}\`).`;
  return [
    headline(report),
    settingsLine(report),
    failing,
    overview(report),
    ...extra,
    ...targets.map((t) => targetSection(t, report.settings.stream)),
    '<sub>Latency: request start to last byte of the reply. TTFT: to the first content token. Percentiles over successful checks, numpy-style interpolation. Categories are explained in the README.</sub>',
    '',
  ].join('\n\n');
}
