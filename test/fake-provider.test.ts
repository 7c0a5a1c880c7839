/**
 * Keeps the fake provider honest: its bodies must validate against OpenAI's own OpenAPI schemas (vendored in
 * test/fixtures/openai-chat-schemas.json by scripts/extract-openai-schemas.ts), the real openai SDK must be able
 * to talk to it, and each scripted misbehaviour must look like it does on the wire.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, type Script, splitContent, startFakeProvider } from './support/fake-provider.ts';

// biome-ignore lint/suspicious/noExplicitAny: assertions poke at wire JSON checked by the schema first
type Json = any;

const schemaDocument = JSON.parse(
  readFileSync(new URL('./fixtures/openai-chat-schemas.json', import.meta.url), 'utf8'),
) as { $id: string; source: { version: string } };

// strict: false tolerates OpenAPI leftovers (e.g. `deprecated`, `default` next to $ref); the spec's custom
// formats are annotations only.
const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { unixtime: true, uri: true } });
ajv.addSchema(schemaDocument);

type SchemaName = 'CreateChatCompletionResponse' | 'CreateChatCompletionStreamResponse' | 'ErrorResponse';

function validate(name: SchemaName, value: unknown): string | null {
  const validator = ajv.getSchema(`${schemaDocument.$id}#/$defs/${name}`);
  if (!validator) throw new Error(`schema ${name} missing from the fixture`);
  return validator(value) ? null : ajv.errorsText(validator.errors);
}

function expectValid(name: SchemaName, value: unknown): void {
  expect(validate(name, value), JSON.stringify(value)).toBeNull();
}

const SCRIPT: Script = {
  'gpt-test': { kind: 'ok', content: 'pong', tokens: 3 },
  'custom-model': {
    kind: 'ok',
    content: 'hello there',
    tokens: 4,
    model: 'gpt-4o-2024-08-06',
    fingerprint: 'fp_abc',
  },
  reasoner: { kind: 'ok', content: 'thinking hard', tokens: 5, reasoningOnly: true },
  timed: { kind: 'ok', content: 'abcdefghij', tokens: 10, ttftMs: 300, tokenDelayMs: 20 },
  'rate-limited': { kind: 'error', status: 429, headers: { 'retry-after': '2' } },
  cycled: [
    { kind: 'ok', content: 'first' },
    { kind: 'error', status: 500 },
  ],
  hang: { kind: 'hang' },
  'stall-stream': { kind: 'stall', afterChunks: 2, tokenDelayMs: 10 },
  'reset-now': { kind: 'reset' },
  'reset-later': { kind: 'reset', afterChunks: 2 },
  cut: { kind: 'cut', afterChunks: 3 },
  keepalive: { kind: 'keepalive', everyMs: 50 },
  'stream-error': { kind: 'stream-error', afterChunks: 2 },
  portal: {
    kind: 'raw',
    status: 200,
    contentType: 'text/html',
    body: '<html><body>Please log in</body></html>',
  },
};

const PROMPT = [{ role: 'user', content: 'Reply with pong.' }];

let fake: FakeProvider;

beforeAll(async () => {
  fake = await startFakeProvider(SCRIPT);
});

afterAll(async () => {
  await fake.close();
});

function post(
  body: unknown,
  init: { path?: string; signal?: AbortSignal; headers?: Record<string, string> } = {},
) {
  return fetch(`${fake.origin}${init.path ?? '/v1/chat/completions'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer k', ...init.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: init.signal,
  });
}

/** The `data:` payloads of an SSE body, in order (comments and blank lines skipped). */
function sseData(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length));
}

/** Reads a body until it ends or fails (e.g. on an abort), returning what arrived. */
async function readAll(response: Response): Promise<{ text: string; error: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: undefined };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

function lastRequest() {
  return fake.requests.at(-1)!;
}

