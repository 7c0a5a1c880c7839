/**
 * The bundle behind gateways: a retrying gateway that turns half the upstream failures into slow
 * 200s no longer comes out `up`, and a cache that answers every check is not taken for the model.
 * Needs `npm run bundle` first, like test/bundle.test.ts.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, gatewayHeaders, startFakeProvider } from './support/fake-provider.js';
import { runAction } from './support/run-action.js';

let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider({
    // Every other check needed one retry upstream: 6 checks, 9 upstream requests, all answered.
    'behind-litellm': [
      { kind: 'ok', ttftMs: 60, headers: gatewayHeaders('litellm', { retries: 1 }) },
      { kind: 'ok', ttftMs: 20, headers: gatewayHeaders('litellm', { retries: 0 }) },
    ],
    'behind-cache': { kind: 'ok', headers: gatewayHeaders('portkey', { cacheHit: true }) },
    'behind-cloudflare': { kind: 'ok', headers: gatewayHeaders('cloudflare', { cacheHit: false }) },
  });
});
afterAll(async () => {
  await provider.close();
});

describe('the bundle behind a gateway', () => {
  it('retries, cache hits and a quiet gateway: status, summary lines and the report', async () => {
    const targets = [
      '- name: retried',
      '  model: behind-litellm',
      '- name: cached',
      '  model: behind-cache',
      '- name: quiet',
      '  model: behind-cloudflare',
    ].join('\n');
    const run = await runAction({
      inputs: {
        'base-url': provider.url,
        targets,
        interval: '0',
        checks: '6',
        'tracking-issue': 'false',
        'fail-on': 'never',
      },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.outputs.status).toBe('degraded');

    expect(run.summary).toContain(
      'Gateway LiteLLM (seen on 6 of 6 checks): the gateway retried 3 of 6 checks (3 retries in all)',
    );
    expect(run.summary).toMatch(/retry or fall back for 3 of the 6 successes: at first attempt only 50%/);
    expect(run.summary).toContain("6 checks answered from the gateway's cache, left out of the figures");
    expect(run.summary).toMatch(
      /no check reached the model: 6 of 6 were answered from the gateway(&apos;|')s cache/,
    );
    expect(run.summary).toContain(
      'Gateway Cloudflare AI Gateway (seen on 6 of 6 checks): no retries, fallbacks or cache hits reported · it does not report retries.',
    );

    const report = JSON.parse(await readFile(run.outputs['report-file']!, 'utf8'));
    const [retried, cached, quiet] = report.targets;
    expect(retried).toMatchObject({
      status: 'degraded',
      stats: { successRate: 100, gateway: { names: ['litellm'], retried: 3, rescued: 3 } },
    });
    expect(
      retried.checks.find((c: { gateway: { retries: number } }) => c.gateway.retries === 1).gateway,
    ).toEqual({
      name: 'litellm',
      retries: 1,
      retriesExhausted: false,
      fellBack: false,
      cacheHit: null,
    });
    expect(cached).toMatchObject({ status: 'degraded', stats: { judged: 0, successRate: null } });
    expect(cached.verdict.breaches.map((b: { kind: string }) => b.kind)).toEqual(['all-cached']);
    expect(quiet).toMatchObject({ status: 'up', stats: { gateway: { cached: 0, fellBack: 0 } } });

    const line = run.stdout.split('\n').find((l) => l.startsWith('{"event":"llm-heartbeat.check"'));
    expect(JSON.parse(line!).gateway).toMatchObject({ name: expect.any(String) });
  });
});
