/**
 * One check, through the real openai SDK, against the fake provider playing what real servers and gateways
 * do (vLLM, llama.cpp, Ollama, TGI, LiteLLM, OpenRouter, Portkey, Cloudflare, Azure; docs/fault-catalogue.md
 * says which does what): cut streams that still end cleanly, errors inside a 200, error bodies of every
 * shape, content negotiation, figures that cannot be true, and bodies too large to read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Target } from '../src/config/index.js';
import { type CheckSettings, createClient, runCheck } from '../src/probe/check.js';
import { type Behaviour, type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { targetAt } from './support/fixtures.js';

let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider({});
});
afterAll(async () => {
  await provider.close();
});

const settings: CheckSettings = { stream: true, timeoutMs: 5000, idleTimeoutMs: 2000 };

async function checkWith(
  behaviour: Behaviour,
  options: Partial<CheckSettings> = {},
  t: Partial<Target> = {},
) {
  provider.setScript({ m: behaviour });
  const target = targetAt(provider.url, t);
  return runCheck(createClient(target), target, { ...settings, ...options }, 0);
}

describe('a reply is complete only with a finish_reason', () => {
  it('a cut after 2 chunks closed with a clean [DONE], usage on every chunk: bad_reply saying what was seen', async () => {
    const result = await checkWith({ kind: 'cut', afterChunks: 2, done: true, usageOnEveryChunk: true });
    expect(result).toMatchObject({ category: 'bad_reply', errorCode: 'no_finish_reason', httpStatus: 200 });
    expect(result.error).toBe(
      'stream ended before its end: no finish_reason after 2 content chunks ([DONE] seen, usage seen on every chunk)',
    );
  });

  it('a final usage-only chunk after the last content, no finish_reason anywhere (Ollama after a lost error): not complete', async () => {
    const result = await checkWith({ kind: 'cut', afterChunks: 2, done: true, finalUsage: true });
    expect(result.category).toBe('bad_reply');
    expect(result.error).toBe(
      'stream ended before its end: no finish_reason after 2 content chunks ([DONE] seen, usage seen on the last chunk only)',
    );
    // The same through an `ok` whose server sends no finish chunk.
    const noFinish = await checkWith({ kind: 'ok', tokens: 3, finishReason: null });
    expect(noFinish.error).toBe(
      'stream ended before its end: no finish_reason after 3 content chunks ([DONE] seen, usage seen on the last chunk only)',
    );
  });

  it('a bare cut says no [DONE] and no usage', async () => {
    const result = await checkWith({ kind: 'cut', afterChunks: 1 });
    expect(result.error).toBe(
      'stream ended before its end: no finish_reason after 1 content chunk (no [DONE], no usage)',
    );
  });

  it('usage on every chunk with a finish_reason (vLLM continuous_usage_stats) is ok, with the final count', async () => {
    const result = await checkWith({ kind: 'ok', tokens: 4, tokenDelayMs: 10, usageOnEveryChunk: true });
    expect(result).toMatchObject({ category: 'ok', outputTokens: 4, tokensFromServer: true, notes: [] });
  });
});

describe('an error inside a 200 stream is classified by what it carries, as the same HTTP error would be', () => {
  it.each<[string, Behaviour, string, string | null]>([
    ['vLLM 429', { kind: 'server-stream-error', server: 'vllm', status: 429 }, 'rate_limited', '429'],
    ['vLLM 400', { kind: 'server-stream-error', server: 'vllm', status: 400 }, 'client_error', '400'],
    ['vLLM 404', { kind: 'server-stream-error', server: 'vllm', status: 404 }, 'not_found', '404'],
    ['vLLM 500', { kind: 'server-stream-error', server: 'vllm', status: 500 }, 'server_error', '500'],
    [
      'old vLLM / SGLang flat 400',
      { kind: 'server-stream-error', server: 'vllm-flat', status: 400 },
      'client_error',
      '400',
    ],
    ['llama.cpp 401', { kind: 'server-stream-error', server: 'llama.cpp', status: 401 }, 'auth', '401'],
    [
      'llama.cpp 503',
      { kind: 'server-stream-error', server: 'llama.cpp', status: 503 },
      'server_error',
      '503',
    ],
    [
      'old llama.cpp error: line 429',
      { kind: 'server-stream-error', server: 'llama.cpp-old', status: 429 },
      'rate_limited',
      '429',
    ],
    [
      'old llama.cpp error: line 500',
      { kind: 'server-stream-error', server: 'llama.cpp-old', status: 500 },
      'server_error',
      '500',
    ],
    ['LiteLLM "429"', { kind: 'server-stream-error', server: 'litellm', status: 429 }, 'rate_limited', '429'],
    ['LiteLLM "401"', { kind: 'server-stream-error', server: 'litellm', status: 401 }, 'auth', '401'],
    [
      'OpenRouter 429',
      { kind: 'server-stream-error', server: 'openrouter', status: 429 },
      'rate_limited',
      '429',
    ],
    [
      'OpenRouter server_error',
      { kind: 'server-stream-error', server: 'openrouter', code: 'server_error' },
      'server_error',
      'server_error',
    ],
    ['TGI (always 422)', { kind: 'server-stream-error', server: 'tgi', status: 400 }, 'client_error', null],
    [
      'TGI overloaded',
      { kind: 'server-stream-error', server: 'tgi', message: 'Model is overloaded' },
      'rate_limited',
      null,
    ],
    [
      'OpenAI rate_limit_exceeded',
      { kind: 'server-stream-error', server: 'openai', code: 'rate_limit_exceeded' },
      'rate_limited',
      'rate_limit_exceeded',
    ],
    [
      'OpenAI invalid_api_key',
      { kind: 'server-stream-error', server: 'openai', code: 'invalid_api_key' },
      'auth',
      'invalid_api_key',
    ],
    [
      'OpenAI model_not_found',
      { kind: 'server-stream-error', server: 'openai', code: 'model_not_found' },
      'not_found',
      'model_not_found',
    ],
    [
      'OpenAI, no code',
      { kind: 'server-stream-error', server: 'openai', code: null },
      'server_error',
      'server_error',
    ],
  ])('%s', async (_, behaviour, category, errorCode) => {
    const result = await checkWith(behaviour);
    expect(result).toMatchObject({ category, errorCode, httpStatus: 200, ttftMs: expect.any(Number) });
    expect(result.error).toMatch(/^error inside the stream after 200: /);
  });

  it('insufficient_quota inside the stream is told apart from a transient limit', async () => {
    const result = await checkWith({
      kind: 'server-stream-error',
      server: 'openai',
      code: 'insufficient_quota',
      message: 'You exceeded your current quota, please check your plan and billing details.',
    });
    expect(result).toMatchObject({ category: 'rate_limited', errorCode: 'insufficient_quota' });
    expect(result.error).toMatch(/quota exhausted, not a transient limit/);
  });

  it("keeps the server's message: LiteLLM's exception class, TGI's prefix", async () => {
    const litellm = await checkWith({
      kind: 'server-stream-error',
      server: 'litellm',
      status: 429,
      message: 'slow down',
    });
    expect(litellm.error).toBe('error inside the stream after 200: litellm.APIError: slow down');
    const tgi = await checkWith({
      kind: 'server-stream-error',
      server: 'tgi',
      message: 'CUDA out of memory',
    });
    expect(tgi.error).toBe(
      'error inside the stream after 200: Request failed during generation: CUDA out of memory',
    );
  });

  it('a 200 JSON body with a top-level error (OpenRouter) is that error, not an empty or bad reply', async () => {
    const result = await checkWith(
      {
        kind: 'stream-error',
        error: { message: 'Provider returned error', code: 429, metadata: { raw: 'error code: 1015' } },
      },
      { stream: false },
    );
    expect(result).toMatchObject({ category: 'rate_limited', errorCode: '429', httpStatus: 200 });
    expect(result.error).toBe('error in a 200 reply: Provider returned error: error code: 1015');
  });
});

describe('finish_reason error', () => {
  it('is the server saying it failed, whatever came before it', async () => {
    const result = await checkWith({ kind: 'ok', tokens: 2, finishReason: 'error' });
    expect(result).toMatchObject({
      category: 'server_error',
      errorCode: 'finish_reason_error',
      finishReason: 'error',
    });
  });
});

describe('error bodies of every shape keep their meaning', () => {
  it('an error status with a 5 MB body keeps its category; only the start of the body is read', async () => {
    const body = `<html><head><title>503 Service Unavailable</title></head><body>${'<p>busy</p>'.repeat(500_000)}</body></html>`;
    const result = await checkWith({ kind: 'error', status: 503, body, contentType: 'text/html' });
    expect(result).toMatchObject({ category: 'server_error', httpStatus: 503 });
    expect(result.error).toMatch(/^HTML page \(a proxy's\?\): 503 Service Unavailable/);
  });

  it.each<[string, Behaviour, Record<string, unknown>]>([
    [
      'a proxy: error as a string beside a message',
      {
        kind: 'error',
        status: 500,
        json: {
          error: 'Internal Server Error',
          message: 'OpenAI API Error (429): Rate limit reached for gpt-4o',
        },
      },
      {
        category: 'server_error',
        error: 'Internal Server Error: OpenAI API Error (429): Rate limit reached for gpt-4o',
      },
    ],
    [
      'FastAPI detail string beside a string error',
      {
        kind: 'error',
        status: 404,
        json: { error: 'Not Found', detail: 'Not Found: no route /v1/chat/completions (try /api/chat)' },
      },
      { category: 'not_found', error: 'Not Found: no route /v1/chat/completions (try /api/chat)' },
    ],
    [
      'FastAPI {"detail":"Not Found"}',
      { kind: 'error', status: 404, json: { detail: 'Not Found' } },
      { error: 'Not Found' },
    ],
    [
      'FastAPI 422 detail list',
      {
        kind: 'error',
        status: 422,
        json: { detail: [{ loc: ['body', 'messages'], msg: 'field required', type: 'value_error.missing' }] },
      },
      { category: 'client_error', error: 'body.messages: field required' },
    ],
    [
      'Cloudflare errors[]',
      {
        kind: 'error',
        status: 400,
        json: {
          success: false,
          errors: [{ code: 7003, message: 'Could not route to /accounts/x/ai/run' }],
          messages: [],
          result: null,
        },
      },
      { category: 'client_error', errorCode: '7003', error: 'Could not route to /accounts/x/ai/run' },
    ],
    [
      'Portkey gateway failure',
      {
        kind: 'error',
        status: 500,
        json: { status: 'failure', message: 'Invalid response received from openai' },
      },
      { category: 'server_error', error: 'Invalid response received from openai' },
    ],
    [
      'TGI error_type',
      {
        kind: 'error',
        status: 422,
        json: {
          error: 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096',
          error_type: 'validation',
        },
      },
      {
        category: 'client_error',
        errorCode: 'validation',
        error: 'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096',
      },
    ],
    [
      'vLLM --api-key',
      { kind: 'error', status: 401, json: { error: 'Unauthorized' } },
      { category: 'auth', error: 'Unauthorized' },
    ],
    [
      'old vLLM / SGLang flat',
      {
        kind: 'error',
        status: 400,
        json: {
          object: 'error',
          message: "This model's maximum context length is 4096 tokens",
          type: 'BadRequestError',
          param: null,
          code: 400,
        },
      },
      {
        category: 'client_error',
        errorCode: '400',
        error: "This model's maximum context length is 4096 tokens",
      },
    ],
    [
      'LiteLLM: an SSE body on a 429',
      {
        kind: 'error',
        status: 429,
        contentType: 'text/event-stream',
        body: 'data: {"error":{"message":"litellm.RateLimitError: Received Model Group=m","type":"None","param":"None","code":"429"}}\n\n',
      },
      { category: 'rate_limited', errorCode: '429', error: 'litellm.RateLimitError: Received Model Group=m' },
    ],
    [
      'Azure numeric-string code',
      {
        kind: 'error',
        status: 429,
        json: {
          error: {
            code: '429',
            message:
              'Requests to the ChatCompletions_Create Operation have exceeded the rate limit. Please retry after 2 seconds.',
          },
        },
      },
      { category: 'rate_limited', errorCode: '429' },
    ],
    [
      'OpenRouter metadata.raw',
      {
        kind: 'error',
        status: 502,
        json: {
          error: {
            code: 502,
            message: 'Provider returned error',
            metadata: { raw: 'upstream timed out', provider_name: 'X' },
          },
        },
      },
      { category: 'server_error', error: 'Provider returned error: upstream timed out' },
    ],
    [
      'plain text from an Envoy',
      {
        kind: 'error',
        status: 503,
        body: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
      },
      {
        category: 'server_error',
        error: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure',
      },
    ],
  ])('%s', async (_, behaviour, expected) => {
    for (const stream of [true, false]) {
      expect(await checkWith(behaviour, { stream })).toMatchObject(expected);
    }
  });
});

describe('content negotiation', () => {
  it('a stream asks for text/event-stream, so a gateway that negotiates on Accept still streams; JSON asks for JSON', async () => {
    const negotiating = await startFakeProvider({ m: { kind: 'ok', tokens: 3 } }, { negotiateAccept: true });
    try {
      const target = targetAt(negotiating.url);
      const client = createClient(target);
      const streamed = await runCheck(client, target, settings, 0);
      expect(streamed).toMatchObject({ category: 'ok', finishReason: 'stop' });
      expect(streamed.ttftMs).not.toBeNull();
      expect(negotiating.requests.at(-1)!.headers.accept).toBe('text/event-stream');
      const json = await runCheck(client, target, { ...settings, stream: false }, 0);
      expect(json.category).toBe('ok');
      expect(negotiating.requests.at(-1)!.headers.accept).toBe('application/json');
    } finally {
      await negotiating.close();
    }
  });
});

describe('figures that cannot be true', () => {
  it.each([
    ['negative', -5, 'completion_tokens -5 is not a whole number ≥ 0'],
    ['more tokens than bytes', 1_000_000, '1000000 answer tokens for 4 bytes of text'],
  ])(
    '%s completion_tokens from a schema-valid reply: the counted chunks instead, with a note',
    async (_, claim, why) => {
      const result = await checkWith({
        kind: 'ok',
        tokens: 3,
        tokenDelayMs: 15,
        claimCompletionTokens: claim,
      });
      expect(result).toMatchObject({ category: 'ok', outputTokens: 3, tokensFromServer: false });
      expect(result.notes).toEqual([
        `the server's usage cannot be true (${why}); counted 3 content chunks instead`,
      ]);
      const json = await checkWith(
        { kind: 'ok', tokens: 3, claimCompletionTokens: claim },
        { stream: false },
      );
      expect(json).toMatchObject({ category: 'ok', outputTokens: null, tokensFromServer: false });
      expect(json.notes![0]).toMatch(/no token count kept$/);
    },
  );

  it('0 tokens on every chunk, as some gateways send, is believed only if the final count is possible', async () => {
    const result = await checkWith({
      kind: 'ok',
      tokens: 3,
      usageOnEveryChunk: true,
      claimCompletionTokens: 0,
    });
    expect(result).toMatchObject({ category: 'ok', outputTokens: 3, tokensFromServer: false });
    expect(result.notes![0]).toMatch(/0 answer tokens for 3 content chunks/);
  });

  it('a gateway that holds the chunks and flushes them at once: no speed, "too fast to measure"', async () => {
    const result = await checkWith({
      kind: 'ok',
      tokens: 12,
      ttftMs: 20,
      tokenDelayMs: 20,
      holdThenFlush: true,
    });
    expect(result).toMatchObject({ category: 'ok', outputTokens: 12, tokensPerSecond: null });
    expect(result.speedNote).toMatch(
      /^too fast to measure: 12 content chunks arrived within [\d.]+ ms \(needs 3 over 10 ms\)$/,
    );
  });

  it('speed needs 3 content chunks over 10 ms; a spread reply gets one, a non-streamed one says why not', async () => {
    const two = await checkWith({ kind: 'ok', tokens: 2, tokenDelayMs: 50 });
    expect(two).toMatchObject({
      tokensPerSecond: null,
      speedNote: 'too few content chunks to measure: 2 (needs 3 over 10 ms)',
    });
    const spread = await checkWith({ kind: 'ok', tokens: 4, tokenDelayMs: 15 });
    expect(spread.speedNote).toBeNull();
    expect(spread.tokensPerSecond).toBeGreaterThan(20);
    expect(spread.tokensPerSecond).toBeLessThan(120);
    const json = await checkWith({ kind: 'ok', tokens: 4 }, { stream: false });
    expect(json).toMatchObject({ tokensPerSecond: null, speedNote: 'not streamed: no token timing' });
  });
});

describe('bounded memory', () => {
  it.each([true, false])(
    'a gzip bomb (stream %s): bad_reply reply_too_large after 1 MiB, not 100 MB',
    async (stream) => {
      const started = performance.now();
      const result = await checkWith({ kind: 'gzip-bomb', megabytes: 100 }, { stream });
      expect(result).toMatchObject({ category: 'bad_reply', errorCode: 'reply_too_large', httpStatus: 200 });
      expect(result.requestId).toMatch(/^req_/);
      expect(result.error).toMatch(/larger than 1 MiB once decompressed: stopped reading there$/);
      expect(performance.now() - started).toBeLessThan(3000);
    },
  );

  it('a bomb of real chunks stops at the limit too, saying how far it got', async () => {
    const result = await checkWith({ kind: 'gzip-bomb', megabytes: 50, fill: 'chunks' });
    expect(result).toMatchObject({ category: 'bad_reply', errorCode: 'reply_too_large' });
    expect(result.error).toMatch(/^stream \(after \d{4} content chunks\) larger than 1 MiB/);
  });

  it('the limit grows with the budget: 1 KiB a token beyond 1 MiB', async () => {
    const content = 'x'.repeat(800 * 1024);
    const small = await checkWith({ kind: 'ok', content, tokens: 400 });
    expect(small.category).toBe('ok');
    const big = await checkWith({ kind: 'ok', content, tokens: 2000 });
    expect(big.errorCode).toBe('reply_too_large');
    const allowed = await checkWith({ kind: 'ok', content, tokens: 2000 }, {}, { maxTokens: 4096 });
    expect(allowed.category).toBe('ok');
  });

  it('expect is matched against the first 64 KiB of a long reply', async () => {
    const content = `pong${'x'.repeat(200 * 1024)}tail`;
    const head = await checkWith({ kind: 'ok', content, tokens: 50 }, {}, { expect: '^pong' });
    expect(head.category).toBe('ok');
    const tail = await checkWith({ kind: 'ok', content, tokens: 50 }, {}, { expect: 'tail$' });
    expect(tail).toMatchObject({ category: 'bad_reply', error: 'reply did not match expect /tail$/' });
  });
});
