import { GATEWAY_LABEL } from '../probe/gateway.js';
import { type PhaseFigure, type PhaseStats, whereTimeWent } from '../probe/phases.js';
import { CATEGORIES, CONFIG_CATEGORIES } from '../probe/result.js';
import type { Distribution, TargetStats } from '../stats.js';
import type { Status } from '../status.js';
import { oneDecimal } from '../text/numbers.js';
import { codeSpan, escapeInline } from './markdown.js';
import type { TargetReport } from './model.js';

/**
 * Markdown blocks that both the job summary and the tracking issue show: the same figures, outcomes,
 * models and failed checks, written once.
 */

export const STATUS_ICON: Record<Status, string> = { up: '🟢', degraded: '🟡', down: '🔴' };

/** At most this many failed checks are shown per target: enough to see the pattern. */
const SAMPLE_ERRORS = 5;

export const ms = (v: number | null): string => (v === null ? '–' : `${Math.round(v)}`);

export function seconds(msValue: number): string {
  return `${Math.round(msValue) / 1000} s`;
}

export function successCell(stats: TargetStats): string {
  if (stats.successRate === null) return `– (0 judged)`;
  return `${oneDecimal(stats.successRate)}% (${stats.successes}/${stats.judged})`;
}

export function triple(d: Distribution): string {
  return `${ms(d.p50)} / ${ms(d.p95)} / ${ms(d.p99)}`;
}

export function categoryLine(stats: TargetStats): string {
  const parts = CATEGORIES.filter((c) => stats.byCategory[c] > 0).map((c) => {
    const flag = (CONFIG_CATEGORIES as readonly string[]).includes(c) ? ' ⚙️' : '';
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

/** Successful checks whose content arrived too close together to time (a gateway flushing at once). */
function tooFastCount(target: TargetReport): number {
  return target.checks.filter((c) => c.category === 'ok' && c.tokensPerSecond === null && c.speedNote).length;
}

function unmeasuredSpeed(target: TargetReport): string {
  const n = tooFastCount(target);
  return n > 0 ? `too fast to measure (${n} successful check(s): content arrived all at once)` : '–';
}

function tooFast(target: TargetReport): string {
  const n = tooFastCount(target);
  return n > 0 ? `; ${n} more too fast to measure` : '';
}

export function figures(target: TargetReport, streaming: boolean): string {
  const s = target.stats;
  const p = target.thresholds.latencyPercentile;
  const rows = [
    [
      'checks',
      `${s.checks} (${s.judged} judged${s.rateLimited ? `, ${s.rateLimited} rate-limited left out` : ''}${s.gateway?.cached ? `, ${s.gateway.cached} from the gateway's cache left out` : ''})`,
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
        ? unmeasuredSpeed(target)
        : `${oneDecimal(s.tokensPerSecond)} tokens/s median after the first token (n=${s.tokensPerSecondN})${tooFast(target)}`,
    ],
  ];
  if (s.phases) {
    rows.push(['where the time went (p50)', phaseLine(s.phases, s.ttft, streaming, 'p50')]);
    rows.push([`where the time went (p${p})`, phaseLine(s.phases, s.ttft, streaming, 'atThreshold')]);
  }
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

/**
 * Where the time went at one point of the distributions (the median, or the judged percentile):
 * "network 14 ms (DNS 2 · connect 5 · TLS 7) · to headers 180 ms · to first token 220 ms · streaming 160 ms".
 * Each phase is its own distribution, so the parts need not add up to the latency at that percentile.
 */
export function phaseLine(
  phases: PhaseStats,
  ttft: Distribution,
  streaming: boolean,
  at: 'p50' | 'atThreshold',
): string {
  const v = (f: PhaseFigure) => f[at];
  const ttftAt = at === 'p50' ? ttft.p50 : ttft.atThreshold;
  const parts: string[] = [];
  if (phases.newConnections === 0) parts.push('network: connection reused');
  else {
    const inner = [
      ['DNS', phases.dns],
      ['connect', phases.connect],
      ['TLS', phases.tls],
    ]
      .filter(([, f]) => (f as PhaseFigure).n > 0)
      .map(([name, f]) => `${name} ${ms(v(f as PhaseFigure))}`);
    const conns = `${phases.newConnections} new connection${phases.newConnections === 1 ? '' : 's'}`;
    parts.push(
      `network ${ms(v(phases.network))} ms${inner.length ? ` (${inner.join(' · ')})` : ''} on ${conns}`,
    );
  }
  parts.push(`to headers ${ms(v(phases.toHeaders))} ms`);
  if (streaming && ttftAt !== null) parts.push(`to first token ${ms(ttftAt)} ms`);
  if (phases.transfer.n > 0) parts.push(`${streaming ? 'streaming' : 'body'} ${ms(v(phases.transfer))} ms`);
  return parts.join(' · ');
}

/** "the time went to the model, not the network", with its figures; '' without phases. */
export function timeWentLine(stats: TargetStats): string {
  return whereTimeWent(stats.phases ?? null) ?? '';
}

const checksWord = (n: number): string => `${n} check${n === 1 ? '' : 's'}`;

/**
 * One line on what a gateway in front of the model did: retries, fallbacks, cache hits. Empty when
 * no check saw a gateway. How these count in the verdict: `GatewayCounts` in stats.ts.
 */
export function gatewayLine(target: TargetReport): string {
  const g = target.stats.gateway;
  if (!g) return '';
  const total = target.stats.checks;
  const names = g.names.map((n) => GATEWAY_LABEL[n]).join(', ');
  const parts: string[] = [];
  if (g.retried > 0) {
    const inAll = g.retries > 0 ? ` (${g.retries} ${g.retries === 1 ? 'retry' : 'retries'} in all)` : '';
    parts.push(`the gateway retried ${g.retried} of ${checksWord(total)}${inAll}`);
  }
  if (g.exhausted > 0) parts.push(`ran out of retries on ${checksWord(g.exhausted)}`);
  if (g.fellBack > 0) parts.push(`fell back to another model or provider on ${checksWord(g.fellBack)}`);
  if (g.cached > 0) {
    parts.push(`${checksWord(g.cached)} answered from the gateway's cache, left out of the figures`);
  }
  if (g.rescued > 0) {
    parts.push(
      `${g.rescued} of the ${target.stats.successes} successes needed a retry or fallback: evidence of upstream failures`,
    );
  }
  if (parts.length === 0) parts.push('no retries, fallbacks or cache hits reported');
  if (g.retriesReported === 0) parts.push('it does not report retries');
  return `🔀 Gateway ${names} (seen on ${g.seen} of ${checksWord(total)}): ${parts.join(' · ')}.`;
}
