/**
 * The fault catalogue (docs/fault-catalogue.md: its numbered faults and the further cases)
 * where no other test covered it yet; docs/fault-catalogue.md maps every item to its test. Each case
 * goes through the real openai SDK to the fake provider, and where an issue is involved, through the
 * real Octokit to the GitHub stand-in.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type RawInputs } from '../src/config/index.js';
import { judgeRun } from '../src/pipeline.js';
import { probeTargets } from '../src/probe/probe-targets.js';
import type { Report } from '../src/report/model.js';
import { renderSummary } from '../src/report/summary.js';
import { runInfoFromEnv } from '../src/runner-env.js';
import { trackOutages } from '../src/tracker/github.js';
import { type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import { type FakeProvider, type Script, startFakeProvider } from './support/fake-provider.js';
import { testGitHubClient } from './support/github-client.js';

const KEY = 'sk-proj-CATALOGUEKEY0123456789ab';
let provider: FakeProvider;
let github: FakeGitHub;

beforeAll(async () => {
  [provider, github] = await Promise.all([startFakeProvider({}, { apiKey: KEY }), startFakeGitHub()]);
});
afterAll(async () => {
  await Promise.all([provider.close(), github.close()]);
});
beforeEach(() => github.reset());
afterEach(() => {
  expect(github.violations).toEqual([]);
});

/** One run of the action's probe: the inputs parsed as the action parses them, the burst, the report. */
async function probe(script: Script, inputs: Partial<RawInputs> = {}) {
  provider.setScript(script);
  const config = parseConfig({
    model: 'm',
    'base-url': provider.url,
    'api-key': KEY,
    checks: '3',
    interval: '0',
    timeout: '5',
    ...inputs,
  });
  const before = provider.requests.length;
  const started = performance.now();
  const { checks } = await probeTargets(config, () => {});
  const report = judgeRun(config, checks, {
    startedAt: new Date(),
    finishedAt: new Date(),
    version: 'test',
    location: null,
    run: runInfoFromEnv({ GITHUB_REPOSITORY: 'acme/models', GITHUB_RUN_ID: '1' }),
  });
  return {
    config,
    report,
    results: checks[0]!,
    requests: provider.requests.length - before,
    elapsedMs: performance.now() - started,
  };
}

/** The tracking issue a run of the tracker opens for the report's target (open-after 1). */
async function issueBodyOf(report: Report): Promise<string> {
  const tracking = { ...parseConfig({ model: 'm', 'base-url': provider.url }).tracking, openAfter: 1 };
  const result = await trackOutages(testGitHubClient(github.url), {
    report,
    tracking,
    repository: { owner: 'acme', repo: 'models' },
    now: new Date(),
  });
  expect(result).toMatchObject({ warnings: [], outcomes: [{ action: 'opened' }] });
  return github.issues[0]!.body!;
}