async function waitFor(condition: () => boolean, timeoutMs = 1000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('schema fixture', () => {
  it('comes from the OpenAI spec', () => {
    expect(schemaDocument.source.version).toMatch(/^\d+\.\d+/);
  });

  it('rejects bodies that break the spec, so the checks below can fail', () => {
    const good = {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'x', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
    };
    expect(validate('CreateChatCompletionResponse', good)).toBeNull();
    const { choices: _, ...withoutChoices } = good;
    expect(validate('CreateChatCompletionResponse', withoutChoices)).toMatch(/choices/);
    expect(
      validate('CreateChatCompletionResponse', { ...good, object: 'chat.completion.chunk' }),
    ).not.toBeNull();
    const badFinish = { ...good, choices: [{ ...good.choices[0], finish_reason: 'done' }] };
    expect(validate('CreateChatCompletionResponse', badFinish)).not.toBeNull();

    const chunk = {
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }],
      usage: null,
    };
    // finish_reason and usage are `nullable` in the spec: proves the OpenAPI conversion worked.
    expect(validate('CreateChatCompletionStreamResponse', chunk)).toBeNull();
    expect(
      validate('CreateChatCompletionStreamResponse', { ...chunk, usage: { prompt_tokens: 1 } }),
    ).not.toBeNull();

    expect(
      validate('ErrorResponse', { error: { message: 'x', type: 't', param: null, code: null } }),
    ).toBeNull();
    expect(validate('ErrorResponse', { error: { message: 'x' } })).not.toBeNull();
    expect(validate('ErrorResponse', { message: 'x' })).not.toBeNull();
  });
});

