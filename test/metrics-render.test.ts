import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { escapeLabelValue, renderMetrics } from '../src/metrics/prometheus.js';
import { groupingPath } from '../src/metrics/pushgateway.js';
import { CATEGORIES } from '../src/probe/result.js';
import { findExecutable, parseExposition, sampleReport, TRICKY_TARGET } from './support/pushgateway.js';

const identity = { job: 'llm-heartbeat', location: 'eu-west' };
const report = sampleReport();
const [healthy, down, refused] = report.targets as [
  (typeof report.targets)[0],
  (typeof report.targets)[0],
  (typeof report.targets)[0],
];
const rendered = (t = healthy) => renderMetrics(report, t, identity);
const samples = (t = healthy) => parseExposition(rendered(t));
const value = (name: string, labels: Record<string, string> = {}, t = healthy) =>
  samples(t).find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    ?.value;
const names = (t = healthy) => new Set(samples(t).map((s) => s.name));

describe('renderMetrics: the text exposition format', () => {
  it('gives each family one HELP and one TYPE gauge line, right before its samples', () => {
    const lines = rendered().trimEnd().split('\n');
    const families = lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
    expect(new Set(families).size).toBe(families.length);
    for (const line of lines.filter((l) => l.startsWith('# TYPE '))) expect(line).toMatch(/ gauge$/);
    let current = '';
    for (const [i, line] of lines.entries()) {
      if (line.startsWith('# HELP ')) {
        current = line.split(' ')[2]!;
        expect(lines[i + 1]).toBe(`# TYPE ${current} gauge`);
      } else if (!line.startsWith('#')) expect(line.startsWith(`${current}{`)).toBe(true);
    }
    expect(rendered().endsWith('\n')).toBe(true);
  });

  it('names every metric llm_heartbeat_*, in base units, and labels every sample with the grouping key', () => {
    for (const t of report.targets) {
      for (const s of samples(t)) {
        expect(s.name).toMatch(/^llm_heartbeat_[a-z_]+$/);
        expect(s.name).not.toMatch(/_total$|_ms$|_milliseconds|_percent/);
        expect(s.labels).toMatchObject({ job: 'llm-heartbeat', target: t.name, location: 'eu-west' });
      }
    }
  });

  it('writes no NaN, infinity, null or undefined: missing figures are left out', () => {
    for (const t of report.targets) {
      expect(rendered(t)).not.toMatch(/NaN|Inf|null|undefined/);
      for (const s of samples(t)) expect(Number.isFinite(s.value)).toBe(true);
    }
  });

  it('escapes backslash, double quote and newline in label values', () => {
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
    expect(rendered(down)).toContain('target="eu/\\"prod\\" \\\\ llama é\\nsecond line"');
    expect(
      rendered(down)
        .split('\n')
        .every((l) => !l.includes('second line') || l.includes('\\nsecond')),
    ).toBe(true);
    expect(samples(down)[0]?.labels.target).toBe(TRICKY_TARGET);
  });
});

