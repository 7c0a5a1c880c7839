/**
 * The committed bundle, run as the runner runs it (action.yml defaults, INPUT_* variables,
 * GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), against the fake provider on loopback.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { runAction } from './support/run-action.js';

const KEY = 'sk-proj-BUNDLEKEY0123456789abcd';
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider(
    {
      healthy: { kind: 'ok', ttftMs: 40, tokens: 4, tokenDelayMs: 5, fingerprint: 'fp_healthy' },
      slow: { kind: 'ok', ttftMs: 250, tokens: 2 },
      broken: [{ kind: 'ok' }, { kind: 'error', status: 500 }, { kind: 'error', status: 502 }],
      limited: { kind: 'error', status: 429, headers: { 'retry-after': '30' } },
      hostile: {
        kind: 'error',
        status: 500,
        json: {
          error: {
            message: '@octocat #1 </details><script>x</script> | ``` \u001b[31m',
            type: 'server_error',
            code: null,
          },
        },
      },
    },
    { apiKey: KEY },
  );
});
afterAll(async () => {
  await provider.close();
});

const inputs = (extra: Record<string, string>) => ({
  'base-url': provider.url,
  'api-key': KEY,
  interval: '0',
  checks: '3',
  'tracking-issue': 'false',
  ...extra,
});

/** What the runner shows: stdout without the mask registrations it consumes. */
const visibleLog = (stdout: string) =>
  stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::'))
    .join('\n');

