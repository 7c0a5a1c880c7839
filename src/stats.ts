import { type GatewayName, gatewayRetried } from './probe/gateway.js';
import { type PhaseStats, phaseStats } from './probe/phases.js';
import { CATEGORIES, type Category, type CheckResult } from './probe/result.js';

/**
 * Percentile by linear interpolation between closest ranks (numpy's default).
 * `sorted` must be ascending; null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const low = sorted[lo]!;
  return low + (sorted[hi]! - low) * (rank - lo);
}

export interface Distribution {
  /** How many values the figures rest on (successful checks only, none from a gateway's cache). */
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** The value at the configured latency-percentile, and that percentile. */
  atThreshold: number | null;
  thresholdPercentile: number;
}

export interface TargetStats {
  checks: number;
  /**
   * Checks that count toward the success rate: rate-limited ones are left out under `exclude`, and
   * replies from a gateway's cache always are.
   */
  judged: number;
  successes: number;
  /** Percent of judged checks that succeeded; null when none was judged. */
  successRate: number | null;
  rateLimited: number;
  byCategory: Record<Category, number>;
  latency: Distribution;
  ttft: Distribution;
  /** Median output speed (tokens/s after the first token) over successful checks. */
  tokensPerSecond: number | null;
  tokensPerSecondN: number;
  /** Model names and fingerprints the server reported, with how many checks saw each. */
  identities: { model: string | null; systemFingerprint: string | null; checks: number }[];
  /** What a gateway in front of the model did across the burst; null when no check saw one. */
  gateway: GatewayCounts | null;
  /** Where the time of the successful checks went, phase by phase; null when none recorded phases. */
  phases?: PhaseStats | null;
}

/**
 * How a gateway's work counts (the rule the verdict rests on):
 *
 * - A reply from the gateway's cache says nothing about the model: the model was not asked, and the
 *   timings are those of a replay. Such checks are left out of `judged`, `successes`, the success
 *   rate, the latency and TTFT percentiles and the output speed, like rate-limited ones under
 *   `exclude` (they stay in `checks` and in `byCategory`, which say what happened). The nonce in
 *   the prompt and the gateways' skip-cache switches keep them rare; a burst answered wholly from a
 *   cache could not be judged (the verdict says so).
 * - A check that succeeded only after the gateway retried the upstream, or fell back to another
 *   model or provider, counts as a success: that is the answer a user of the gateway gets, and its
 *   latency (retries included) is real and is judged. But each such check is also evidence that
 *   the first upstream attempt failed, so `rescued` counts them and the verdict judges the
 *   first-attempt success rate, (successes − rescued) / judged, against the same minimum: below it
 *   the target is `degraded` (users are served, the upstream is failing behind the gateway). Not
 *   `down`, since the answers came; not ignored, since that is how the gateway's retry budget runs
 *   out without warning.
 */
export interface GatewayCounts {
  /** The gateways seen, in order of first sight. */
  names: GatewayName[];
  /** Checks whose response carried a gateway header. */
  seen: number;
  /** Checks on which the gateway reported its retries at all (some gateways never do). */
  retriesReported: number;
  /** Checks the gateway retried upstream at least once, including those where it ran out. */
  retried: number;
  /** Retries reported in all (a lower bound: running out of retries does not say how many). */
  retries: number;
  /** Checks on which the gateway ran out of retries: every upstream attempt failed. */
  exhausted: number;
  /** Checks served by a fallback rather than the first model or provider. */
  fellBack: number;
  /** Checks answered from the gateway's cache: left out of judged, the success rate and the figures. */
  cached: number;
  /** Successes (not from the cache) that needed a gateway retry or fallback. */
  rescued: number;
}

/** Answered from a gateway's cache: not a check of the model. */
export function fromCache(r: CheckResult): boolean {
  return r.gateway?.cacheHit === true;
}

