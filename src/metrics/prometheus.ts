/**
 * One target's run as Prometheus metrics, in the text exposition format (version 0.0.4), for a push
 * to a Pushgateway. Pure: the same report gives the same text.
 *
 * Every metric is a gauge, on purpose. A push carries one run's figures and replaces the previous
 * run's (PUT), so nothing here only goes up: a `_total` counter that drops back at every push would
 * make rate() and increase() read a reset each run. Hence `llm_heartbeat_checks` (this run's count),
 * not `llm_heartbeat_checks_total`; sum_over_time() adds runs up on the Prometheus side.
 *
 * A figure that does not exist (no successful check, so no latency; no judged check, so no success
 * ratio; no stream, so no TTFT) is left out, never written as 0 or NaN: an absent series is what
 * PromQL treats as "unknown", and an alert on `< 0.95` or `> threshold` then stays quiet rather than
 * firing on a made-up value. Counts (checks by category, samples) are always written, zeros included.
 */

import { CATEGORIES } from '../probe/result.js';
import type { Report, TargetReport } from '../report/model.js';
import type { Distribution } from '../stats.js';
import { STATUSES, severity } from '../status.js';
import { truncate } from '../text/untrusted.js';

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Labels every sample carries; the Pushgateway sets the same from the grouping key of the push URL. */
export interface MetricsIdentity {
  /** The Pushgateway `job` (the first grouping label). */
  job: string;
  /** Where the probe ran (a region, a runner); part of the grouping key so locations never overwrite each other. */
  location: string;
}

/** Server-reported names are untrusted: bound them so one odd reply cannot bloat every scrape. */
const MAX_REPORTED_LABEL_LENGTH = 200;

type Labels = Record<string, string>;

interface Sample {
  labels: Labels;
  value: number;
}

interface Family {
  name: string;
  help: string;
  samples: Sample[];
}

/** Label value escaping of the text format: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function sampleLine(name: string, labels: Labels, value: number): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return `${name}{${pairs.join(',')}} ${value}`;
}

const seconds = (ms: number) => ms / 1000;

/**
 * Percentiles in seconds, labelled `percentile="95"` (the action's own word, as in latency-percentile):
 * the median, 95 and 99 always, plus the target's latency-percentile when it is another one. Null
 * figures are left out. Not `quantile`: that label belongs to summaries (promtool's linter says so),
 * and a summary's _count and _sum would have to be cumulative counters, which one run's figures are not.
 */
function percentileSamples(distribution: Distribution): Sample[] {
  const byPercentile = new Map<number, number | null>([
    [50, distribution.p50],
    [95, distribution.p95],
    [99, distribution.p99],
    [distribution.thresholdPercentile, distribution.atThreshold],
  ]);
  return [...byPercentile]
    .filter((entry): entry is [number, number] => entry[1] !== null)
    .map(([percentile, ms]) => ({ labels: { percentile: String(percentile) }, value: seconds(ms) }));
}

/** The limit at the percentile it is judged at, so a rule can compare like with like. */
function thresholdSamples(limitMs: number | null, percentile: number): Sample[] {
  return limitMs === null ? [] : [{ labels: { percentile: String(percentile) }, value: seconds(limitMs) }];
}

/** The repository's Actions page, for links back from alerts: stable, unlike the run URL (one series per run). */
function actionsUrl(runUrl: string | null): string | null {
  return runUrl?.replace(/\/runs\/[^/]+$/, '') ?? null;
}

/**
 * The phase medians in blackbox_exporter's convention (`probe_http_duration_seconds{phase=…}`): resolve,
 * connect and tls over the checks that opened a connection, processing (request written to response
 * headers) and transfer (response headers to the body's end) over all successful checks. A phase no
 * check had (no new connection, so no resolve) is left out.
 */
function phaseSamples(target: TargetReport): Sample[] {
  const p = target.stats.phases;
  if (!p) return [];
  const transfer =
    p.transfer.p50 === null && p.firstToken.p50 === null
      ? null
      : (p.firstToken.p50 ?? 0) + (p.transfer.p50 ?? 0);
  const phases: [string, number | null][] = [
    ['resolve', p.dns.p50],
    ['connect', p.connect.p50],
    ['tls', p.tls.p50],
    ['processing', p.toHeaders.p50],
    ['transfer', transfer],
  ];
  return phases
    .filter((entry): entry is [string, number] => entry[1] !== null)
    .map(([phase, ms]) => ({ labels: { phase }, value: seconds(ms) }));
}

