/**
 * The fake provider's answers to the other kinds of check (tool calls, structured output, embeddings, the
 * Responses API, the model list), healthy and faulty, held to OpenAI's own OpenAPI schemas (vendored in
 * test/fixtures/openai-chat-schemas.json by scripts/extract-openai-schemas.ts). A fault breaks what the
 * probe checks (arguments, content, the vector, the last event), never the envelope the spec describes;
 * the NaN fault alone breaks JSON itself, as the servers that send it do.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, type Script, startFakeProvider } from './support/fake-provider.ts';

const schemaDocument = JSON.parse(
  readFileSync(new URL('./fixtures/openai-chat-schemas.json', import.meta.url), 'utf8'),
) as { $id: string; source: { roots: string[] } };

const ajv = new Ajv2020({
  strict: false,
  allErrors: true,
  formats: { unixtime: true, uri: true, float: true, date: true },
});
ajv.addSchema(schemaDocument);

function expectValid(name: string, value: unknown): void {
  const validator = ajv.getSchema(`${schemaDocument.$id}#/$defs/${name}`);
  if (!validator) throw new Error(`schema ${name} missing from the fixture`);
  expect(
    validator(value) ? null : ajv.errorsText(validator.errors),
    JSON.stringify(value).slice(0, 2000),
  ).toBeNull();
}

const SCRIPT: Script = {
  tool: { kind: 'ok', tokens: 4 },
  'tool-malformed': { kind: 'ok', toolArguments: '{"a":2,' },
  'tool-missing': { kind: 'ok', toolCall: false, content: 'five' },
  json: { kind: 'ok', tokens: 2 },
  'json-ignored': { kind: 'ok', content: 'The answer is 5.' },
  emb: { kind: 'ok', dimensions: 16 },
  'emb-zeros': { kind: 'ok', dimensions: 4, vectorFault: 'zeros' },
  'emb-nan': { kind: 'ok', dimensions: 4, vectorFault: 'nan' },
  resp: { kind: 'ok', content: 'pong pong', tokens: 3 },
  'resp-none': { kind: 'ok', responsesEnd: 'none' },
  'resp-failed': { kind: 'ok', responsesEnd: 'failed' },
  'resp-incomplete': { kind: 'ok', responsesEnd: 'incomplete' },
};

let fake: FakeProvider;
beforeAll(async () => {
  fake = await startFakeProvider(SCRIPT);
});
afterAll(async () => {
  await fake.close();
});

// biome-ignore lint/suspicious/noExplicitAny: assertions poke at wire JSON checked by the schema first
type Json = any;

function post(path: string, body: unknown) {
  return fetch(`${fake.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Each SSE event as `{event, data}` (the `event:` line, when one came, and the parsed data). */
function sseEvents(text: string): { event: string | null; data: unknown }[] {
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? null;
      const data = /^data: (.*)$/m.exec(block)![1]!;
      return { event, data: data === '[DONE]' ? data : JSON.parse(data) };
    });
}

const TOOLS = [
  {
    type: 'function',
    function: { name: 'add', parameters: { type: 'object', properties: {} }, strict: true },
  },
];
const chatBody = (model: string, stream: boolean, extra: object) => ({
  model,
  messages: [{ role: 'user', content: 'x' }],
  stream,
  ...(stream ? { stream_options: { include_usage: true } } : {}),
  ...extra,
});

describe('the fixture holds the schemas of every endpoint a kind calls', () => {
  it('roots', () => {
    expect(schemaDocument.source.roots).toEqual(
      expect.arrayContaining([
        'CreateEmbeddingResponse',
        'Response',
        'ResponseStreamEvent',
        'ListModelsResponse',
      ]),
    );
  });
});