describe('wire format matches the OpenAI spec', () => {
  it('non-stream completion', async () => {
    const response = await post({ model: 'gpt-test', messages: PROMPT });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-request-id')).toMatch(/^req_\d+$/);
    expect(response.headers.get('openai-processing-ms')).toMatch(/^\d+$/);
    const body: Json = await response.json();
    expectValid('CreateChatCompletionResponse', body);
    expect(body.model).toBe('gpt-test');
    expect(body.system_fingerprint).toBe('fp_fake');
    expect(body.choices[0].message.content).toBe('pong');
    expect(body.usage.completion_tokens).toBe(3);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + 3);
  });

  it('non-stream completion with a custom model and fingerprint', async () => {
    const body: Json = await (await post({ model: 'custom-model', messages: PROMPT })).json();
    expectValid('CreateChatCompletionResponse', body);
    expect(body.model).toBe('gpt-4o-2024-08-06');
    expect(body.system_fingerprint).toBe('fp_abc');
    expect(body.choices[0].message.content).toBe('hello there');
  });

  it('reasoning-only completion', async () => {
    const body: Json = await (await post({ model: 'reasoner', messages: PROMPT })).json();
    expectValid('CreateChatCompletionResponse', body);
    expect(body.choices[0]).toMatchObject({
      finish_reason: 'length',
      message: { content: '', reasoning_content: 'thinking hard' },
    });
    expect(body.usage.completion_tokens_details.reasoning_tokens).toBe(5);
  });

  it('stream without include_usage', async () => {
    const response = await post({ model: 'custom-model', messages: PROMPT, stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const text = await response.text();
    expect(text).toMatch(/^(data: [^\n]+\n\n)+$/);
    const events = sseData(text);
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    for (const chunk of chunks) {
      expectValid('CreateChatCompletionStreamResponse', chunk);
      expect(chunk).not.toHaveProperty('usage');
      expect(chunk).toMatchObject({
        id: chunks[0].id,
        model: 'gpt-4o-2024-08-06',
        system_fingerprint: 'fp_abc',
      });
    }
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '', refusal: null });
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(content).toBe('hello there');
    expect(chunks).toHaveLength(1 + 4 + 1); // role, 4 content chunks, finish
    expect(chunks.at(-1).choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
  });

  it('stream with include_usage', async () => {
    const response = await post({
      model: 'gpt-test',
      messages: PROMPT,
      stream: true,
      stream_options: { include_usage: true },
    });
    const events = sseData(await response.text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    for (const chunk of chunks) expectValid('CreateChatCompletionStreamResponse', chunk);
    const usageChunk = chunks.at(-1);
    expect(usageChunk.choices).toEqual([]);
    expect(usageChunk.usage).toMatchObject({ completion_tokens: 3 });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
  });

  it('429 error', async () => {
    const response = await post({ model: 'rate-limited', messages: PROMPT });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('x-request-id')).toMatch(/^req_\d+$/);
    const body: Json = await response.json();
    expectValid('ErrorResponse', body);
    expect(body.error.code).toBe('rate_limit_exceeded');
  });

  it('404 for an unknown model and for an unknown path', async () => {
    const response = await post({ model: 'no-such-model', messages: PROMPT });
    expect(response.status).toBe(404);
    const body: Json = await response.json();
    expectValid('ErrorResponse', body);
    expect(body.error).toEqual({
      message: 'The model `no-such-model` does not exist or you do not have access to it.',
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    });

    const wrongPath = await post({ model: 'gpt-test' }, { path: '/chat/completions' });
    expect(wrongPath.status).toBe(404);
    expectValid('ErrorResponse', await wrongPath.json());
  });

  it('400 for a body that is not JSON', async () => {
    const response = await post('{"model": ');
    expect(response.status).toBe(400);
    expectValid('ErrorResponse', await response.json());
  });

  it('401 echoing the wrong key, when an api key is required', async () => {
    const guarded = await startFakeProvider(SCRIPT, { apiKey: 'sk-right' });
    try {
      const call = (headers: Record<string, string>) =>
        fetch(`${guarded.url}/chat/completions`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ model: 'gpt-test', messages: PROMPT }),
        });
      const wrong = await call({ authorization: 'Bearer sk-wrong-123' });
      expect(wrong.status).toBe(401);
      const body: Json = await wrong.json();
      expectValid('ErrorResponse', body);
      expect(body.error.message).toContain('Incorrect API key provided: sk-wrong-123');
      expect(body.error.code).toBe('invalid_api_key');

      const missing = await call({});
      expect(missing.status).toBe(401);
      expectValid('ErrorResponse', await missing.json());

      expect((await call({ authorization: 'Bearer sk-right' })).status).toBe(200);
      expect((await call({ 'api-key': 'sk-right' })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it('Azure deployment route', async () => {
    const path = '/openai/deployments/gpt-test/chat/completions';
    const response = await post({ messages: PROMPT }, { path: `${path}?api-version=2024-10-21` });
    expect(response.status).toBe(200);
    expectValid('CreateChatCompletionResponse', await response.json());
    expect(lastRequest()).toMatchObject({ model: 'gpt-test', path: `${path}?api-version=2024-10-21` });

    const noVersion = await post({ messages: PROMPT }, { path });
    expect(noVersion.status).toBe(400);
    expectValid('ErrorResponse', await noVersion.json());
  });
});

describe('with the openai SDK', () => {
  const client = () => new OpenAI({ baseURL: fake.url, apiKey: 'k', maxRetries: 0 });

  it('non-stream call', async () => {
    const completion = await client().chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'ping' }],
    });
    expect(completion.choices[0]?.message.content).toBe('pong');
    expect(completion.usage?.completion_tokens).toBe(3);
    expect(completion._request_id).toMatch(/^req_\d+$/);
    expect(lastRequest()).toMatchObject({ model: 'gpt-test', stream: false, behaviour: 'ok' });
    expect(lastRequest().headers.authorization).toBe('Bearer k');
  });

  it('stream call with usage', async () => {
    const { data: stream, request_id } = await client()
      .chat.completions.create({
        model: 'custom-model',
        messages: [{ role: 'user', content: 'ping' }],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    let content = '';
    let finishReason: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      content += chunk.choices[0]?.delta.content ?? '';
      finishReason = chunk.choices[0]?.finish_reason ?? finishReason;
      usage = chunk.usage ?? usage;
    }
    expect(content).toBe('hello there');
    expect(finishReason).toBe('stop');
    expect(usage?.completion_tokens).toBe(4);
    expect(request_id).toMatch(/^req_\d+$/);
    expect(lastRequest()).toMatchObject({ stream: true, body: { stream_options: { include_usage: true } } });
  });

  it('surfaces a scripted error as APIError with the request id', async () => {
    const error = await client()
      .chat.completions.create({ model: 'rate-limited', messages: [{ role: 'user', content: 'ping' }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limit_exceeded',
      requestID: expect.stringMatching(/^req_/),
    });
  });
});

