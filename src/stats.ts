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
  /** How many values the figures rest on (successful checks only). */
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
  /** Checks that count toward the success rate (rate-limited ones are left out under `exclude`). */
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
}

function distribution(values: number[], thresholdPercentile: number): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => {
    const v = percentile(sorted, p);
    return v === null ? null : Math.round(v * 10) / 10;
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
  const ok = results.filter((r) => r.category === 'ok');
  const rateLimited = byCategory.rate_limited;
  const judged = options.rateLimitPolicy === 'exclude' ? results.length - rateLimited : results.length;
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
    successRate: judged === 0 ? null : Math.round((ok.length / judged) * 1000) / 10,
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
  };
}