describe.each(['tool', 'tool-malformed', 'tool-missing'])('tool calls: %s', (model) => {
  it('a JSON completion validates', async () => {
    const body = (await (
      await post('/v1/chat/completions', chatBody(model, false, { tools: TOOLS }))
    ).json()) as Json;
    expectValid('CreateChatCompletionResponse', body);
    if (model !== 'tool-missing') expect(body.choices[0].message.tool_calls[0].function.name).toBe('add');
  });

  it('every chunk of a stream validates', async () => {
    const text = await (await post('/v1/chat/completions', chatBody(model, true, { tools: TOOLS }))).text();
    const events = sseEvents(text);
    expect(events.at(-1)!.data).toBe('[DONE]');
    for (const { data } of events.slice(0, -1)) expectValid('CreateChatCompletionStreamResponse', data);
  });
});

describe.each(['json', 'json-ignored'])('structured output: %s', (model) => {
  it('JSON and stream validate', async () => {
    const format = { response_format: { type: 'json_schema', json_schema: { name: 's', schema: {} } } };
    const body = (await (await post('/v1/chat/completions', chatBody(model, false, format))).json()) as Json;
    expectValid('CreateChatCompletionResponse', body);
    if (model === 'json') expect(body.choices[0].message.content).toBe('{"answer":5}');
    const text = await (await post('/v1/chat/completions', chatBody(model, true, format))).text();
    for (const { data } of sseEvents(text).slice(0, -1))
      expectValid('CreateChatCompletionStreamResponse', data);
  });
});

describe('embeddings', () => {
  it.each(['emb', 'emb-zeros'])('%s validates, as floats and as base64', async (model) => {
    const floats = (await (
      await post('/v1/embeddings', { model, input: 'x', encoding_format: 'float' })
    ).json()) as Json;
    expectValid('CreateEmbeddingResponse', floats);
    const base64 = (await (
      await post('/v1/embeddings', { model, input: 'x', encoding_format: 'base64' })
    ).json()) as Json;
    expect(typeof base64.data[0].embedding).toBe('string');
  });

  it("the SDK's default request (base64) decodes to the same vector", async () => {
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'k', maxRetries: 0 });
    const decoded = await client.embeddings.create({ model: 'emb', input: 'x' });
    expect(decoded.data[0]!.embedding).toHaveLength(16);
  });

  it('NaN breaks JSON itself, as a server on json.dumps sends it', async () => {
    const text = await (await post('/v1/embeddings', { model: 'emb-nan', input: 'x' })).text();
    expect(text).toMatch(/"embedding":\[[^,]+,NaN,/);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });
});

describe.each(['resp', 'resp-none', 'resp-failed', 'resp-incomplete'])('Responses: %s', (model) => {
  it('every event validates, each named on its event: line; the object validates', async () => {
    const text = await (await post('/v1/responses', { model, input: 'x', stream: true })).text();
    const events = sseEvents(text);
    expect(events.length).toBeGreaterThan(3);
    for (const { event, data } of events) {
      expectValid('ResponseStreamEvent', data);
      expect(event).toBe((data as { type: string }).type);
    }
    const last = (events.at(-1)!.data as { type: string }).type;
    expect(last).toBe(
      {
        resp: 'response.completed',
        'resp-none': 'response.output_text.delta',
        'resp-failed': 'response.failed',
        'resp-incomplete': 'response.incomplete',
      }[model],
    );
    const body = (await (await post('/v1/responses', { model, input: 'x' })).json()) as Json;
    expectValid('Response', body);
  });

  it('the SDK reads the stream', async () => {
    const client = new OpenAI({ baseURL: fake.url, apiKey: 'k', maxRetries: 0 });
    const types: string[] = [];
    for await (const event of await client.responses.create({ model, input: 'x', stream: true }))
      types.push(event.type);
    expect(types[0]).toBe('response.created');
  });
});

describe('the model list', () => {
  it('lists the script, or what it is told, with shutdown dates', async () => {
    const list = (await (await fetch(`${fake.url}/models`)).json()) as Json;
    expectValid('ListModelsResponse', list);
    expect(list.data.map((m: { id: string }) => m.id)).toContain('resp');
    fake.listModels(['a', 'b:2026-06-30']);
    const told = (await (await fetch(`${fake.url}/models`)).json()) as Json;
    expectValid('ListModelsResponse', told);
    expect(told.data).toMatchObject([{ id: 'a' }, { id: 'b', shutdown_date: '2026-06-30' }]);
    fake.listModels(null);
  });
});
