/**
 * Each kind of check (tools, json, embeddings, responses) through the real openai SDK against the fake
 * provider, healthy and with the faults of its kind; the fake's bodies are held to OpenAI's OpenAPI schemas
 * in test/fake-provider.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kind, Target } from '../src/config/index.js';
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

async function checkWith(kind: Kind, behaviour: Behaviour, stream = true, t: Partial<Target> = {}) {
  provider.setScript({ m: behaviour });
  const target = targetAt(provider.url, { kind, ...t });
  const result = await runCheck(createClient(target), target, { ...settings, stream }, 0);
  return { result, request: provider.requests.at(-1)! };
}

describe.each([true, false])('stream %s', (stream) => {
  describe('tools', () => {
    it('a forced call of add with arguments that validate: ok, the request offers exactly add and forces it', async () => {
      // The action's default prompt gives way to the kind's own; a prompt of the target's own is sent as written.
      const { result, request } = await checkWith('tools', { kind: 'ok', tokens: 4, ttftMs: 20 }, stream, {
        prompt: 'ping {{nonce}}',
      });
      expect(result).toMatchObject({ category: 'ok', error: null, kind: 'tools', httpStatus: 200 });
      expect(result.reply).toBe('{"a":2,"b":3}');
      expect(request.path).toBe('/v1/chat/completions');
      expect(request.body.tools).toHaveLength(1);
      expect(request.body.tools[0].function).toMatchObject({ name: 'add', strict: true });
      expect(request.body.tool_choice).toEqual({ type: 'function', function: { name: 'add' } });
      expect(request.body.messages[0].content).toMatch(
        /^Use the add tool to add \d+ and \d+\. \([0-9a-f]{12}\)$/,
      );
      if (stream) expect(result.ttftMs).toBeGreaterThanOrEqual(15);
      else expect(result.ttftMs).toBeNull();
    });

    it('malformed arguments: bad_reply saying they are not valid JSON', async () => {
      const { result } = await checkWith('tools', { kind: 'ok', toolArguments: '{"a":2,"b":' }, stream);
      expect(result).toMatchObject({
        category: 'bad_reply',
        errorCode: 'tool_arguments_json',
        error: 'tool call arguments are not valid JSON',
      });
    });

    it('arguments that parse but break the schema: the JSON Schema path and rule', async () => {
      const { result } = await checkWith('tools', { kind: 'ok', toolArguments: '{"a":"2","b":3}' }, stream);
      expect(result).toMatchObject({
        category: 'bad_reply',
        error: 'tool call arguments: schema: /a must be integer',
      });
    });

    it('the tool call missing (text instead): bad_reply', async () => {
      const { result } = await checkWith('tools', { kind: 'ok', toolCall: false, content: '5' }, stream);
      expect(result).toMatchObject({
        category: 'bad_reply',
        errorCode: 'tool_call_missing',
        error: 'tool call missing: the model answered with text instead',
      });
    });

    it('arguments cut by the budget: says to raise max-tokens', async () => {
      const { result } = await checkWith(
        'tools',
        { kind: 'ok', toolArguments: '{"a":2,', finishReason: 'length' },
        stream,
      );
      expect(result.error).toBe(
        'tool call arguments are not valid JSON (finish_reason length: the 16-token budget ran out; raise max-tokens)',
      );
    });
  });

  describe('json', () => {
    it('content that validates against the schema: ok; the request asks for a strict json_schema', async () => {
      const { result, request } = await checkWith('json', { kind: 'ok', tokens: 3 }, stream);
      expect(result).toMatchObject({ category: 'ok', kind: 'json', reply: '{"answer":5}' });
      expect(request.body.response_format).toMatchObject({
        type: 'json_schema',
        json_schema: { name: 'sum', strict: true, schema: { required: ['answer'] } },
      });
    });

    it('the schema ignored (plain text): bad_reply', async () => {
      const { result } = await checkWith('json', { kind: 'ok', content: 'The answer is 5.' }, stream);
      expect(result).toMatchObject({
        category: 'bad_reply',
        errorCode: 'schema_ignored',
        error: 'content is not valid JSON: response_format ignored?',
      });
    });

    it('JSON of the wrong shape: the schema rule it breaks', async () => {
      const wrongType = await checkWith('json', { kind: 'ok', content: '{"answer":"five"}' }, stream);
      expect(wrongType.result.error).toBe('schema: /answer must be integer');
      const missing = await checkWith('json', { kind: 'ok', content: '{"sum":5}' }, stream);
      expect(missing.result.error).toBe("schema: (root) must have required property 'answer'");
    });
  });

  describe('responses', () => {
    it('a completed Responses reply: ok, text and usage kept', async () => {
      const { result, request } = await checkWith(
        'responses',
        { kind: 'ok', content: 'pong pong', tokens: 3, ttftMs: 20, tokenDelayMs: 10 },
        stream,
      );
      expect(result).toMatchObject({
        category: 'ok',
        kind: 'responses',
        reply: 'pong pong',
        outputTokens: 3,
        tokensFromServer: true,
        finishReason: 'completed',
        model: 'm',
      });
      expect(request.path).toBe('/v1/responses');
      expect(request.body).toMatchObject({ model: 'm', max_output_tokens: 16, store: false, stream });
      if (stream) {
        expect(result.ttftMs).toBeGreaterThanOrEqual(15);
        expect(result.tokensPerSecond).not.toBeNull();
      }
    });

    it('a response.failed: classified like an error inside the stream', async () => {
      const { result } = await checkWith('responses', { kind: 'ok', responsesEnd: 'failed' }, stream);
      expect(result.category).toBe('server_error');
      expect(result.error).toContain('The model failed to generate a response.');
    });

    it('incomplete at the budget: says to raise max-tokens', async () => {
      const { result } = await checkWith('responses', { kind: 'ok', responsesEnd: 'incomplete' }, stream);
      expect(result).toMatchObject({ category: 'bad_reply', errorCode: 'response_incomplete' });
      expect(result.error).toContain('the 16-token budget ran out (max_output_tokens); raise max-tokens');
    });

    it('checks the text against expect', async () => {
      const { result } = await checkWith('responses', { kind: 'ok', content: 'nope' }, stream, {
        expect: 'pong',
      });
      expect(result).toMatchObject({ category: 'bad_reply', error: 'reply did not match expect /pong/' });
    });
  });
});

describe('responses, streamed only', () => {
  it('a stream that ends without response.completed: bad_reply', async () => {
    const { result } = await checkWith('responses', { kind: 'ok', tokens: 2, responsesEnd: 'none' });
    expect(result).toMatchObject({
      category: 'bad_reply',
      errorCode: 'no_response_completed',
      error: 'stream ended without response.completed after 6 events (2 text deltas)',
    });
  });

  it('an HTTP 429 is rate_limited, as for chat', async () => {
    const { result } = await checkWith('responses', { kind: 'error', status: 429 });
    expect(result).toMatchObject({ category: 'rate_limited', httpStatus: 429 });
  });
});

describe('embeddings', () => {
  it('a finite vector: ok, its dimension recorded; floats asked for, never streamed', async () => {
    const { result, request } = await checkWith('embeddings', { kind: 'ok', dimensions: 12 });
    expect(result).toMatchObject({ category: 'ok', kind: 'embeddings', dimensions: 12, ttftMs: null });
    expect(result.reply).toMatch(/^\[-?0\.\d+, -?0\.\d+, -?0\.\d+, …\] \(12 dimensions\)$/);
    expect(request.path).toBe('/v1/embeddings');
    expect(request.body).toMatchObject({ model: 'm', encoding_format: 'float' });
    expect(request.body.stream).toBeUndefined();
  });

  it('the wrong dimension against embedding-dimensions', async () => {
    const { result } = await checkWith('embeddings', { kind: 'ok', dimensions: 1536 }, true, {
      embeddingDimensions: 3072,
    });
    expect(result).toMatchObject({
      category: 'bad_reply',
      errorCode: 'dimension',
      error: 'dimension 1536, expected 3072',
      dimensions: 1536,
    });
  });

  it('without embedding-dimensions, a change within the run against the first dimension seen', async () => {
    provider.setScript({
      m: [
        { kind: 'ok', dimensions: 8 },
        { kind: 'ok', dimensions: 4 },
      ],
    });
    const target = targetAt(provider.url, { kind: 'embeddings' });
    const client = createClient(target);
    const first = await runCheck(client, target, settings, 0);
    const second = await runCheck(client, target, settings, 1);
    expect(first.category).toBe('ok');
    expect(second).toMatchObject({
      category: 'bad_reply',
      error: 'dimension 4, expected 8 (first seen in this run)',
    });
  });

  it('NaN in a vector (a bare NaN, not JSON): bad_reply', async () => {
    const { result } = await checkWith('embeddings', { kind: 'ok', vectorFault: 'nan' });
    expect(result).toMatchObject({
      category: 'bad_reply',
      errorCode: 'vector_not_finite',
      error: 'vector holds NaN or Infinity (not valid JSON)',
    });
  });

  it('a null in a vector, and a vector of zeros: bad_reply naming it', async () => {
    const nulls = await checkWith('embeddings', { kind: 'ok', vectorFault: 'null' });
    expect(nulls.result.error).toBe('vector element 1 is null, not a finite number');
    const zeros = await checkWith('embeddings', { kind: 'ok', vectorFault: 'zeros' });
    expect(zeros.result.error).toBe('vector is all zeros (8 dimensions)');
  });

  it('a 404 for the model is not_found, as for chat', async () => {
    provider.setScript({});
    const target = targetAt(provider.url, { kind: 'embeddings' });
    const result = await runCheck(createClient(target), target, settings, 0);
    expect(result).toMatchObject({ category: 'not_found', httpStatus: 404 });
  });
});

describe('Azure routes', () => {
  it("the Responses API goes to the resource's /openai/responses, with the api-version", async () => {
    provider.setScript({ dep: { kind: 'ok', content: 'pong', tokens: 2 } });
    const target = targetAt(provider.origin, {
      kind: 'responses',
      provider: 'azure',
      apiVersion: '2025-04-01-preview',
      deployment: 'dep',
      model: 'dep',
    });
    const result = await runCheck(createClient(target), target, settings, 0);
    expect(result).toMatchObject({ category: 'ok', reply: 'pong' });
    expect(provider.requests.at(-1)!.path).toBe('/openai/responses?api-version=2025-04-01-preview');
  });

  it('embeddings go to the deployment', async () => {
    provider.setScript({ dep: { kind: 'ok', dimensions: 3 } });
    const target = targetAt(provider.origin, {
      kind: 'embeddings',
      provider: 'azure',
      apiVersion: '2024-10-21',
      deployment: 'dep',
    });
    const result = await runCheck(createClient(target), target, settings, 0);
    expect(result).toMatchObject({ category: 'ok', dimensions: 3 });
    expect(provider.requests.at(-1)!.path).toBe('/openai/deployments/dep/embeddings?api-version=2024-10-21');
  });
});

describe('the kind inputs', () => {
  it('kind and embedding-dimensions, top level and per target; check-model-listed', async () => {
    const { parseConfig } = await import('../src/config/index.js');
    const config = parseConfig({
      'base-url': 'http://127.0.0.1:1/v1',
      kind: 'json',
      'embedding-dimensions': '1536',
      'check-model-listed': 'true',
      targets:
        '- name: a\n  model: a\n- name: b\n  model: b\n  kind: embeddings\n  embedding-dimensions: 3072\n',
    });
    expect(config.checkModelListed).toBe(true);
    expect(config.targets.map((t) => [t.kind, t.embeddingDimensions])).toEqual([
      ['json', 1536],
      ['embeddings', 3072],
    ]);
    const defaults = parseConfig({ 'base-url': 'http://127.0.0.1:1/v1', model: 'm' });
    expect(defaults.targets[0]).toMatchObject({ kind: 'chat', embeddingDimensions: null });
    expect(defaults.checkModelListed).toBe(false);
  });

  it('says what was expected', async () => {
    const { parseConfig } = await import('../src/config/index.js');
    expect(() => parseConfig({ 'base-url': 'http://127.0.0.1:1/v1', model: 'm', kind: 'vision' })).toThrow(
      'Input "kind" is "vision": expected one of chat, tools, json, embeddings, responses.',
    );
    expect(() =>
      parseConfig({
        'base-url': 'http://127.0.0.1:1/v1',
        targets: '- name: a\n  model: a\n  embedding-dimensions: -3\n',
      }),
    ).toThrow(
      'Input "targets" item 1 ("a") key "embedding-dimensions" is "-3": expected a whole number of dimensions from 1 to 100000, or empty to record the first seen.',
    );
  });
});
