/**
 * One check, through the real openai SDK, against the fake provider on loopback:
 * every way a reply can go wrong ends in exactly one category, with its details kept.
 */

import http from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Target } from '../src/config/index.js';
import { burstOffsetMs, runBursts, runTargetBurst } from '../src/probe/burst.js';
import { type CheckSettings, createClient, runCheck } from '../src/probe/check.js';
import type { CheckResult } from '../src/probe/result.js';
import { warmUp } from '../src/probe/warm-up.js';
import { type Behaviour, type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { targetAt } from './support/fixtures.js';

const KEY = 'sk-proj-TESTKEY0123456789abcdef';
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider({}, { apiKey: KEY });
});
afterAll(async () => {
  await provider.close();
});

function target(overrides: Partial<Target> = {}): Target {
  return targetAt(provider.url, { apiKey: KEY, apiKeySource: 'api-key', ...overrides });
}

const settings: CheckSettings = { stream: true, timeoutMs: 5000, idleTimeoutMs: 2000 };

/** Scripts the model `m` with one behaviour and runs one check against it. */
async function checkWith(
  behaviour: Behaviour,
  options: Partial<CheckSettings> = {},
  t: Partial<Target> = {},
) {
  provider.setScript({ m: behaviour });
  const before = provider.requests.length;
  const tgt = target(t);
  const result = await runCheck(createClient(tgt), tgt, { ...settings, ...options }, 0);
  return { result, requests: provider.requests.length - before };
}

describe('a healthy reply', () => {
  it('streams: TTFT, latency, server token count, identity and request id', async () => {
    const { result, requests } = await checkWith({
      kind: 'ok',
      ttftMs: 150,
      tokens: 5,
      tokenDelayMs: 20,
      model: 'm-2026-01-01',
      fingerprint: 'fp_abc',
    });
    expect(requests).toBe(1);
    expect(result).toMatchObject({
      category: 'ok',
      httpStatus: 200,
      finishReason: 'stop',
      model: 'm-2026-01-01',
      systemFingerprint: 'fp_abc',
      outputTokens: 5,
      tokensFromServer: true,
      error: null,
    });
    expect(result.requestId).toMatch(/^req_/);
    expect(result.ttftMs).toBeGreaterThanOrEqual(140);
    expect(result.latencyMs).toBeGreaterThanOrEqual(result.ttftMs! + 70);
    expect(result.tokensPerSecond).toBeGreaterThan(10);
    expect(result.tokensPerSecond).toBeLessThan(60);
    const sent = provider.requests.at(-1)!;
    expect(sent.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 16,
    });
    expect(sent.body.messages).toEqual([{ role: 'user', content: 'ping' }]);
  });

  it('without streaming: no TTFT, tokens from usage', async () => {
    const { result } = await checkWith({ kind: 'ok', ttftMs: 50, tokens: 3 }, { stream: false });
    expect(result).toMatchObject({ category: 'ok', ttftMs: null, outputTokens: 3, tokensFromServer: true });
    expect(provider.requests.at(-1)!.body.stream).toBeFalsy();
  });

  it('counts content chunks when the server sends no usage', async () => {
    const { result } = await checkWith({ kind: 'ok', tokens: 4, usage: false });
    expect(result).toMatchObject({ category: 'ok', outputTokens: 4, tokensFromServer: false });
  });

  it('checks the reply against expect', async () => {
    expect((await checkWith({ kind: 'ok', content: 'pong' }, {}, { expect: '^po' })).result.category).toBe(
      'ok',
    );
    const { result } = await checkWith({ kind: 'ok', content: 'I cannot help' }, {}, { expect: 'pong' });
    expect(result).toMatchObject({ category: 'bad_reply', error: 'reply did not match expect /pong/' });
  });
});

