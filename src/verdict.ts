import type { Thresholds } from './config/types.js';
import { type TargetStats, wilsonInterval } from './stats.js';
import type { Status } from './status.js';
import { oneDecimal } from './text/numbers.js';

export interface Breach {
  /** Which threshold: stable strings, used in the report. */
  kind:
    | 'success-rate'
    | 'latency'
    | 'ttft'
    | 'all-rate-limited'
    | 'all-cached'
    | 'gateway-retries'
    | 'locations'
    | 'latency-regression'
    | 'ttft-regression';
  /** The figure measured and the limit it broke, in the threshold's unit. */
  figure: number | null;
  limit: number | null;
  text: string;
}

export interface Verdict {
  status: Status;
  breaches: Breach[];
  /** Things worth saying that are not breaches: too few samples, a threshold that could not be judged. */
  notes: string[];
}

const ms = (v: number) => `${Math.round(v)} ms`;

/**
 * A figure below a limit, as shown: one decimal, or as many as it takes not to read as the limit
 * itself (94.996% is not "95.0% is below 95%").
 */
function belowShown(value: number, limit: number): string {
  for (let digits = 1; digits <= 6; digits++) {
    const shown = Number(value.toFixed(digits));
    if (shown < limit) return String(shown);
  }
  return String(value);
}

/**
 * Thresholds -> status. The percentile judged is the one the stats were computed at. down: success rate below its minimum. degraded: latency or TTFT at the
 * percentile above its limit, or every check rate-limited (nothing to judge, and users are refused),
 * or every judgeable check answered from a gateway's cache (nothing reached the model), or the
 * first-attempt success rate behind a retrying gateway below the minimum (see `GatewayCounts`).
 */
export function judge(stats: TargetStats, thresholds: Thresholds, stream: boolean): Verdict {
  const breaches: Breach[] = [];
  const notes: string[] = [];
  const p = stats.latency.thresholdPercentile;

  const cached = stats.gateway?.cached ?? 0;
  if (stats.successRate === null) {
    if (cached > 0) {
      // Nothing reached the model: a cache answering every check must not read as `up`.
      const limited = stats.rateLimited > 0 ? ` and ${stats.rateLimited} rate-limited` : '';
      breaches.push({
        kind: 'all-cached',
        figure: cached,
        limit: null,
        text: `no check reached the model: ${cached} of ${stats.checks} were answered from the gateway's cache${limited}, so the model could not be judged`,
      });
    } else if (stats.rateLimited > 0) {
      breaches.push({
        kind: 'all-rate-limited',
        figure: stats.rateLimited,
        limit: null,
        text: `every check was rate-limited (${stats.rateLimited} of ${stats.checks}): the model could not be judged`,
      });
    }
  } else {
    const rate = judgeRate(stats.successes, stats.judged, thresholds);
    if (rate.kind === 'note') {
      notes.push(
        `success rate ${oneDecimal(stats.successRate)}% (${stats.successes} of ${stats.judged}) is below ${thresholds.minSuccessRate}%, but too few checks to conclude at ${thresholds.confidence}% confidence: the true rate may be up to ${oneDecimal(rate.high)}%`,
      );
    } else if (rate.kind === 'breach') {
      breaches.push({
        kind: 'success-rate',
        figure: stats.successRate,
        limit: thresholds.minSuccessRate,
        text: `success rate ${belowShown(stats.successRate, thresholds.minSuccessRate)}% (${stats.successes} of ${stats.judged})${rate.bound} is below the minimum ${thresholds.minSuccessRate}%`,
      });
    }
    gatewayRetries(stats, thresholds, breaches, notes);
  }

  const latency = stats.latency.atThreshold;
  if (thresholds.maxLatencyMs !== null && latency !== null && latency > thresholds.maxLatencyMs) {
    breaches.push({
      kind: 'latency',
      figure: latency,
      limit: thresholds.maxLatencyMs,
      text: `latency p${p} ${ms(latency)} is above max-latency ${ms(thresholds.maxLatencyMs)} (n=${stats.latency.n})`,
    });
  }
  const ttft = stats.ttft.atThreshold;
  if (thresholds.maxTtftMs !== null && ttft !== null && ttft > thresholds.maxTtftMs) {
    breaches.push({
      kind: 'ttft',
      figure: ttft,
      limit: thresholds.maxTtftMs,
      text: `TTFT p${p} ${ms(ttft)} is above max-ttft ${ms(thresholds.maxTtftMs)} (n=${stats.ttft.n})`,
    });
  }
  if (thresholds.maxTtftMs !== null && !stream)
    notes.push('max-ttft was not judged: without streaming there is no time to first token');
  const judgedAtPercentile = thresholds.maxLatencyMs !== null || (thresholds.maxTtftMs !== null && stream);
  if (judgedAtPercentile && stats.latency.n > 0 && stats.latency.n < samplesForPercentile(p)) {
    notes.push(
      `p${p} rests on ${stats.latency.n} successful checks: below ${samplesForPercentile(p)} it is close to the slowest one`,
    );
  }

  const down = breaches.some((b) => b.kind === 'success-rate');
  return { status: down ? 'down' : breaches.length > 0 ? 'degraded' : 'up', breaches, notes };
}