describe('behaviours', () => {
  it('cycles arrays per model, and setScript resets the counters', async () => {
    const statuses = async () => {
      const out: number[] = [];
      for (let i = 0; i < 3; i++) out.push((await post({ model: 'cycled', messages: PROMPT })).status);
      return out;
    };
    expect(await statuses()).toEqual([200, 500, 200]);
    fake.setScript(SCRIPT);
    expect(await statuses()).toEqual([200, 500, 200]);
  });

  it('ok: timings follow ttftMs and tokenDelayMs', async () => {
    const started = performance.now();
    const response = await post({ model: 'timed', messages: PROMPT, stream: true });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    let firstContentSeen: number | null = null;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (firstContentSeen === null && text.includes('"content":"a"')) firstContentSeen = performance.now();
    }
    const finished = performance.now();
    const record = lastRequest();
    expect(record.firstContentAt! - record.receivedAt).toBeGreaterThanOrEqual(290);
    expect(record.lastContentAt! - record.firstContentAt!).toBeGreaterThanOrEqual(170);
    expect(record.endedAt).toBeGreaterThanOrEqual(record.lastContentAt!);
    expect(record.headersAt! - record.receivedAt).toBeLessThan(200); // headers and role chunk come right away
    // Chunks are flushed as written, not buffered: the client sees the first one early and the rest later.
    expect(firstContentSeen! - started).toBeGreaterThanOrEqual(290);
    expect(finished - firstContentSeen!).toBeGreaterThanOrEqual(150);
    expect(sseData(text).at(-1)).toBe('[DONE]');
  });

  it('ok non-stream: the body arrives after ttftMs + (tokens - 1) * tokenDelayMs', async () => {
    const started = performance.now();
    await (await post({ model: 'timed', messages: PROMPT })).json();
    expect(performance.now() - started).toBeGreaterThanOrEqual(470);
    expect(lastRequest().headersAt! - lastRequest().receivedAt).toBeGreaterThanOrEqual(470);
  });

  it('hang: never answers', async () => {
    const error = await post({ model: 'hang', messages: PROMPT }, { signal: AbortSignal.timeout(200) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'TimeoutError' });
    const record = lastRequest();
    expect(record).toMatchObject({ behaviour: 'hang', headersAt: null, endedAt: null });
    await waitFor(() => record.clientClosedAt !== null);
  });

  it('stall (stream): role chunk and N content chunks, then silence', async () => {
    const response = await post(
      { model: 'stall-stream', messages: PROMPT, stream: true },
      { signal: AbortSignal.timeout(300) },
    );
    expect(response.status).toBe(200);
    const { text, error } = await readAll(response);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    const chunks = sseData(text).map((event) => JSON.parse(event));
    expect(chunks.map((chunk) => chunk.choices[0].delta.content)).toEqual(['', 'po', 'ng']);
    expect(text).not.toContain('[DONE]');
  });

  it('stall (non-stream): headers, then silence', async () => {
    const response = await post(
      { model: 'stall-stream', messages: PROMPT },
      { signal: AbortSignal.timeout(300) },
    );
    expect(response.status).toBe(200);
    const { text, error } = await readAll(response);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(text).toBe('');
  });

  it('reset before headers', async () => {
    const error = await post({ model: 'reset-now', messages: PROMPT }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError); // fetch failed
    expect(lastRequest()).toMatchObject({ behaviour: 'reset', headersAt: null });
    expect(lastRequest().endedAt).not.toBeNull();
  });

  it('reset after N chunks of a stream', async () => {
    const response = await post({ model: 'reset-later', messages: PROMPT, stream: true });
    expect(response.status).toBe(200);
    const { text, error } = await readAll(response);
    expect(error).toBeInstanceOf(Error);
    expect(sseData(text)).toHaveLength(3); // role + 2 content chunks
    expect(text).not.toContain('[DONE]');
  });

  it('cut: the stream ends cleanly without finish_reason, usage or [DONE]', async () => {
    const response = await post({
      model: 'cut',
      messages: PROMPT,
      stream: true,
      stream_options: { include_usage: true },
    });
    const { text, error } = await readAll(response);
    expect(error).toBeUndefined();
    const chunks = sseData(text).map((event) => JSON.parse(event));
    expect(chunks).toHaveLength(4);
    for (const chunk of chunks) {
      expectValid('CreateChatCompletionStreamResponse', chunk);
      expect(chunk.choices[0].finish_reason).toBeNull();
      expect(chunk.usage).toBeNull();
    }

    // Worth knowing: the SDK ends such a stream quietly, so callers must check finish_reason themselves.
    const stream = await new OpenAI({
      baseURL: fake.url,
      apiKey: 'k',
      maxRetries: 0,
    }).chat.completions.create({
      model: 'cut',
      messages: [{ role: 'user', content: 'ping' }],
      stream: true,
    });
    const finishReasons: unknown[] = [];
    for await (const chunk of stream) finishReasons.push(chunk.choices[0]?.finish_reason);
    expect(finishReasons).toEqual([null, null, null, null]);
  });

  it('keepalive: only SSE comments until the client leaves', async () => {
    const response = await post(
      { model: 'keepalive', messages: PROMPT, stream: true },
      {
        signal: AbortSignal.timeout(330),
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const { text, error } = await readAll(response);
    expect(error).toMatchObject({ name: 'TimeoutError' });
    expect(text.match(/^: keepalive$/gm)?.length).toBeGreaterThanOrEqual(4);
    expect(text).not.toContain('data:');
    const record = lastRequest();
    await waitFor(() => record.clientClosedAt !== null);
  });

  it('stream-error: chunks, then an error event', async () => {
    const response = await post({ model: 'stream-error', messages: PROMPT, stream: true });
    const events = sseData(await response.text());
    expect(events).toHaveLength(4);
    const errorEvent = JSON.parse(events.at(-1)!);
    expectValid('ErrorResponse', errorEvent);

    const stream = await new OpenAI({
      baseURL: fake.url,
      apiKey: 'k',
      maxRetries: 0,
    }).chat.completions.create({
      model: 'stream-error',
      messages: [{ role: 'user', content: 'ping' }],
      stream: true,
    });
    let content = '';
    const error = await (async () => {
      for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(content).toBe('pong');
  });

  it('raw: a 200 HTML portal page', async () => {
    const response = await post({ model: 'portal', messages: PROMPT });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toBe('<html><body>Please log in</body></html>');
  });

  it('close() returns promptly with a hanging request and a keepalive stream open', async () => {
    const local = await startFakeProvider(SCRIPT);
    const body = (model: string) => JSON.stringify({ model, messages: PROMPT, stream: true });
    const hanging = fetch(`${local.url}/chat/completions`, { method: 'POST', body: body('hang') }).catch(
      (e: unknown) => e,
    );
    const keepalive = await fetch(`${local.url}/chat/completions`, {
      method: 'POST',
      body: body('keepalive'),
    });
    const keepaliveBody = readAll(keepalive);
    await waitFor(() => local.requests.length === 2);
    const started = performance.now();
    await local.close();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await hanging).toBeInstanceOf(TypeError);
    expect((await keepaliveBody).error).toBeInstanceOf(Error);
  });
});

describe('splitContent', () => {
  it('splits into roughly equal pieces and pads short text', () => {
    expect(splitContent('abcdefghij', 3)).toEqual(['abc', 'defg', 'hij']);
    expect(splitContent('pong', 6)).toEqual(['p', 'o', 'n', 'g', ' ok', ' ok']);
    expect(splitContent('', 2)).toEqual(['', '']);
    expect(splitContent('pong', 0)).toEqual([]);
  });
});

describe('what real servers and gateways do', () => {
  let real: FakeProvider;
  const servers: Script = {
    continuous: { kind: 'ok', content: 'abc', tokens: 3, usageOnEveryChunk: true },
    'cut-done': { kind: 'cut', afterChunks: 2, done: true, usageOnEveryChunk: true },
    'cut-final-usage': { kind: 'cut', afterChunks: 2, done: true, finalUsage: true },
    negative: { kind: 'ok', tokens: 3, claimCompletionTokens: -5 },
    flush: { kind: 'ok', content: 'abcdef', tokens: 6, ttftMs: 20, tokenDelayMs: 30, holdThenFlush: true },
    'bomb-zeros': { kind: 'gzip-bomb', megabytes: 20 },
    'bomb-chunks': { kind: 'gzip-bomb', megabytes: 4, fill: 'chunks' },
  };
  beforeAll(async () => {
    real = await startFakeProvider(servers, { negotiateAccept: true });
  });
  afterAll(async () => {
    await real.close();
  });

  const stream = (model: string, headers: Record<string, string> = { accept: 'text/event-stream' }) =>
    fetch(`${real.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({
        model,
        messages: PROMPT,
        stream: true,
        stream_options: { include_usage: true },
      }),
    });

  it('usage on every chunk (vLLM continuous_usage_stats): running counts, schema-valid', async () => {
    const events = sseData(await (await stream('continuous')).text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    for (const chunk of chunks) {
      expectValid('CreateChatCompletionStreamResponse', chunk);
      expect(chunk.usage).toMatchObject({ completion_tokens: expect.any(Number) });
    }
    expect(chunks.map((c) => c.usage.completion_tokens)).toEqual([0, 1, 2, 3, 3, 3]);
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
  });

  it('cut after N chunks, then a clean [DONE], usage on every chunk and no finish_reason anywhere', async () => {
    const events = sseData(await (await stream('cut-done')).text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    expect(chunks).toHaveLength(3);
    for (const chunk of chunks) {
      expectValid('CreateChatCompletionStreamResponse', chunk);
      expect(chunk.choices[0].finish_reason).toBeNull();
      expect(chunk.usage).not.toBeNull();
    }
  });

  it('cut with a final usage-only chunk (how Ollama ends after dropping an error), then [DONE]', async () => {
    const events = sseData(await (await stream('cut-final-usage')).text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event));
    for (const chunk of chunks) expectValid('CreateChatCompletionStreamResponse', chunk);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: 2 } });
    expect(chunks.every((c) => (c.choices[0]?.finish_reason ?? null) === null)).toBe(true);
  });

  it('a claimed completion_tokens of -5: still schema-valid, streamed and not', async () => {
    const events = sseData(await (await stream('negative')).text());
    const usage = JSON.parse(events.at(-2)!);
    expectValid('CreateChatCompletionStreamResponse', usage);
    expect(usage.usage.completion_tokens).toBe(-5);
    const json: Json = await (
      await fetch(`${real.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ model: 'negative', messages: PROMPT }),
      })
    ).json();
    expectValid('CreateChatCompletionResponse', json);
    expect(json.usage.completion_tokens).toBe(-5);
  });

  it('hold-then-flush: generated at 30 ms a chunk, every content chunk arrives at once', async () => {
    const response = await stream('flush');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const arrivals: number[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const part = decoder.decode(value, { stream: true });
      text += part;
      const contentChunks = sseData(part).filter(
        (e) => e !== '[DONE]' && JSON.parse(e).choices[0]?.delta.content,
      );
      for (const _ of contentChunks) arrivals.push(performance.now());
    }
    expect(arrivals).toHaveLength(6);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeLessThan(10);
    const record = real.requests.at(-1)!;
    expect(record.lastContentAt! - record.firstContentAt!).toBeGreaterThanOrEqual(140);
    expect(sseData(text).at(-1)).toBe('[DONE]');
  });

  it('negotiates on Accept: JSON for a stream request that does not ask for text/event-stream', async () => {
    const json = await stream('continuous', { accept: 'application/json' });
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    expectValid('CreateChatCompletionResponse', await json.json());
    const sse = await stream('continuous');
    expect(sse.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await sse.text();
  });

  it('gzip bomb: a small body on the wire that inflates to megabytes of zeros, or of whole SSE chunks', async () => {
    const zeros = await stream('bomb-zeros');
    expect(zeros.headers.get('content-encoding')).toBe('gzip');
    expect(Number(zeros.headers.get('content-length'))).toBeLessThan(40_000);
    const bytes = new Uint8Array(await zeros.arrayBuffer());
    expect(bytes.length).toBe(20 * 1024 * 1024);
    expect(bytes.every((b) => b === 0)).toBe(true);

    const chunks = await stream('bomb-chunks');
    const events = sseData(await chunks.text());
    expect(events.length).toBeGreaterThan(10_000);
    for (const event of events.slice(0, 3))
      expectValid('CreateChatCompletionStreamResponse', JSON.parse(event));
    expect(new Set(events).size).toBe(1);
  });
});