describe('the clock', () => {
  it('counts TTFT and latency from the fetch call, not from the SDK building the request', async () => {
    provider.setScript({ m: { kind: 'ok', ttftMs: 50 } });
    // A header the SDK reads while it builds the request, made to take 100 ms.
    const headers = {};
    Object.defineProperty(headers, 'x-slow-to-read', {
      enumerable: true,
      get: () => {
        const until = performance.now() + 100;
        while (performance.now() < until);
        return 'v';
      },
    });
    const tgt = target({ headers });
    let fetchedAt = 0;
    const client = createClient(tgt, (url, init) => {
      fetchedAt = performance.now();
      return fetch(url, init);
    });
    const started = performance.now();
    const result = await runCheck(client, tgt, settings, 0);
    const ended = performance.now();
    expect(result.category).toBe('ok');
    expect(fetchedAt - started).toBeGreaterThanOrEqual(100);
    expect(result.latencyMs).toBeLessThanOrEqual(ended - fetchedAt + 1);
    expect(result.ttftMs).toBeGreaterThanOrEqual(50);
  });

  it('the warm-up checks a canned reply from a server in this process: ok, and no request to the target', async () => {
    const before = provider.requests.length;
    for (const stream of [true, false]) {
      expect(await warmUp(target(), { ...settings, stream })).toMatchObject({ category: 'ok', reply: 'ok' });
    }
    expect(provider.requests.length).toBe(before);
  });

  it('the warm-up is skipped, not fatal, where no loopback server can listen', async () => {
    const listen = vi.spyOn(http.Server.prototype, 'listen').mockImplementation(function (this: http.Server) {
      process.nextTick(() => this.emit('error', Object.assign(new Error('listen EPERM'), { code: 'EPERM' })));
      return this;
    });
    try {
      expect(await warmUp(target(), settings)).toBeNull();
    } finally {
      listen.mockRestore();
    }
  });
});

describe('providers, headers and the prompt', () => {
  it("Azure: the SDK's Azure client, api-key header, deployment path, api-version", async () => {
    provider.setScript({ 'my-deployment': { kind: 'ok', tokens: 2 } });
    const tgt = target({
      provider: 'azure',
      baseUrl: provider.origin,
      apiVersion: '2024-10-21',
      deployment: 'my-deployment',
      model: 'gpt-4o-mini',
    });
    const result = await runCheck(createClient(tgt), tgt, settings, 0);
    expect(result.category).toBe('ok');
    const sent = provider.requests.at(-1)!;
    expect(sent.path).toBe('/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21');
    expect(sent.headers['api-key']).toBe(KEY);
    expect(sent.body).toMatchObject({ max_completion_tokens: 16 });
  });

  it('Azure: a wrong deployment is not_found', async () => {
    provider.setScript({});
    const tgt = target({
      provider: 'azure',
      baseUrl: provider.origin,
      apiVersion: '2024-10-21',
      deployment: 'nope',
    });
    expect((await runCheck(createClient(tgt), tgt, settings, 0)).category).toBe('not_found');
  });

  it('a redirect is not followed, so the key never leaves the configured host', async () => {
    const { result, requests } = await checkWith({
      kind: 'error',
      status: 307,
      headers: { location: 'https://elsewhere.example/v1/chat/completions' },
      body: '',
    });
    expect(requests).toBe(1);
    expect(result).toMatchObject({ category: 'client_error', httpStatus: 307 });
    expect(result.error).toMatch(/redirect to .*elsewhere.* not followed/);
  });

  it('sends the extra headers, and redacts secret-looking header values from server text', async () => {
    const token = 'gateway-token-0123456789';
    const { result } = await checkWith(
      {
        kind: 'error',
        status: 403,
        json: {
          error: { message: `token ${token} may not use this model`, type: 'x', param: null, code: null },
        },
      },
      {},
      { headers: { 'HTTP-Referer': 'https://example.com', 'X-Gateway-Token': token } },
    );
    const sent = provider.requests.at(-1)!;
    expect(sent.headers['http-referer']).toBe('https://example.com');
    expect(sent.headers['x-gateway-token']).toBe(token);
    expect(result.error).not.toContain(token);
  });

  it('replaces {{nonce}} with a fresh value per check', async () => {
    provider.setScript({ m: { kind: 'ok' } });
    const tgt = target({ prompt: 'ping {{nonce}}' });
    const client = createClient(tgt);
    await runCheck(client, tgt, settings, 0);
    await runCheck(client, tgt, settings, 1);
    const prompts = provider.requests.slice(-2).map((r) => r.body.messages[0].content as string);
    expect(prompts[0]).toMatch(/^ping [0-9a-f]{12}$/);
    expect(prompts[1]).toMatch(/^ping [0-9a-f]{12}$/);
    expect(prompts[0]).not.toBe(prompts[1]);
  });
});