/** A success the gateway had to retry or fall back for. */
export function rescuedByGateway(r: CheckResult): boolean {
  return r.category === 'ok' && !fromCache(r) && (gatewayRetried(r.gateway) || r.gateway?.fellBack === true);
}

function gatewayCounts(results: readonly CheckResult[]): GatewayCounts | null {
  const seen = results.filter((r) => r.gateway != null);
  if (seen.length === 0) return null;
  const names: GatewayName[] = [];
  for (const r of seen) if (!names.includes(r.gateway!.name)) names.push(r.gateway!.name);
  return {
    names,
    seen: seen.length,
    retriesReported: seen.filter((r) => r.gateway!.retries !== null || r.gateway!.retriesExhausted).length,
    retried: seen.filter((r) => gatewayRetried(r.gateway)).length,
    retries: seen.reduce((sum, r) => sum + (r.gateway!.retries ?? 0), 0),
    exhausted: seen.filter((r) => r.gateway!.retriesExhausted).length,
    fellBack: seen.filter((r) => r.gateway!.fellBack === true).length,
    cached: seen.filter(fromCache).length,
    rescued: seen.filter(rescuedByGateway).length,
  };
}

function distribution(values: number[], thresholdPercentile: number): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    const v = percentile(sorted, p);
    return v;
  };
  return {
    n: sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    atThreshold: at(thresholdPercentile),
    thresholdPercentile,
  };
}

export function computeStats(
  results: readonly CheckResult[],
  options: { rateLimitPolicy: 'exclude' | 'failure'; latencyPercentile: number },
): TargetStats {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const r of results) byCategory[r.category]++;
  // Cache hits are not checks of the model: out of judged and out of every figure (see GatewayCounts).
  const fresh = results.filter((r) => !fromCache(r));
  const ok = fresh.filter((r) => r.category === 'ok');
  const rateLimited = byCategory.rate_limited;
  const freshRateLimited = fresh.filter((r) => r.category === 'rate_limited').length;
  const judged = options.rateLimitPolicy === 'exclude' ? fresh.length - freshRateLimited : fresh.length;
  const speeds = ok.map((r) => r.tokensPerSecond).filter((v): v is number => v !== null);
  const identities = new Map<string, TargetStats['identities'][number]>();
  for (const r of results) {
    if (r.model === null && r.systemFingerprint === null) continue;
    const key = `${r.model}\u0000${r.systemFingerprint}`;
    const seen = identities.get(key) ?? { model: r.model, systemFingerprint: r.systemFingerprint, checks: 0 };
    seen.checks++;
    identities.set(key, seen);
  }
  return {
    checks: results.length,
    judged,
    successes: ok.length,
    successRate: judged === 0 ? null : (ok.length / judged) * 100,
    rateLimited,
    byCategory,
    latency: distribution(
      ok.map((r) => r.latencyMs),
      options.latencyPercentile,
    ),
    ttft: distribution(
      ok.map((r) => r.ttftMs).filter((v): v is number => v !== null),
      options.latencyPercentile,
    ),
    tokensPerSecond: distribution(speeds, 50).p50,
    tokensPerSecondN: speeds.length,
    identities: [...identities.values()].sort((a, b) => b.checks - a.checks),
    gateway: gatewayCounts(results),
    phases: phaseStats(
      ok.map((r) => r.phases),
      options.latencyPercentile,
      percentile,
    ),
  };
}

/** The standard normal quantile (inverse CDF), by Acklam's rational approximation (error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

/**
 * Wilson score interval of a success ratio at a two-sided confidence (percent): the range the
 * true rate lies in, given `successes` of `trials`. Unlike the raw ratio it knows that 9 of 10
 * says much less than 900 of 1000.
 */
export function wilsonInterval(
  successes: number,
  trials: number,
  confidence: number,
): { low: number; high: number } {
  if (trials === 0) return { low: 0, high: 1 };
  const z = normalQuantile(1 - (1 - confidence / 100) / 2);
  const p = successes / trials;
  const z2 = z * z;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