describe('errors inside a 200 stream, as each server writes them', () => {
  let real: FakeProvider;
  beforeAll(async () => {
    real = await startFakeProvider({});
  });
  afterAll(async () => {
    await real.close();
  });

  const streamed = async (behaviour: Script[string]) => {
    real.setScript({ m: behaviour });
    const response = await fetch(`${real.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: PROMPT, stream: true }),
    });
    expect(response.status).toBe(200);
    return response.text();
  };

  it.each([
    [
      'vllm',
      429,
      /^data: \{"error":\{"message":"m","type":"RateLimitError","param":null,"code":429\}\}$/m,
      true,
    ],
    [
      'vllm-flat',
      400,
      /^data: \{"object":"error","message":"m","type":"BadRequestError","param":null,"code":400\}$/m,
      true,
    ],
    ['llama.cpp', 503, /^data: \{"error":\{"code":503,"message":"m","type":"unavailable_error"\}\}$/m, false],
    ['llama.cpp-old', 500, /^error: \{"code":500,"message":"m","type":"server_error"\}$/m, true],
    [
      'litellm',
      429,
      /^data: \{"error":\{"message":"litellm.APIError: m","type":"None","param":"None","code":"429"\}\}$/m,
      false,
    ],
    [
      'openrouter',
      502,
      /^data: \{.*"error":\{"code":502,"message":"m"\},"choices":\[\{"index":0,"delta":\{"content":""\},"finish_reason":"error"\}\]\}$/m,
      false,
    ],
    [
      'tgi',
      429,
      /^data: \{"error":\{"message":"Request failed during generation: m","http_status_code":422\}\}$/m,
      true,
    ],
  ] as const)('%s (status %i)', async (server, status, line, done) => {
    const text = await streamed({ kind: 'server-stream-error', server, status, message: 'm' });
    expect(text).toMatch(line);
    expect(text.includes('data: [DONE]')).toBe(done);
    expect(
      sseData(text).filter((e) => e !== '[DONE]' && JSON.parse(e).choices?.[0]?.delta.content),
    ).toHaveLength(1);
  });

  it("vLLM: the same envelope as its HTTP errors (an integer code, where OpenAI's schema has a string); non-stream it is the HTTP status", async () => {
    const text = await streamed({ kind: 'server-stream-error', server: 'vllm', status: 400, message: 'bad' });
    const event = JSON.parse(sseData(text).at(-2)!);
    expect(validate('ErrorResponse', event)).toMatch(/code must be string/);
    real.setScript({ m: { kind: 'server-stream-error', server: 'vllm', status: 400, message: 'bad' } });
    const response = await fetch(`${real.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: PROMPT }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(event);
  });

  it('a symbolic code replaces the number (OpenRouter server_error, OpenAI rate_limit_exceeded)', async () => {
    const text = await streamed({ kind: 'server-stream-error', server: 'openrouter', code: 'server_error' });
    expect(JSON.parse(sseData(text).at(-1)!).error.code).toBe('server_error');
  });

  it('the SDK: throws APIError (status undefined) on an `error` key, drops the `error:` line, passes the flat object on', async () => {
    const sdk = new OpenAI({ baseURL: real.url, apiKey: 'k', maxRetries: 0 });
    const run = async (server: 'openrouter' | 'llama.cpp-old' | 'vllm-flat') => {
      real.setScript({ m: { kind: 'server-stream-error', server, status: 429, message: 'm' } });
      const chunks: Json[] = [];
      const s = await sdk.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      const error = await (async () => {
        for await (const chunk of s) chunks.push(chunk);
      })().catch((e: unknown) => e);
      return { chunks, error };
    };
    const openrouter = await run('openrouter');
    expect(openrouter.error).toBeInstanceOf(APIError);
    expect(openrouter.error).toMatchObject({ status: undefined, error: { code: 429, message: 'm' } });
    const old = await run('llama.cpp-old');
    expect(old.error).toBeUndefined();
    expect(old.chunks).toHaveLength(2);
    const flat = await run('vllm-flat');
    expect(flat.error).toBeUndefined();
    expect(flat.chunks.at(-1)).toMatchObject({ object: 'error', code: 429 });
  });
});
