import { describe, expect, it } from 'vitest';
import type { Thresholds } from '../src/config/index.js';
import type { CheckResult } from '../src/probe/result.js';
import { computeStats, normalQuantile, percentile, wilsonInterval } from '../src/stats.js';
import { reachesFailOn, worstStatus } from '../src/status.js';
import { judge } from '../src/verdict.js';
import { check } from './support/fixtures.js';

const thresholds: Thresholds = {
  minSuccessRate: 95,
  maxLatencyMs: null,
  maxTtftMs: null,
  latencyPercentile: 95,
  confidence: null,
};
const stats = (results: CheckResult[], policy: 'exclude' | 'failure' = 'exclude', latencyPercentile = 95) =>
  computeStats(results, { rateLimitPolicy: policy, latencyPercentile });

describe('percentile', () => {
  it('interpolates linearly between closest ranks, like numpy', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(values, 50)).toBeCloseTo(5.5);
    expect(percentile(values, 95)).toBeCloseTo(9.55);
    expect(percentile(values, 99)).toBeCloseTo(9.91);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile(values, 100)).toBe(10);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('stats and verdict', () => {
  it('is up when every check succeeds', () => {
    const s = stats(Array.from({ length: 10 }, (_, i) => check('ok', 100 + i * 10)));
    expect(s.successRate).toBe(100);
    expect(s.latency).toMatchObject({ n: 10, p50: 145 });
    expect(judge(s, thresholds, true)).toMatchObject({ status: 'up', breaches: [] });
  });

  it('is down below min-success-rate, naming the figure and the limit', () => {
    const s = stats([
      ...Array.from({ length: 8 }, () => check('ok')),
      check('server_error'),
      check('timeout'),
    ]);
    const verdict = judge(s, thresholds, true);
    expect(verdict.status).toBe('down');
    expect(verdict.breaches[0]).toMatchObject({ kind: 'success-rate', figure: 80, limit: 95 });
    expect(verdict.breaches[0]?.text).toMatch(/80% \(8 of 10\) is below the minimum 95%/);
  });

  it('leaves rate-limited checks out of the success rate by default, and counts them under failure', () => {
    const results = [...Array.from({ length: 9 }, () => check('ok')), check('rate_limited')];
    expect(stats(results).successRate).toBe(100);
    expect(judge(stats(results), thresholds, true).status).toBe('up');
    expect(stats(results, 'failure').successRate).toBe(90);
    expect(judge(stats(results, 'failure'), thresholds, true).status).toBe('down');
  });

  it('is degraded, never up, when every check was rate-limited', () => {
    const s = stats([check('rate_limited'), check('rate_limited')]);
    expect(s.successRate).toBeNull();
    const verdict = judge(s, thresholds, true);
    expect(verdict.status).toBe('degraded');
    expect(verdict.breaches[0]?.kind).toBe('all-rate-limited');
  });

  it('is degraded when latency or TTFT at the percentile is above its limit', () => {
    const s = stats(Array.from({ length: 20 }, (_, i) => check('ok', i >= 18 ? 5000 : 200)));
    expect(judge(s, { ...thresholds, maxLatencyMs: 1000 }, true)).toMatchObject({ status: 'degraded' });
    expect(judge(s, { ...thresholds, maxLatencyMs: 1000 }, true).breaches[0]).toMatchObject({
      kind: 'latency',
      limit: 1000,
    });
    const median = stats(
      Array.from({ length: 20 }, (_, i) => check('ok', i >= 18 ? 5000 : 200)),
      'exclude',
      50,
    );
    expect(judge(median, { ...thresholds, maxLatencyMs: 1000, latencyPercentile: 50 }, true).status).toBe(
      'up',
    );
    expect(judge(s, { ...thresholds, maxTtftMs: 100 }, true).breaches[0]).toMatchObject({ kind: 'ttft' });
  });

  it('says when the sample is too small for the percentile, and when TTFT cannot be judged', () => {
    const verdict = judge(stats([check('ok')]), { ...thresholds, maxLatencyMs: 5000, maxTtftMs: 100 }, false);
    expect(verdict.notes.join('\n')).toMatch(
      /p95 rests on 1 successful checks: below 20 it is close to the slowest one/,
    );
    expect(verdict.notes.join('\n')).toMatch(/max-ttft was not judged/);
    // Without a percentile threshold nothing is judged on the few samples, so nothing to warn about.
    expect(judge(stats([check('ok')]), thresholds, true).notes).toEqual([]);
  });

  it('keeps failures out of the latency percentiles but counts them', () => {
    const s = stats([check('ok', 100), check('timeout', 30_000)]);
    expect(s.latency.p99).toBe(100);
    expect(s.byCategory.timeout).toBe(1);
  });

  it('groups the identities the server reported', () => {
    const s = stats([check('ok'), check('ok', 100, { model: 'other', systemFingerprint: null })]);
    expect(s.identities).toHaveLength(2);
  });

  it('orders statuses and applies fail-on', () => {
    expect(worstStatus(['up', 'degraded', 'up'])).toBe('degraded');
    expect(worstStatus(['up', 'down', 'degraded'])).toBe('down');
    expect(worstStatus([])).toBe('up');
    expect(reachesFailOn('degraded', 'degraded')).toBe(true);
    expect(reachesFailOn('degraded', 'down')).toBe(false);
    expect(reachesFailOn('down', 'down')).toBe(true);
    expect(reachesFailOn('down', 'never')).toBe(false);
    expect(reachesFailOn('up', 'degraded')).toBe(false);
  });
});

describe('statistical gating (success-confidence)', () => {
  it('computes the normal quantile and the Wilson interval', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.995)).toBeCloseTo(2.575829, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    // Reference values: statsmodels proportion_confint(9, 10, method="wilson").
    const nine = wilsonInterval(9, 10, 95);
    expect(nine.low).toBeCloseTo(0.5958, 3);
    expect(nine.high).toBeCloseTo(0.9821, 3);
    expect(wilsonInterval(0, 10, 95).low).toBe(0);
    expect(wilsonInterval(10, 10, 95).high).toBe(1);
  });

  it('does not call 9 of 10 down at 95% confidence, but says it cannot conclude', () => {
    const s = stats([...Array.from({ length: 9 }, () => check('ok')), check('server_error')]);
    expect(judge(s, thresholds, true).status).toBe('down');
    const gated = judge(s, { ...thresholds, confidence: 95 }, true);
    expect(gated.status).toBe('up');
    expect(gated.notes.join()).toMatch(
      /too few checks to conclude at 95% confidence: the true rate may be up to 98.2%/,
    );
  });

  it('still calls a real outage down, with the bound in the reason', () => {
    const s = stats([
      ...Array.from({ length: 5 }, () => check('ok')),
      ...Array.from({ length: 5 }, () => check('timeout')),
    ]);
    const gated = judge(s, { ...thresholds, confidence: 95 }, true);
    expect(gated.status).toBe('down');
    expect(gated.breaches[0]?.text).toMatch(
      /success rate 50% \(5 of 10\) \(at most \d+(\.\d)?% with 95% confidence\) is below the minimum 95%/,
    );
    const many = stats([
      ...Array.from({ length: 900 }, () => check('ok')),
      ...Array.from({ length: 100 }, () => check('timeout')),
    ]);
    expect(judge(many, { ...thresholds, confidence: 95 }, true).status).toBe('down');
  });
});