describe('renderMetrics: the figures of a run', () => {
  it('counts checks by category, every category, zeros included', () => {
    for (const category of CATEGORIES)
      expect(value('llm_heartbeat_checks', { category })).toBe(healthy.stats.byCategory[category]);
    expect(value('llm_heartbeat_checks', { category: 'ok' })).toBe(19);
    expect(value('llm_heartbeat_checks', { category: 'timeout' }, down)).toBe(3);
    expect(value('llm_heartbeat_judged_checks')).toBe(20);
  });

  it('gives the success ratio as 0–1 over judged checks, and leaves it out when none was judged', () => {
    expect(value('llm_heartbeat_success_ratio')).toBe(19 / 20);
    expect(value('llm_heartbeat_success_ratio', {}, down)).toBe(0);
    expect(value('llm_heartbeat_judged_checks', {}, refused)).toBe(0);
    expect(names(refused).has('llm_heartbeat_success_ratio')).toBe(false);
  });

  it('gives latency and TTFT percentiles in seconds, with the target percentile and its limit', () => {
    const { latency, ttft } = healthy.stats;
    expect(latency.thresholdPercentile).toBe(90);
    const percentiles = samples()
      .filter((s) => s.name === 'llm_heartbeat_latency_seconds')
      .map((s) => s.labels.percentile);
    expect(percentiles).toEqual(['50', '95', '99', '90']);
    expect(value('llm_heartbeat_latency_seconds', { percentile: '50' })).toBeCloseTo(latency.p50! / 1000, 9);
    expect(value('llm_heartbeat_latency_seconds', { percentile: '95' })).toBeCloseTo(latency.p95! / 1000, 9);
    expect(value('llm_heartbeat_latency_seconds', { percentile: '99' })).toBeCloseTo(latency.p99! / 1000, 9);
    expect(value('llm_heartbeat_latency_seconds', { percentile: '90' })).toBeCloseTo(
      latency.atThreshold! / 1000,
      9,
    );
    expect(value('llm_heartbeat_ttft_seconds', { percentile: '90' })).toBeCloseTo(
      ttft.atThreshold! / 1000,
      9,
    );
    expect(value('llm_heartbeat_latency_samples')).toBe(19);
    expect(value('llm_heartbeat_ttft_samples')).toBe(19);
    // Limits only at the judged percentile, so `latency > threshold` matches like with like.
    expect(samples().filter((s) => s.name === 'llm_heartbeat_latency_threshold_seconds')).toEqual([
      expect.objectContaining({ labels: expect.objectContaining({ percentile: '90' }), value: 1.5 }),
    ]);
    expect(value('llm_heartbeat_ttft_threshold_seconds', { percentile: '90' })).toBe(0.8);
    expect(value('llm_heartbeat_output_tokens_per_second')).toBe(healthy.stats.tokensPerSecond);
  });

  it('leaves out latency, TTFT and speed when no check succeeded, but says they rest on 0 samples', () => {
    for (const name of [
      'llm_heartbeat_latency_seconds',
      'llm_heartbeat_ttft_seconds',
      'llm_heartbeat_output_tokens_per_second',
      'llm_heartbeat_latency_threshold_seconds',
      'llm_heartbeat_model_info',
    ])
      expect(names(down).has(name), name).toBe(false);
    expect(value('llm_heartbeat_latency_samples', {}, down)).toBe(0);
    expect(value('llm_heartbeat_ttft_samples', {}, down)).toBe(0);
  });

  it("gives the phase medians in blackbox_exporter's convention, and leaves out phases no check had", () => {
    const phase = (p: string, t = healthy) => value('llm_heartbeat_phase_seconds', { phase: p }, t);
    // One new connection (the first check): its DNS, connect and TLS are the medians.
    expect(phase('resolve')).toBe(0.002);
    expect(phase('connect')).toBe(0.005);
    expect(phase('tls')).toBe(0.007);
    expect(phase('processing')).toBeCloseTo(healthy.stats.phases!.toHeaders.p50! / 1000, 6);
    expect(phase('transfer')).toBeGreaterThan(0);
    expect(names(down).has('llm_heartbeat_phase_seconds')).toBe(false);
  });

  it('gives the status as a labelled state set and as a severity number', () => {
    for (const [t, status, severity] of [
      [healthy, 'up', 0],
      [refused, 'degraded', 1],
      [down, 'down', 2],
    ] as const) {
      expect(t.status).toBe(status);
      expect(value('llm_heartbeat_status_severity', {}, t)).toBe(severity);
      for (const s of ['up', 'degraded', 'down'])
        expect(value('llm_heartbeat_status', { status: s }, t)).toBe(s === status ? 1 : 0);
    }
  });

  it('stamps the end of the run in Unix seconds', () => {
    expect(value('llm_heartbeat_last_run_timestamp_seconds')).toBe(Date.parse(report.finishedAt) / 1000);
  });

  it('names each model and fingerprint the server reported, beside the requested model', () => {
    const info = samples().filter((s) => s.name === 'llm_heartbeat_model_info');
    expect(
      info.map((s) => [s.labels.requested_model, s.labels.model, s.labels.system_fingerprint, s.value]),
    ).toEqual([
      ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 'fp_0aa8d3e20b', 1],
      ['gpt-4o-mini', 'gpt-4o-mini-2024-07-18', 'fp_44709d6fcb', 1],
    ]);
  });

  it('writes one info series when a missing and an empty name would give the same labels, and bounds their length', () => {
    const target = {
      ...healthy,
      stats: {
        ...healthy.stats,
        identities: [
          { model: null, systemFingerprint: 'fp_x', checks: 2 },
          { model: '', systemFingerprint: 'fp_x', checks: 1 },
          { model: 'm'.repeat(5000), systemFingerprint: null, checks: 1 },
        ],
      },
    };
    const info = parseExposition(renderMetrics(report, target, identity)).filter(
      (s) => s.name === 'llm_heartbeat_model_info',
    );
    expect(info).toHaveLength(2);
    expect(info[1]!.labels.model!.length).toBeLessThanOrEqual(200);
    expect(info[1]!.labels.system_fingerprint).toBe('');
  });

  it('links the run to its repository Actions page, and says nothing of it outside GitHub Actions', () => {
    expect(samples().find((s) => s.name === 'llm_heartbeat_workflow_info')?.labels).toMatchObject({
      repository: 'acme/llm-watch',
      workflow: 'LLM heartbeat',
      actions_url: 'https://github.com/acme/llm-watch/actions',
    });
    const local = { ...report, run: { ...report.run, repository: null, url: null, runId: null } };
    expect(renderMetrics(local, healthy, identity)).not.toContain('llm_heartbeat_workflow_info');
  });

  it('renders a target with no checks at all without a made-up figure', () => {
    const none = { n: 0, p50: null, p95: null, p99: null, atThreshold: null, thresholdPercentile: 95 };
    const stats = {
      ...healthy.stats,
      checks: 0,
      judged: 0,
      successes: 0,
      successRate: null,
      latency: none,
      ttft: none,
      tokensPerSecond: null,
      identities: [],
    };
    const text = renderMetrics(report, { ...healthy, stats }, identity);
    expect(text).not.toMatch(/NaN|null|undefined/);
    expect(text).not.toContain('llm_heartbeat_success_ratio{');
    expect(text).toContain('llm_heartbeat_latency_samples{');
  });
});