type RateJudgement = { kind: 'fine' } | { kind: 'note'; high: number } | { kind: 'breach'; bound: string };

/** A success ratio against min-success-rate, with the confidence interval when one is configured. */
function judgeRate(successes: number, judged: number, thresholds: Thresholds): RateJudgement {
  // Judged at full precision: only the text rounds.
  const rate = (successes / judged) * 100;
  if (rate >= thresholds.minSuccessRate) return { kind: 'fine' };
  const interval =
    thresholds.confidence === null ? null : wilsonInterval(successes, judged, thresholds.confidence);
  const high = interval === null ? null : interval.high * 100;
  if (high !== null && high >= thresholds.minSuccessRate) return { kind: 'note', high };
  return {
    kind: 'breach',
    bound:
      high === null
        ? ''
        : ` (at most ${belowShown(high, thresholds.minSuccessRate)}% with ${thresholds.confidence}% confidence)`,
  };
}

/**
 * Successes the gateway had to retry or fall back for count as successes, but each says the first
 * upstream attempt failed: the first-attempt success rate is judged against the same minimum, and
 * below it the target is degraded (the rule and its reasons: `GatewayCounts` in stats.ts).
 */
function gatewayRetries(
  stats: TargetStats,
  thresholds: Thresholds,
  breaches: Breach[],
  notes: string[],
): void {
  const rescued = stats.gateway?.rescued ?? 0;
  if (rescued === 0 || stats.judged === 0) return;
  const firstTry = stats.successes - rescued;
  const rate = judgeRate(firstTry, stats.judged, thresholds);
  const figure = (firstTry / stats.judged) * 100;
  const shown = belowShown(figure, thresholds.minSuccessRate);
  const what = `the gateway had to retry or fall back for ${rescued} of the ${stats.successes} successes`;
  if (rate.kind === 'note') {
    notes.push(
      `${what}: at first attempt only ${shown}% (${firstTry} of ${stats.judged}) succeeded, below ${thresholds.minSuccessRate}%, but too few checks to conclude at ${thresholds.confidence}% confidence`,
    );
  } else if (rate.kind === 'breach') {
    breaches.push({
      kind: 'gateway-retries',
      figure,
      limit: thresholds.minSuccessRate,
      text: `${what}: at first attempt only ${shown}% (${firstTry} of ${stats.judged})${rate.bound} succeeded, below the minimum ${thresholds.minSuccessRate}%; the upstream is failing behind the gateway`,
    });
  }
}

/** Samples needed before the p-th percentile sits between two real samples rather than on the maximum. */
function samplesForPercentile(p: number): number {
  return p >= 100 ? 1 : Math.ceil(1 / (1 - p / 100));
}
