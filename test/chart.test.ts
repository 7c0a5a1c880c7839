import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import { judgeTarget } from '../src/pipeline.js';
import type { CheckResult } from '../src/probe/result.js';
import { latencyChart } from '../src/report/summary.js';
import { check } from './support/fixtures.js';

const config = parseConfig({
  model: 'a-model-with-a-very-long-name-'.repeat(4),
  'api-key': 'sk-test-12345678',
});
const target = config.targets[0]!;

function chartOf(checks: CheckResult[]): { text: string; labels: string[]; bars: number[]; line: number[] } {
  const text = latencyChart(judgeTarget(target, checks, config), true);
  const list = (name: string) =>
    /\[(.*)\]/.exec(text.split('\n').find((l) => l.trim().startsWith(name)) ?? '')?.[1];
  return {
    text,
    labels: (list('x-axis') ?? '').split(', ').filter(Boolean),
    bars: (list('bar') ?? '').split(', ').filter(Boolean).map(Number),
    line: (list('line') ?? '').split(', ').filter(Boolean).map(Number),
  };
}

const ok = (i: number, latency: number, ttft: number): CheckResult => ({
  ...check('ok', latency),
  index: i,
  ttftMs: ttft,
});

describe('the latency chart tells the truth', () => {
  it('3 checks, one failed: the failure is not drawn as the fastest check, and the TTFT line never dives to 0', () => {
    const chart = chartOf([
      ok(0, 500, 300),
      { ...check('timeout', 30), index: 1, ttftMs: null },
      ok(2, 520, 310),
    ]);
    expect(chart.labels).toEqual(['"1"', '"3"']);
    expect(chart.bars).toEqual([500, 520]);
    expect(chart.line).toEqual([300, 310]);
    expect(chart.text).toMatch(/title "latency \(bars\) and TTFT \(line\), per successful check, ms"/);
    expect(chart.text).toMatch(/1 failed check\(s\) are not drawn/);
    // The target's name is in the section heading, not clipped in the chart.
    expect(chart.text).not.toContain('a-model-with');
  });

  it('1,000 checks: at most 24 labelled bars, each the median of a run of consecutive checks', () => {
    const checks = Array.from({ length: 1000 }, (_, i) => ok(i, 1000 + (i % 7) * 10, 400 + (i % 5)));
    const chart = chartOf(checks);
    expect(chart.labels.length).toBeLessThanOrEqual(24);
    expect(chart.labels[0]).toBe('"1-42"');
    expect(chart.labels.at(-1)).toMatch(/^"\d+-1000"$/);
    expect(chart.bars).toHaveLength(chart.labels.length);
    expect(chart.line).toHaveLength(chart.labels.length);
    expect(Math.min(...chart.bars)).toBeGreaterThanOrEqual(1000);
    expect(chart.text).toMatch(/median per 42 successful checks/);
  });

  it('no successful check: says so instead of drawing failures', () => {
    expect(chartOf([{ ...check('server_error', 20), index: 0 }]).text).toBe(
      '_No successful check to chart._',
    );
  });
});
