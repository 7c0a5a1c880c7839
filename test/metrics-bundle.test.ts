/**
 * The action as users run it with pushgateway-url: the bundle probes the fake provider and pushes
 * to Debian's real Pushgateway; a push that fails is a warning and changes nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import {
  freePort,
  parseExposition,
  type RunningPushgateway,
  requireTool,
  startPushgateway,
} from './support/pushgateway.js';
import { runAction } from './support/run-action.js';

const binary = requireTool('prometheus-pushgateway', 'prometheus-pushgateway');

describe.skipIf(binary === null)('the bundle with pushgateway-url', () => {
  let gateway: RunningPushgateway;
  let provider: FakeProvider;
  beforeAll(async () => {
    gateway = await startPushgateway(binary!);
    provider = await startFakeProvider({
      healthy: {
        kind: 'ok',
        ttftMs: 20,
        tokens: 3,
        tokenDelayMs: 5,
        model: 'healthy-2026',
        fingerprint: 'fp_x',
      },
      broken: { kind: 'error', status: 503 },
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await provider?.close();
  });

  const inputs = (extra: Record<string, string>) => ({
    'base-url': provider.url,
    targets: '- name: main\n  model: healthy\n- name: backup\n  model: broken',
    checks: '4',
    interval: '0',
    location: 'eu-west',
    'fail-on': 'down',
    'tracking-issue': 'false',
    ...extra,
  });

  it('pushes one group per target with the run figures', async () => {
    const run = await runAction({ inputs: inputs({ 'pushgateway-url': gateway.url }) });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('Metrics pushed for 2 target(s).');
    const samples = parseExposition(await (await fetch(`${gateway.url}/metrics`)).text());
    const value = (name: string, labels: Record<string, string>) =>
      samples.find(
        (s) =>
          s.name === name &&
          s.labels.job === 'llm-heartbeat' &&
          s.labels.location === 'eu-west' &&
          Object.entries(labels).every(([k, v]) => s.labels[k] === v),
      )?.value;
    expect(value('llm_heartbeat_success_ratio', { target: 'main' })).toBe(1);
    expect(value('llm_heartbeat_checks', { target: 'main', category: 'ok' })).toBe(4);
    expect(value('llm_heartbeat_status', { target: 'backup', status: 'down' })).toBe(1);
    expect(value('llm_heartbeat_checks', { target: 'backup', category: 'server_error' })).toBe(4);
    expect(
      value('llm_heartbeat_model_info', {
        target: 'main',
        model: 'healthy-2026',
        system_fingerprint: 'fp_x',
      }),
    ).toBe(1);
    // No successful check, no latency: left out rather than written as 0.
    expect(value('llm_heartbeat_latency_seconds', { target: 'backup' })).toBeUndefined();
    expect(value('llm_heartbeat_latency_seconds', { target: 'main', percentile: '50' })).toBeGreaterThan(
      0.015,
    );
  });

  it('a Pushgateway that is not there is a warning: verdict, outputs and summary stand', async () => {
    const deadPort = await freePort();
    const run = await runAction({
      inputs: inputs({
        'pushgateway-url': `http://127.0.0.1:${deadPort}`,
        'pushgateway-password': 'pw-secret-123',
        'pushgateway-username': 'u',
      }),
    });
    expect(run.exitCode).toBe(1);
    expect(run.outputs.status).toBe('down');
    expect(run.summary).toMatch(/llm-heartbeat: down/);
    expect(run.stdout).toMatch(/::warning::Metrics of main not pushed: /);
    expect(run.stdout.replace(/::add-mask::.*\n/g, '')).not.toContain('pw-secret-123');
  });
});
