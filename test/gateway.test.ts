/**
 * A gateway in front of the model: what its headers say (retries, fallbacks, cache hits), recorded
 * per check through the real SDK, counted per target, and how it counts in the verdict and the summary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target, Thresholds } from '../src/config/index.js';
import { type CheckSettings, createClient, runCheck } from '../src/probe/check.js';
import { type GatewaySeen, readGateway } from '../src/probe/gateway.js';
import type { CheckResult } from '../src/probe/result.js';
import { gatewayLine } from '../src/report/blocks.js';
import { ReportSchema } from '../src/report/schema.js';
import { computeStats } from '../src/stats.js';
import { judge } from '../src/verdict.js';
import {
  type Behaviour,
  type FakeGateway,
  type FakeProvider,
  gatewayHeaders,
  startFakeProvider,
} from './support/fake-provider.js';
import { check, targetAt } from './support/fixtures.js';

const said = (headers: Record<string, string>) => readGateway(new Headers(headers));
const quiet: Omit<GatewaySeen, 'name'> = {
  retries: null,
  retriesExhausted: false,
  fellBack: null,
  cacheHit: null,
};

describe('readGateway: what the headers say', () => {
  it('no gateway header, no headers at all, or not headers: null', () => {
    expect(said({ 'content-type': 'application/json', 'x-request-id': 'req_1' })).toBeNull();
    expect(readGateway(undefined)).toBeNull();
    expect(readGateway({ 'x-litellm-attempted-retries': '2' })).toBeNull();
  });

  it('LiteLLM: attempted retries and fallbacks; a cache key means the cache answered', () => {
    expect(said({ 'x-litellm-attempted-retries': '2', 'x-litellm-attempted-fallbacks': '0' })).toEqual({
      name: 'litellm',
      ...quiet,
      retries: 2,
      fellBack: false,
    });
    expect(said({ 'x-litellm-attempted-fallbacks': '1' })).toMatchObject({ fellBack: true, retries: null });
    expect(said({ 'x-litellm-call-id': 'abc' })).toEqual({ name: 'litellm', ...quiet });
    expect(said({ 'x-litellm-cache-key': '3f9a1c' })).toMatchObject({ cacheHit: true });
    expect(said({ 'x-litellm-attempted-retries': 'lots' })).toMatchObject({ retries: null });
  });

  it('Portkey: -1 means the retries ran out; a target index above 0 is a fallback; HIT and SEMANTIC HIT', () => {
    expect(said({ 'x-portkey-retry-attempt-count': '3' })).toMatchObject({
      retries: 3,
      retriesExhausted: false,
    });
    expect(said({ 'x-portkey-retry-attempt-count': '-1' })).toMatchObject({
      retries: null,
      retriesExhausted: true,
    });
    expect(said({ 'x-portkey-last-used-option-index': 'config.targets[1]' })).toMatchObject({
      fellBack: true,
    });
    expect(said({ 'x-portkey-last-used-option-index': 'config.targets[0].targets[2]' })).toMatchObject({
      fellBack: true,
    });
    expect(said({ 'x-portkey-last-used-option-index': '0' })).toMatchObject({ fellBack: false });
    expect(said({ 'x-portkey-cache-status': 'SEMANTIC HIT' })).toMatchObject({ cacheHit: true });
    expect(said({ 'x-portkey-cache-status': 'hit' })).toMatchObject({ cacheHit: true });
    for (const status of ['MISS', 'SEMANTIC MISS', 'REFRESH', 'DISABLED']) {
      expect(said({ 'x-portkey-cache-status': status })).toMatchObject({ cacheHit: false });
    }
  });

  it('Cloudflare: cf-aig-step above 0 is a fallback; cf-aig-cache-status HIT', () => {
    expect(said({ 'cf-aig-step': '0', 'cf-aig-cache-status': 'MISS' })).toEqual({
      name: 'cloudflare',
      ...quiet,
      fellBack: false,
      cacheHit: false,
    });
    expect(said({ 'cf-aig-step': '2', 'cf-aig-cache-status': 'HIT' })).toMatchObject({
      fellBack: true,
      cacheHit: true,
    });
  });

  it('Helicone, OpenRouter, APISIX and Kong: cache status only', () => {
    expect(said({ 'Helicone-Cache': 'HIT' })).toEqual({ name: 'helicone', ...quiet, cacheHit: true });
    expect(said({ 'helicone-id': 'x' })).toEqual({ name: 'helicone', ...quiet });
    expect(said({ 'x-openrouter-cache-status': 'HIT' })).toMatchObject({
      name: 'openrouter',
      cacheHit: true,
    });
    expect(said({ 'x-ai-cache-status': 'HIT-L2' })).toMatchObject({ name: 'apisix', cacheHit: true });
    expect(said({ 'x-ai-cache-status': 'BYPASS' })).toMatchObject({ name: 'apisix', cacheHit: false });
    expect(said({ 'x-kong-proxy-latency': '2', 'x-cache-status': 'Hit' })).toMatchObject({
      name: 'kong',
      cacheHit: true,
    });
    // Without Kong's own headers an x-cache-status says nothing about which gateway it was.
    expect(said({ 'x-cache-status': 'Hit' })).toBeNull();
  });

  it('stacked gateways: named after the first, any one retrying, falling back or caching counts', () => {
    expect(
      said({ 'helicone-cache': 'MISS', 'x-litellm-attempted-retries': '1', 'cf-aig-step': '1' }),
    ).toEqual({ name: 'litellm', retries: 1, retriesExhausted: false, fellBack: true, cacheHit: false });
  });
});

describe('through the real SDK, each gateway is recorded on the check', () => {
  const KEY = 'sk-proj-GATEWAYKEY0123456789ab';
  let provider: FakeProvider;
  beforeAll(async () => {
    provider = await startFakeProvider({}, { apiKey: KEY });
  });
  afterAll(async () => {
    await provider.close();
  });
  const settings: CheckSettings = { stream: true, timeoutMs: 5000, idleTimeoutMs: 2000 };

  async function checkWith(behaviour: Behaviour, stream = true, t: Partial<Target> = {}) {
    provider.setScript({ m: behaviour });
    const target = targetAt(provider.url, { apiKey: KEY, apiKeySource: 'api-key', ...t });
    return runCheck(createClient(target), target, { ...settings, stream }, 0);
  }

  const cases: [FakeGateway, Partial<GatewaySeen>][] = [
    ['litellm', { retries: 2, fellBack: true, cacheHit: null }],
    ['portkey', { retries: 2, fellBack: true, cacheHit: false }],
    ['cloudflare', { retries: null, fellBack: true, cacheHit: false }],
    ['helicone', { retries: null, fellBack: null, cacheHit: false }],
    ['openrouter', { retries: null, fellBack: null, cacheHit: false }],
    ['apisix', { retries: null, fellBack: null, cacheHit: false }],
    ['kong', { retries: null, fellBack: null, cacheHit: false }],
  ];
  it.each(cases)('%s: retries and fallback, streamed and not', async (name, expected) => {
    const headers = gatewayHeaders(name, { retries: 2, fellBack: true, cacheHit: false });
    for (const stream of [true, false]) {
      const result = await checkWith({ kind: 'ok', headers }, stream);
      expect(result.category).toBe('ok');
      expect(result.gateway).toEqual({ name, retriesExhausted: false, ...expected });
    }
  });

  it.each(['litellm', 'portkey', 'cloudflare', 'helicone', 'openrouter', 'apisix', 'kong'] as const)(
    '%s: a cache hit is recorded',
    async (name) => {
      const result = await checkWith({ kind: 'ok', headers: gatewayHeaders(name, { cacheHit: true }) });
      expect(result.gateway).toMatchObject({ name, cacheHit: true });
    },
  );

  it('no gateway headers: gateway is null', async () => {
    expect((await checkWith({ kind: 'ok' })).gateway).toBeNull();
  });

  it('a failed check keeps what the gateway said on its error (retries ran out)', async () => {
    const result = await checkWith({
      kind: 'error',
      status: 503,
      headers: gatewayHeaders('portkey', { exhausted: true }),
    });
    expect(result).toMatchObject({ category: 'server_error', httpStatus: 503 });
    expect(result.gateway).toEqual({
      name: 'portkey',
      retries: null,
      retriesExhausted: true,
      fellBack: false,
      cacheHit: false,
    });
    const limited = await checkWith(
      { kind: 'error', status: 429, headers: gatewayHeaders('litellm', { retries: 3 }) },
      false,
    );
    expect(limited).toMatchObject({ category: 'rate_limited', gateway: { name: 'litellm', retries: 3 } });
  });

  it('a 200 that turns out bad keeps what the gateway said on the 200', async () => {
    const result = await checkWith({
      kind: 'ok',
      finishReason: null,
      usage: false,
      headers: gatewayHeaders('cloudflare', { fellBack: true }),
    });
    expect(result.category).toBe('bad_reply');
    expect(result.gateway).toMatchObject({ name: 'cloudflare', fellBack: true });
  });
});

const thresholds: Thresholds = {
  minSuccessRate: 90,
  maxLatencyMs: null,
  maxTtftMs: null,
  latencyPercentile: 95,
  confidence: null,
};
const g = (extra: Partial<GatewaySeen>): GatewaySeen => ({ name: 'litellm', ...quiet, ...extra });
const stats = (results: CheckResult[], policy: 'exclude' | 'failure' = 'exclude') =>
  computeStats(results, { rateLimitPolicy: policy, latencyPercentile: 95 });

describe('counting: a cache hit is not a check of the model', () => {
  it('cache hits are left out of judged, the success rate and every figure, but stay in the outcomes', () => {
    const results = [
      ...Array.from({ length: 7 }, (_, i) => check('ok', 1000 + i, { gateway: g({ cacheHit: false }) })),
      ...Array.from({ length: 3 }, () =>
        check('ok', 5, { gateway: g({ cacheHit: true }), tokensPerSecond: 9999 }),
      ),
    ];
    const s = stats(results);
    expect(s).toMatchObject({ checks: 10, judged: 7, successes: 7, successRate: 100 });
    expect(s.byCategory.ok).toBe(10);
    expect(s.latency.n).toBe(7);
    expect(s.latency.p50).toBeGreaterThanOrEqual(1000);
    expect(s.ttft.n).toBe(7);
    expect(s.tokensPerSecondN).toBe(7);
    expect(s.gateway).toMatchObject({ names: ['litellm'], seen: 10, cached: 3, retried: 0, rescued: 0 });
    expect(judge(s, thresholds, true).status).toBe('up');
  });

  it('a cached failure is left out too, and cache hits and rate limits together', () => {
    const results = [
      check('ok'),
      check('bad_reply', 5, { gateway: g({ cacheHit: true }) }),
      check('rate_limited', 5),
      check('ok', 5, { gateway: g({ cacheHit: true }) }),
    ];
    expect(stats(results)).toMatchObject({ judged: 1, successes: 1, successRate: 100 });
    expect(stats(results, 'failure')).toMatchObject({ judged: 2, successes: 1, successRate: 50 });
  });

  it('every check answered from the cache: degraded, never up — the model was not judged', () => {
    const s = stats(Array.from({ length: 5 }, () => check('ok', 5, { gateway: g({ cacheHit: true }) })));
    expect(s.successRate).toBeNull();
    const verdict = judge(s, thresholds, true);
    expect(verdict.status).toBe('degraded');
    expect(verdict.breaches).toEqual([
      expect.objectContaining({ kind: 'all-cached', figure: 5, limit: null }),
    ]);
    expect(verdict.breaches[0]!.text).toMatch(/5 of 5 were answered from the gateway's cache/);
    const mixed = stats([check('rate_limited'), check('ok', 5, { gateway: g({ cacheHit: true }) })]);
    expect(judge(mixed, thresholds, true).breaches[0]!.text).toMatch(/1 of 2 .*cache and 1 rate-limited/);
  });
});

describe('counting: a success after gateway retries is a success, and evidence of upstream failures', () => {
  /** The issue's case: 6 checks, the gateway retried 3 (the upstream saw 9+ requests). */
  const behindRetries = () => [
    ...Array.from({ length: 3 }, () => check('ok', 900, { gateway: g({ retries: 1, fellBack: false }) })),
    ...Array.from({ length: 3 }, () => check('ok', 300, { gateway: g({ retries: 0, fellBack: false }) })),
  ];

  it('counts as ok for the success rate; the first-attempt rate below the minimum degrades', () => {
    const s = stats(behindRetries());
    expect(s).toMatchObject({ judged: 6, successes: 6, successRate: 100 });
    expect(s.gateway).toMatchObject({ seen: 6, retriesReported: 6, retried: 3, retries: 3, rescued: 3 });
    // Retried checks' latency is what a user waits: it is judged.
    expect(s.latency.n).toBe(6);
    const verdict = judge(s, thresholds, true);
    expect(verdict.status).toBe('degraded');
    expect(verdict.breaches).toEqual([
      expect.objectContaining({ kind: 'gateway-retries', figure: 50, limit: 90 }),
    ]);
    expect(verdict.breaches[0]!.text).toMatch(
      /retry or fall back for 3 of the 6 successes: at first attempt only 50% \(3 of 6\)/,
    );
  });

  it('fallbacks count like retries; a few within the allowance leave it up', () => {
    const results = [
      check('ok', 100, { gateway: g({ retries: 0, fellBack: true }) }),
      ...Array.from({ length: 19 }, () => check('ok', 100, { gateway: g({ retries: 0, fellBack: false }) })),
    ];
    const s = stats(results);
    expect(s.gateway).toMatchObject({ fellBack: 1, rescued: 1 });
    expect(judge(s, thresholds, true)).toMatchObject({ status: 'up', breaches: [] });
  });

  it('with confidence set, too few checks to conclude is a note, not a breach', () => {
    const results = [
      check('ok', 900, { gateway: g({ retries: 1 }) }),
      ...Array.from({ length: 5 }, () => check('ok', 300, { gateway: g({ retries: 0 }) })),
    ];
    const verdict = judge(stats(results), { ...thresholds, confidence: 95 }, true);
    expect(verdict.status).toBe('up');
    expect(verdict.notes.join('\n')).toMatch(/at first attempt only 83.3% \(5 of 6\).* too few checks/);
    // Without a confidence level the same burst is judged as it is.
    expect(judge(stats(results), thresholds, true).status).toBe('degraded');
  });

  it('failures the gateway gave up on stay failures: down by the success rate', () => {
    const results = [
      ...Array.from({ length: 5 }, () => check('ok', 100, { gateway: g({ retries: 0 }) })),
      ...Array.from({ length: 5 }, () =>
        check('server_error', 100, { gateway: { ...g({}), name: 'portkey', retriesExhausted: true } }),
      ),
    ];
    const s = stats(results);
    expect(s.gateway).toMatchObject({ names: ['litellm', 'portkey'], retried: 5, exhausted: 5, rescued: 0 });
    expect(judge(s, thresholds, true).status).toBe('down');
  });
});