describe('HTTP errors: one request each, never retried', () => {
  it('429 with retry-after is rate_limited, with retry-after and request id kept', async () => {
    const { result, requests } = await checkWith({
      kind: 'error',
      status: 429,
      headers: { 'retry-after': '2' },
    });
    expect(requests).toBe(1);
    expect(result).toMatchObject({
      category: 'rate_limited',
      httpStatus: 429,
      retryAfter: '2',
      errorCode: 'rate_limit_exceeded',
    });
    expect(result.requestId).toMatch(/^req_/);
  });

  it('429 with an hour-long retry-after is recorded, never slept on', async () => {
    const started = performance.now();
    const { result } = await checkWith({ kind: 'error', status: 429, headers: { 'retry-after': '3600' } });
    expect(result.retryAfter).toBe('3600');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('429 insufficient_quota says the quota is gone, not a transient limit', async () => {
    const { result } = await checkWith({
      kind: 'error',
      status: 429,
      json: {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          param: null,
          code: 'insufficient_quota',
        },
      },
    });
    expect(result).toMatchObject({ category: 'rate_limited', errorCode: 'insufficient_quota' });
    expect(result.error).toMatch(/quota exhausted/);
  });

  it.each([500, 503, 529])('%i is a server_error', async (status) => {
    const json =
      status === 529
        ? { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }
        : undefined;
    const { result, requests } = await checkWith({ kind: 'error', status, json });
    expect(requests).toBe(1);
    expect(result).toMatchObject({ category: 'server_error', httpStatus: status });
    if (status === 529) expect(result.errorCode).toBe('overloaded_error');
  });

  it("502 with 40 KB of a proxy's HTML keeps a short plain text, no markup", async () => {
    const html = `<html><head><title>502 Bad Gateway</title></head><body>${'<div class="cf">Cloudflare Ray ID: 8a1b2c3d4e · Your IP: 203.0.113.7</div>'.repeat(600)}</body></html>`;
    expect(html.length).toBeGreaterThan(40_000);
    const { result } = await checkWith({ kind: 'error', status: 502, body: html, contentType: 'text/html' });
    expect(result.category).toBe('server_error');
    expect(result.error!.length).toBeLessThanOrEqual(300);
    expect(result.error).not.toMatch(/<[a-z]/i);
    expect(result.error).toMatch(/^HTML page .*502 Bad Gateway/);
  });

  it('401 is auth, and the key the body echoes is never kept', async () => {
    const wrong = 'sk-proj-WRONGKEY9876543210zyxw';
    const { result } = await checkWith({ kind: 'ok' }, {}, { apiKey: wrong });
    expect(result).toMatchObject({ category: 'auth', httpStatus: 401 });
    expect(JSON.stringify(result)).not.toContain(wrong);
    expect(result.error).toContain('[REDACTED]');
  });

  it('403 is auth, 404 for an unknown model is not_found, 400 content_filter is client_error with its code', async () => {
    expect((await checkWith({ kind: 'error', status: 403 })).result.category).toBe('auth');
    provider.setScript({});
    const tgt = target({ model: 'no-such-model' });
    const missing = await runCheck(createClient(tgt), tgt, settings, 0);
    expect(missing).toMatchObject({ category: 'not_found', httpStatus: 404, errorCode: 'model_not_found' });
    const filtered = await checkWith({
      kind: 'error',
      status: 400,
      json: {
        error: {
          message: 'The prompt was filtered.',
          type: 'invalid_request_error',
          param: 'prompt',
          code: 'content_filter',
        },
      },
    });
    expect(filtered.result).toMatchObject({
      category: 'client_error',
      httpStatus: 400,
      errorCode: 'content_filter',
    });
  });
});

describe('200 but wrong', () => {
  it('a 200 HTML portal page is a bad_reply, not a crash (JSON and stream)', async () => {
    const portal = {
      kind: 'raw',
      status: 200,
      contentType: 'text/html',
      body: '<html><body>Sign in to the Wi-Fi</body></html>',
    } as const;
    const json = await checkWith(portal, { stream: false });
    expect(json.result).toMatchObject({ category: 'bad_reply', httpStatus: 200 });
    expect(json.result.error).toMatch(/not JSON \(content-type text\/html/);
    const stream = await checkWith(portal);
    expect(stream.result).toMatchObject({ category: 'bad_reply' });
    expect(stream.result.error).toMatch(/not an event stream/);
  });

  it.each([
    ['', /empty body/],
    ['{}', /not a chat completion/],
    ['{"choices":[]}', /not a chat completion/],
  ])('JSON body %j is a bad_reply', async (body, message) => {
    const { result } = await checkWith(
      { kind: 'raw', status: 200, contentType: 'application/json', body },
      { stream: false },
    );
    expect(result.category).toBe('bad_reply');
    expect(result.error).toMatch(message);
  });

  it('empty content is an empty_reply; with finish_reason length it names the token budget', async () => {
    expect((await checkWith({ kind: 'ok', content: '' })).result.category).toBe('empty_reply');
    const { result } = await checkWith({ kind: 'ok', reasoningOnly: true, content: 'thinking about it' });
    expect(result).toMatchObject({ category: 'empty_reply', finishReason: 'length' });
    expect(result.error).toMatch(/16-token budget ran out.*raise max-tokens/);
  });

  it("finish_reason content_filter with no content says it was the provider's filter", async () => {
    const { result } = await checkWith({ kind: 'ok', content: '', finishReason: 'content_filter' });
    expect(result).toMatchObject({ category: 'empty_reply', finishReason: 'content_filter' });
    expect(result.error).toMatch(/content filter/);
  });

  it('a stream that ends cleanly without finish_reason, usage or [DONE] is a bad_reply', async () => {
    const { result } = await checkWith({ kind: 'cut', afterChunks: 2 });
    expect(result.category).toBe('bad_reply');
    expect(result.error).toMatch(/stream ended before its end/);
    expect(result.ttftMs).not.toBeNull();
  });

  it('an error event inside a 200 stream is a server_error with its code', async () => {
    const { result } = await checkWith({
      kind: 'stream-error',
      afterChunks: 1,
      error: { message: 'upstream overloaded', type: 'server_error', code: 'overloaded' },
    });
    expect(result).toMatchObject({ category: 'server_error', errorCode: 'overloaded' });
    expect(result.error).toMatch(/error inside the stream after 200: upstream overloaded/);
  });
});

describe('hangs and cuts end within the deadline', () => {
  it('a server that never answers is a timeout at the deadline', async () => {
    const { result } = await checkWith({ kind: 'hang' }, { timeoutMs: 300 });
    expect(result).toMatchObject({ category: 'timeout', errorCode: 'deadline', httpStatus: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(290);
    expect(result.latencyMs).toBeLessThan(2000);
    expect(result.error).toMatch(/no response headers/);
  });

  it('a stream that goes silent after two chunks is cut by the idle watchdog; TTFT is kept', async () => {
    const { result } = await checkWith(
      { kind: 'stall', afterChunks: 2, ttftMs: 50 },
      { timeoutMs: 5000, idleTimeoutMs: 300 },
    );
    expect(result).toMatchObject({ category: 'timeout', errorCode: 'stream_idle', httpStatus: 200 });
    expect(result.ttftMs).not.toBeNull();
    expect(result.latencyMs).toBeLessThan(2000);
    expect(result.error).toMatch(/2 content chunks received/);
  });

  it('a stream of keep-alive comments only is cut by the deadline', async () => {
    const { result } = await checkWith(
      { kind: 'keepalive', everyMs: 50 },
      { timeoutMs: 400, idleTimeoutMs: 100 },
    );
    expect(result).toMatchObject({ category: 'timeout', errorCode: 'deadline', ttftMs: null });
    expect(result.latencyMs).toBeLessThan(2000);
  });

  it('a reset before the headers is a network failure with its code', async () => {
    const { result, requests } = await checkWith({ kind: 'reset' });
    expect(requests).toBe(1);
    expect(result.category).toBe('network');
    expect(result.errorCode).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
  });

  it('a reset in the middle of a stream is a bad_reply (the reply was cut)', async () => {
    const { result } = await checkWith({ kind: 'reset', afterChunks: 2 });
    expect(result.category).toBe('bad_reply');
    expect(result.error).toMatch(/reply cut off/);
  });

  it('a refused connection is a network failure', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const tgt = target({ baseUrl: `http://127.0.0.1:${port}/v1` });
    const result = await runCheck(createClient(tgt), tgt, settings, 0);
    expect(result).toMatchObject({ category: 'network', errorCode: 'ECONNREFUSED' });
  });
});

describe('the burst', () => {
  it('sends exactly N requests for N checks, whatever the replies', async () => {
    provider.setScript({
      m: [
        { kind: 'error', status: 429 },
        { kind: 'error', status: 500 },
        { kind: 'ok' },
        { kind: 'error', status: 503 },
      ],
    });
    const before = provider.requests.length;
    const tgt = target();
    const client = createClient(tgt);
    const results = await runTargetBurst({ checks: 8, intervalMs: 0, concurrency: 1 }, (i, d) =>
      runCheck(client, tgt, settings, i, d),
    );
    expect(provider.requests.length - before).toBe(8);
    expect(results.map((r) => r.category)).toEqual([
      'rate_limited',
      'server_error',
      'ok',
      'server_error',
      'rate_limited',
      'server_error',
      'ok',
      'server_error',
    ]);
  });

  it('spaces checks start to start: a slow reply does not stretch the burst', async () => {
    provider.setScript({ m: { kind: 'ok', ttftMs: 150 } });
    const tgt = target();
    const client = createClient(tgt);
    const started = performance.now();
    const results = await runTargetBurst({ checks: 5, intervalMs: 200, concurrency: 1 }, (i, d) =>
      runCheck(client, tgt, settings, i, d),
    );
    const elapsed = performance.now() - started;
    // Start to start: ~4 × 200 + 150 ms. Sleep-after-call would take 5 × (200 + 150) = 1750 ms.
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(1600);
    const starts = results.map((r) => Date.parse(r.startedAt));
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(790);
  });

  it('runs up to `concurrency` checks at once', async () => {
    provider.setScript({ m: { kind: 'ok', ttftMs: 300 } });
    const tgt = target();
    const client = createClient(tgt);
    const started = performance.now();
    await runTargetBurst({ checks: 4, intervalMs: 0, concurrency: 2 }, (i, d) =>
      runCheck(client, tgt, settings, i, d),
    );
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(580);
    expect(elapsed).toBeLessThan(1100);
  });

  it("spreads the targets' first checks over the first interval, each target start to start from its own", async () => {
    expect([0, 1, 2, 3].map((k) => burstOffsetMs(k, 4, 400))).toEqual([0, 100, 200, 300]);
    expect(burstOffsetMs(0, 1, 400)).toBe(0);
    const started = performance.now();
    const starts = new Map<string, number[]>();
    await runBursts(
      ['a', 'b', 'c', 'd'],
      { checks: 2, intervalMs: 400, concurrency: 1 },
      async (t, index) => {
        starts.set(t, [...(starts.get(t) ?? []), performance.now() - started]);
        return { index } as CheckResult;
      },
    );
    const firsts = ['a', 'b', 'c', 'd'].map((t) => starts.get(t)![0]!);
    // Due at 0, 100, 200, 300 ms; Node's timers keep whole milliseconds of a cached loop clock, so one
    // may fire a millisecond or two early by performance.now(), and any may fire late.
    firsts.forEach((at, k) => {
      expect(at).toBeGreaterThanOrEqual(k * 100 - 5);
      expect(at).toBeLessThan(k * 100 + 200);
    });
    for (const t of ['a', 'b', 'c', 'd']) {
      const [first, second] = starts.get(t)!;
      expect(second! - first!).toBeGreaterThan(400 - 150);
      expect(second! - first!).toBeLessThan(400 + 150);
    }
  });

  it('a hung server never holds the burst past checks × timeout plus a little', async () => {
    provider.setScript({ m: { kind: 'hang' } });
    const tgt = target();
    const client = createClient(tgt);
    const started = performance.now();
    const results = await runTargetBurst({ checks: 3, intervalMs: 0, concurrency: 1 }, (i, d) =>
      runCheck(client, tgt, { ...settings, timeoutMs: 250 }, i, d),
    );
    expect(results.every((r) => r.category === 'timeout')).toBe(true);
    expect(performance.now() - started).toBeLessThan(3 * 250 + 1000);
  });
});