describe('the verdict compares figures as measured, not as shown', () => {
  const counts = (successes: number, judged: number) =>
    computeStats(
      Array.from({ length: judged }, (_, i) => check(i < successes ? 'ok' : 'server_error', 100)),
      { rateLimitPolicy: 'exclude', latencyPercentile: 95 },
    );
  const thresholds = {
    minSuccessRate: 95,
    maxLatencyMs: null,
    maxTtftMs: null,
    latencyPercentile: 95,
    confidence: null as number | null,
  };

  it('113 of 119 (94.96%) is below a 95% minimum, and the text does not read "95%"', () => {
    const verdict = judge(counts(113, 119), thresholds, true);
    expect(verdict.status).toBe('down');
    expect(verdict.breaches[0]!.text).toMatch(/^success rate 94\.96% \(113 of 119\)/);
  });

  it('50 of 56 has a Wilson upper bound of 94.996%: below 95%, so down', () => {
    const stats = counts(50, 56);
    expect(wilsonInterval(50, 56, 95).high * 100).toBeCloseTo(94.996, 2);
    const verdict = judge(stats, { ...thresholds, confidence: 95 }, true);
    expect(verdict.status).toBe('down');
    expect(verdict.breaches[0]!.text).toMatch(/at most 94\.996% with 95% confidence/);
  });

  it('a latency a hair above the limit is above it', () => {
    const stats = computeStats([check('ok', 5000.04)], { rateLimitPolicy: 'exclude', latencyPercentile: 95 });
    const verdict = judge(stats, { ...thresholds, maxLatencyMs: 5000 }, true);
    expect(verdict.status).toBe('degraded');
  });
});