describe('the catalogue, the cases no other test covered', () => {
  it('F2: a retry-after of an hour or an HTTP date is recorded as sent and never slept on; the burst keeps its schedule', async () => {
    const date = new Date(Date.now() + 3_600_000).toUTCString();
    const { results, requests, elapsedMs, report } = await probe({
      m: [
        { kind: 'error', status: 429, headers: { 'retry-after': date } },
        { kind: 'error', status: 429, headers: { 'retry-after': '3600' } },
      ],
    });
    expect(requests).toBe(3);
    expect(results.map((r) => [r.category, r.retryAfter])).toEqual([
      ['rate_limited', date],
      ['rate_limited', '3600'],
      ['rate_limited', date],
    ]);
    expect(elapsedMs).toBeLessThan(2000);
    // Nothing could be judged, and users are refused: degraded, never up.
    expect(report.targets[0]!.verdict.breaches.map((b) => b.kind)).toEqual(['all-rate-limited']);
    expect(report.status).toBe('degraded');
  });

  it('F3: 529 overloaded_error is a server_error carrying its code, never auth, and counts as a failure: down', async () => {
    const overloaded = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    const { results, report, requests } = await probe({
      m: { kind: 'error', status: 529, json: overloaded },
    });
    expect(requests).toBe(3);
    expect(results.map((r) => [r.category, r.errorCode])).toEqual(
      Array(3).fill(['server_error', 'overloaded_error']),
    );
    expect(report.targets[0]!.stats).toMatchObject({ successRate: 0, judged: 3 });
    expect(report.targets[0]!.stats.byCategory.auth).toBe(0);
    expect(report.status).toBe('down');
    expect(renderSummary(report)).toContain('`overloaded_error`');
  });

  it('F4: 502 with 40 KB of Cloudflare HTML: no markup and no client IP in the summary or the issue, the error cut short (the Ray ID is kept)', async () => {
    const block =
      '<div class="cf-error">Cloudflare Ray ID: 8a1b2c3d4e5f6789 · Your IP: 203.0.113.7 · 2001:db8::7 · Performance &amp; security by Cloudflare</div>';
    const html = `<!DOCTYPE html><html><head><title>502 Bad Gateway | example.com | Cloudflare</title></head><body>${block.repeat(300)}</body></html>`;
    expect(html.length).toBeGreaterThan(40_000);
    const { results, report } = await probe({
      m: { kind: 'error', status: 502, body: html, contentType: 'text/html' },
    });
    expect(results[0]).toMatchObject({ category: 'server_error', httpStatus: 502 });
    expect(results[0]!.error).toMatch(/^HTML page \(a proxy's\?\): 502 Bad Gateway/);
    expect(results[0]!.error).toContain('Ray ID: 8a1b2c3d4e5f6789');
    for (const text of [renderSummary(report), await issueBodyOf(report)]) {
      expect(text).not.toContain('203.0.113.7');
      expect(text).not.toContain('2001:db8::7');
      expect(text).not.toMatch(/<div|class=|&amp;amp;/);
      const rows = text
        .split('\n')
        .filter((line) => line.includes('`server_error`') && line.includes('HTML page'));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.length).toBeLessThan(600);
    }
  });

  it('F13: a 401 whose body echoes the key is auth after one request, and neither key reaches the tracking issue', async () => {
    const wrong = 'sk-proj-ECHOEDWRONGKEY987654321';
    const { results, report, requests } = await probe({ m: { kind: 'ok' } }, { 'api-key': wrong });
    expect(requests).toBe(3);
    expect(results.map((r) => r.category)).toEqual(['auth', 'auth', 'auth']);
    const sent = provider.requests.at(-1)!;
    expect(sent.headers.authorization).toBe(`Bearer ${wrong}`);
    const body = await issueBodyOf(report);
    expect(body).toContain('Incorrect API key provided: \\[REDACTED\\]');
    for (const text of [body, renderSummary(report), JSON.stringify(report)]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(wrong.slice(8));
      expect(text).not.toContain(KEY);
    }
  });

  it('F14: a 404 model-not-found is not_found after one request per check, and the summary says to look at the configuration', async () => {
    const { results, report, requests } = await probe({}, { model: 'no-such-model' });
    expect(requests).toBe(3);
    expect(results.map((r) => [r.category, r.errorCode])).toEqual(
      Array(3).fill(['not_found', 'model_not_found']),
    );
    expect(report.status).toBe('down');
    expect(renderSummary(report)).toContain(
      '3 check(s) failed with `auth` or `not_found`: most likely the key, the model name or the base URL, not an outage.',
    );
  });

  it('F15: a DNS failure and a TLS error are network failures with their cause codes, left out of the latency percentiles (n shown)', async () => {
    const dns = await probe({}, { 'base-url': 'http://llm-heartbeat-test.invalid/v1', checks: '1' });
    expect(dns.results[0]).toMatchObject({ category: 'network', httpStatus: null });
    expect(dns.results[0]!.errorCode).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);

    // TLS spoken to a plain-HTTP server: the handshake fails.
    const tls = await probe({}, { 'base-url': provider.url.replace('http:', 'https:'), checks: '1' });
    expect(tls.results[0]).toMatchObject({ category: 'network', httpStatus: null });
    expect(tls.results[0]!.errorCode).toMatch(/SSL|TLS|EPROTO/);
    expect(tls.results[0]!.error!.length).toBeLessThanOrEqual(300);

    // A burst where one check in three cannot connect: the percentiles rest on the two that answered.
    const refused = await new Promise<number>((resolve) => {
      const probeServer = createHttpServer().listen(0, '127.0.0.1', () => {
        const { port } = probeServer.address() as AddressInfo;
        probeServer.close(() => resolve(port));
      });
    });
    const mixed = await probe({ m: { kind: 'ok' } }, { checks: '2' });
    const down = await probe({}, { 'base-url': `http://127.0.0.1:${refused}/v1`, checks: '1' });
    const config = mixed.config;
    const report = judgeRun(config, [[...mixed.results, { ...down.results[0]!, index: 2 }]], {
      startedAt: new Date(),
      finishedAt: new Date(),
      version: 'test',
      location: null,
      run: runInfoFromEnv({}),
    });
    const stats = report.targets[0]!.stats;
    expect(stats).toMatchObject({ checks: 3, successes: 2, judged: 3 });
    expect(stats.byCategory.network).toBe(1);
    expect(stats.latency.n).toBe(2);
    expect(renderSummary(report)).toMatch(/\| latency p50 \/ p95 \/ p99 \| .* \(n=2 successful\) \|/);
  });

  it('F16: Azure answering a 3xx: not followed, so the api-key never reaches the redirect target', async () => {
    const elsewhere: { headers: Record<string, unknown> }[] = [];
    const trap: Server = createHttpServer((req, res) => {
      elsewhere.push({ headers: req.headers });
      res.end('{}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    try {
      const location = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/steal`;
      const { results, requests } = await probe(
        { prod: { kind: 'error', status: 307, headers: { location }, body: '' } },
        {
          provider: 'azure',
          'base-url': provider.origin,
          'api-version': '2024-10-21',
          deployment: 'prod',
          checks: '1',
        },
      );
      expect(requests).toBe(1);
      expect(provider.requests.at(-1)!.headers['api-key']).toBe(KEY);
      expect(elsewhere).toEqual([]);
      expect(results[0]).toMatchObject({ category: 'client_error', httpStatus: 307 });
      expect(results[0]!.error).toMatch(
        /redirect to .* not followed \(the key stays with the configured host\)/,
      );
    } finally {
      await new Promise((resolve) => trap.close(resolve));
    }
  });
});

describe('further cases', () => {
  it('a reply only in the reasoning field (finish_reason stop) is an empty_reply, never ok, streamed or not; reasoning is not a first token', async () => {
    for (const stream of ['true', 'false']) {
      const { results } = await probe(
        { m: { kind: 'ok', reasoningOnly: true, finishReason: 'stop', content: 'The answer is pong.' } },
        { stream, checks: '1' },
      );
      expect(results[0]).toMatchObject({ category: 'empty_reply', finishReason: 'stop', ttftMs: null });
      expect(results[0]!.error).toBe('no content (finish_reason stop)');
    }
  });
});