describe('groupingPath', () => {
  it('keeps plain names readable and base64-encodes what a path segment cannot carry', () => {
    expect(groupingPath('llm-heartbeat', { target: 'gpt-4o-mini', location: 'eu-west' })).toBe(
      '/metrics/job/llm-heartbeat/target/gpt-4o-mini/location/eu-west',
    );
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    expect(groupingPath('j', { target: 'team/prod', location: '' })).toBe(
      `/metrics/job/j/target@base64/${b64('team/prod')}/location@base64/=`,
    );
    expect(groupingPath('j', { target: '..', location: '.' })).toBe(
      `/metrics/job/j/target@base64/${b64('..')}/location@base64/${b64('.')}`,
    );
    expect(groupingPath('my job', { target: TRICKY_TARGET, location: 'GitHub Actions 3 (Linux)' })).toBe(
      `/metrics/job@base64/${b64('my job')}/target@base64/${b64(TRICKY_TARGET)}/location@base64/${b64('GitHub Actions 3 (Linux)')}`,
    );
  });
});

const promtool = findExecutable('promtool');

describe.skipIf(promtool === null)('promtool check metrics (the Prometheus naming linter)', () => {
  it('finds nothing to say about any target', () => {
    for (const t of report.targets) {
      // Exit 0 and no output: no lint problem (it would name the metric and the convention it breaks).
      const out = execFileSync(promtool!, ['check', 'metrics'], { input: rendered(t), encoding: 'utf8' });
      expect(out).toBe('');
    }
  });
});