describe('the bundle', () => {
  it('up: exit 0, outputs, summary, report and one JSON line per check', async () => {
    const before = provider.requests.length;
    const run = await runAction({ inputs: inputs({ model: 'healthy', checks: '4' }) });
    expect(run.exitCode).toBe(0);
    expect(provider.requests.length - before).toBe(4);
    expect(run.outputs).toMatchObject({ status: 'up', 'success-rate': '100', breached: 'false' });
    for (const name of [
      'latency-p50',
      'latency-p95',
      'latency-p99',
      'ttft-p50',
      'ttft-p95',
      'tokens-per-second',
    ]) {
      expect(run.outputs[name], name).toMatch(/^\d+(\.\d+)?$/);
    }
    expect(Number(run.outputs['ttft-p50'])).toBeGreaterThanOrEqual(35);
    expect(run.summary).toMatch(/## 🟢 llm-heartbeat: up/);
    expect(run.summary).toContain('```mermaid\nxychart-beta');
    expect(run.summary).toContain('fingerprint `fp_healthy`');

    const lines = run.stdout.split('\n').filter((l) => l.startsWith('{"event":"llm-heartbeat.check"'));
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0]!)).toMatchObject({ target: 'healthy', category: 'ok', httpStatus: 200 });

    const report = JSON.parse(await readFile(run.outputs['report-file']!, 'utf8'));
    expect(report.schemaVersion).toBe(1);
    expect(report.status).toBe('up');
    expect(report.targets[0].checks).toHaveLength(4);
    expect(report.location).toBe('local-runner (Linux)');
  });

  it('degraded: fails the step under fail-on degraded, passes under fail-on down', async () => {
    const strict = await runAction({ inputs: inputs({ model: 'slow', 'max-latency': '100' }) });
    expect(strict.exitCode).toBe(1);
    expect(strict.outputs).toMatchObject({ status: 'degraded', breached: 'true' });
    expect(strict.stdout).toMatch(
      /::error::llm-heartbeat: degraded \(fail-on: degraded\)%0Aslow: latency p95 \d+ ms is above max-latency 100 ms/,
    );
    expect(strict.summary).toMatch(/latency p95 \d+ ms is above max\\-latency 100 ms/);

    const lenient = await runAction({
      inputs: inputs({ model: 'slow', 'max-latency': '100', 'fail-on': 'down' }),
    });
    expect(lenient.exitCode).toBe(0);
    expect(lenient.outputs.status).toBe('degraded');
  });

  it('down: fails the step; fail-on never only reports', async () => {
    // The raw rate, whose reason this test reads (success-confidence is tested in verdict.test.ts).
    const run = await runAction({ inputs: inputs({ model: 'broken', 'success-confidence': 'off' }) });
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'down', 'success-rate': '33.3', breached: 'true' });
    expect(run.summary).toMatch(/success rate 33.3% \\\(1 of 3\\\) is below the minimum 95%/);
    const never = await runAction({ inputs: inputs({ model: 'broken', 'fail-on': 'never' }) });
    expect(never.exitCode).toBe(0);
    expect(never.outputs.status).toBe('down');
  });

  it('all rate-limited: degraded, never up; the rate-limited checks are shown apart', async () => {
    const run = await runAction({ inputs: inputs({ model: 'limited', 'fail-on': 'down' }) });
    expect(run.exitCode).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'degraded', 'success-rate': '' });
    expect(run.summary).toMatch(/every check was rate\\-limited/);
    expect(run.summary).toMatch(/retry-after 30/);
  });

  it('several targets run side by side; outputs describe the most severe one', async () => {
    const targets = '- name: fast one\n  model: healthy\n- name: slow one\n  model: slow\n  max-latency: 100';
    const started = performance.now();
    const run = await runAction({ inputs: inputs({ targets, checks: '2', 'fail-on': 'never' }) });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.status).toBe('degraded');
    expect(Number(run.outputs['latency-p50'])).toBeGreaterThanOrEqual(240);
    expect(run.summary.indexOf('### 🟡 slow one')).toBeGreaterThan(0);
    expect(run.summary.indexOf('### 🟡 slow one')).toBeLessThan(run.summary.indexOf('### 🟢 fast one'));
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('without streaming: no TTFT, and the summary says so', async () => {
    const run = await runAction({ inputs: inputs({ model: 'healthy', stream: 'false' }) });
    expect(run.exitCode).toBe(0);
    expect(run.outputs['ttft-p50']).toBe('');
    expect(run.summary).toContain('not measured: stream is false');
    expect(provider.requests.at(-1)!.stream).toBe(false);
  });

  it('keeps server text inert in the summary', async () => {
    const run = await runAction({ inputs: inputs({ model: 'hostile', 'fail-on': 'never' }) });
    expect(run.summary).not.toMatch(/@octocat/);
    expect(run.summary).not.toMatch(/<\/details>|<script>/);
    expect(run.summary).not.toContain('\u001b');
    expect(run.summary).toMatch(/@\u200Bocto/);
  });

  it('never shows the key: not in the log, the summary, the report or the outputs', async () => {
    const wrong = 'sk-proj-WRONGBUNDLEKEY987654321';
    const run = await runAction({ inputs: inputs({ model: 'healthy', 'api-key': wrong }) });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('down');
    const report = await readFile(run.outputs['report-file']!, 'utf8');
    expect(report).toMatch(/"category": "auth"/);
    for (const text of [
      visibleLog(run.stdout),
      run.stderr,
      run.summary,
      report,
      JSON.stringify(run.outputs),
    ]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(KEY);
    }
    expect(run.stdout).toContain(`::add-mask::${wrong}`);
  });

  it.each([
    [{ checks: 'abc' }, /Input "checks" is "abc": expected a whole number from 1 to 1000/],
    [{ timeout: '0' }, /Input "timeout" is "0"/],
    [{ 'base-url': 'ftp://x' }, /Input "base-url" is "ftp:\/\/x"/],
    [{ targets: '- name: [' }, /Input "targets" is not valid YAML/],
    [{ model: '' }, /Input "model" is empty/],
    [{ 'fail-on': 'maybe' }, /Input "fail-on" is "maybe": expected one of degraded, down, never/],
  ])('bad input %j: exit 1 at once, the input named, no request sent', async (bad, message) => {
    const before = provider.requests.length;
    const run = await runAction({ inputs: { ...inputs({ model: 'healthy' }), ...bad } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(message);
    expect(provider.requests.length).toBe(before);
    expect(run.durationMs).toBeLessThan(5000);
    expect(run.stdout).not.toContain(KEY.slice(8));
  });
});