describe('the summary line', () => {
  const report = (checks: CheckResult[]) => {
    const s = stats(checks);
    return { stats: s, checks } as unknown as Parameters<typeof gatewayLine>[0];
  };

  it('says what the gateway did, per target', () => {
    const line = gatewayLine(
      report([
        check('ok', 100, { gateway: g({ retries: 2, fellBack: false }) }),
        check('ok', 100, { gateway: g({ retries: 0, fellBack: true }) }),
        check('ok', 100, { gateway: g({ cacheHit: true }) }),
        check('ok', 100, { gateway: g({ retries: 0 }) }),
      ]),
    );
    expect(line).toContain('Gateway LiteLLM (seen on 4 of 4 checks)');
    expect(line).toContain('the gateway retried 1 of 4 checks (2 retries in all)');
    expect(line).toContain('fell back to another model or provider on 1 check');
    expect(line).toContain("1 check answered from the gateway's cache, left out of the figures");
    expect(line).toContain('2 of the 3 successes needed a retry or fallback');
  });

  it('a gateway that did nothing, one that never reports retries, and no gateway', () => {
    expect(gatewayLine(report([check('ok', 100, { gateway: g({ retries: 0 }) })]))).toContain(
      'no retries, fallbacks or cache hits reported.',
    );
    expect(
      gatewayLine(report([check('ok', 100, { gateway: { ...g({ cacheHit: false }), name: 'helicone' } })])),
    ).toContain(
      'Helicone (seen on 1 of 1 check): no retries, fallbacks or cache hits reported · it does not report retries.',
    );
    expect(gatewayLine(report([check('ok')]))).toBe('');
  });
});