function families(report: Report, target: TargetReport): Family[] {
  const { stats, thresholds } = target;
  const percentile = thresholds.latencyPercentile;
  const single = (value: number | null): Sample[] => (value === null ? [] : [{ labels: {}, value }]);
  const identities = new Map<string, Labels>();
  for (const identity of stats.identities) {
    const labels = {
      requested_model: target.model,
      model: truncate(identity.model ?? '', MAX_REPORTED_LABEL_LENGTH),
      system_fingerprint: truncate(identity.systemFingerprint ?? '', MAX_REPORTED_LABEL_LENGTH),
    };
    // null and "" are the same label value: one series each, or the Pushgateway rejects the push.
    identities.set(JSON.stringify(labels), labels);
  }
  const actions = actionsUrl(report.run.url);

  return [
    {
      name: 'llm_heartbeat_last_run_timestamp_seconds',
      help: 'Unix time when the last run of the probe finished its burst.',
      samples: single(Date.parse(report.finishedAt) / 1000),
    },
    {
      name: 'llm_heartbeat_status',
      help: 'Status of the target in the last run: 1 for the current status (up, degraded, down), 0 for the others.',
      samples: STATUSES.map((status) => ({ labels: { status }, value: status === target.status ? 1 : 0 })),
    },
    {
      name: 'llm_heartbeat_status_severity',
      help: 'Status of the target in the last run as a number: 0 up, 1 degraded, 2 down.',
      samples: single(severity(target.status)),
    },
    {
      name: 'llm_heartbeat_checks',
      help: 'Checks in the last run by outcome category (this run only: each push replaces the last).',
      samples: CATEGORIES.map((category) => ({ labels: { category }, value: stats.byCategory[category] })),
    },
    {
      name: 'llm_heartbeat_judged_checks',
      help: 'Checks in the last run that count toward the success ratio (rate-limited ones are left out under rate-limit-policy exclude).',
      samples: single(stats.judged),
    },
    {
      name: 'llm_heartbeat_success_ratio',
      help: 'Successful checks over judged checks in the last run, 0 to 1; absent when no check was judged.',
      samples: single(stats.judged === 0 ? null : stats.successes / stats.judged),
    },
    {
      name: 'llm_heartbeat_latency_seconds',
      help: 'Latency of the successful checks of the last run at each percentile (request start to end of reply); absent when none succeeded.',
      samples: percentileSamples(stats.latency),
    },
    {
      name: 'llm_heartbeat_latency_samples',
      help: 'Successful checks the latency percentiles of the last run rest on.',
      samples: single(stats.latency.n),
    },
    {
      name: 'llm_heartbeat_latency_threshold_seconds',
      help: 'The max-latency limit of the target, at the percentile it is judged at; absent when none is set.',
      samples: thresholdSamples(thresholds.maxLatencyMs, percentile),
    },
    {
      name: 'llm_heartbeat_ttft_seconds',
      help: 'Time to first token of the successful streamed checks of the last run at each percentile; absent without streaming or success.',
      samples: percentileSamples(stats.ttft),
    },
    {
      name: 'llm_heartbeat_ttft_samples',
      help: 'Successful checks the time-to-first-token percentiles of the last run rest on.',
      samples: single(stats.ttft.n),
    },
    {
      name: 'llm_heartbeat_ttft_threshold_seconds',
      help: 'The max-ttft limit of the target, at the percentile it is judged at; absent when none is set.',
      samples: thresholdSamples(thresholds.maxTtftMs, percentile),
    },
    {
      name: 'llm_heartbeat_phase_seconds',
      help: 'Median time of each phase of the successful checks of the last run, as blackbox_exporter names them: resolve, connect, tls (new connections only), processing (request written to response headers), transfer (headers to the end of the body).',
      samples: phaseSamples(target),
    },
    {
      name: 'llm_heartbeat_output_tokens_per_second',
      help: 'Median output speed of the successful checks of the last run (tokens per second after the first token); absent when not measurable.',
      samples: single(stats.tokensPerSecond),
    },
    {
      name: 'llm_heartbeat_model_info',
      help: 'Model names and system fingerprints the server reported in the last run, beside the requested model; always 1.',
      samples: [...identities.values()].map((labels) => ({ labels, value: 1 })),
    },
    {
      name: 'llm_heartbeat_workflow_info',
      help: 'The GitHub repository and workflow that ran the probe, with the Actions page to link alerts to; always 1.',
      samples:
        report.run.repository === null || actions === null
          ? []
          : [
              {
                labels: {
                  repository: report.run.repository,
                  workflow: report.run.workflow ?? '',
                  actions_url: actions,
                },
                value: 1,
              },
            ],
    },
  ];
}

/**
 * The metrics of one target of a run, as the body of a Pushgateway push. Every sample carries
 * job, target and location, the grouping key of the push, so the text reads the same on its own
 * as in a scrape of the Pushgateway.
 */
export function renderMetrics(report: Report, target: TargetReport, identity: MetricsIdentity): string {
  const grouping: Labels = { job: identity.job, target: target.name, location: identity.location };
  const lines: string[] = [];
  for (const family of families(report, target)) {
    const samples = family.samples.filter((s) => Number.isFinite(s.value));
    if (samples.length === 0) continue;
    lines.push(`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} gauge`);
    for (const s of samples) lines.push(sampleLine(family.name, { ...grouping, ...s.labels }, s.value));
  }
  return `${lines.join('\n')}\n`;
}