describe('the report schema', () => {
  const minimalReport = (checks: unknown[], statsExtra: Record<string, unknown>) => {
    const s = stats([check('ok')]) as unknown as Record<string, unknown>;
    return {
      schemaVersion: 1,
      tool: { name: 'llm-heartbeat', version: '1.0.0' },
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      durationMs: 1000,
      location: null,
      run: {
        repository: null,
        workflow: null,
        runId: null,
        runAttempt: null,
        url: null,
        sha: null,
        ref: null,
      },
      settings: {
        checks: 1,
        intervalMs: 0,
        concurrency: 1,
        timeoutMs: 1000,
        idleTimeoutMs: 1000,
        stream: true,
        rateLimitPolicy: 'exclude',
        failOn: 'degraded',
      },
      status: 'up',
      breached: false,
      failed: false,
      targets: [
        {
          name: 't',
          model: 'm',
          baseUrl: 'http://x',
          apiKeySource: 'none',
          prompt: 'ping',
          expect: null,
          maxTokens: 16,
          thresholds,
          status: 'up',
          verdict: { status: 'up', breaches: [], notes: [] },
          stats: { ...s, ...statsExtra },
          checks,
          issue: null,
        },
      ],
      trackerWarnings: [],
    };
  };

  it('keeps the gateway fields, and reads reports written before them as null', () => {
    const withGateway = check('ok', 100, { gateway: g({ retries: 1 }) });
    const parsed = ReportSchema.parse(minimalReport([withGateway], {}));
    expect(parsed.targets[0]!.checks[0]!.gateway).toEqual(g({ retries: 1 }));

    const { gateway: _dropped, ...old } = check('ok');
    const oldReport = minimalReport([old], {});
    delete (oldReport.targets[0]!.stats as Record<string, unknown>).gateway;
    const read = ReportSchema.parse(oldReport);
    expect(read.targets[0]!.checks[0]!.gateway).toBeNull();
    expect(read.targets[0]!.stats.gateway).toBeNull();

    expect(() =>
      ReportSchema.parse(minimalReport([{ ...withGateway, gateway: { name: 'evil' } }], {})),
    ).toThrow();
  });
});
