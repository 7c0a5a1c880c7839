/**
 * A fake OpenAI-compatible chat-completions server for tests and the demo.
 *
 * It speaks the same JSON and SSE wire format as api.openai.com (kept honest by test/fake-provider.test.ts,
 * which validates its output against OpenAI's OpenAPI spec) and can misbehave in scripted ways.
 *
 * Only node:* imports and erasable TypeScript, so Node 24 can run it directly for the demo:
 *   node test/support/fake-provider.ts [--port N] [--host H] [--api-key K]
 * which prints one line `FAKE_PROVIDER_URL=<url>` and serves DEMO_SCRIPT until SIGTERM/SIGINT.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

export type Behaviour =
  | ({
      kind: 'ok';
      /** default 'pong' */
      content?: string;
      /** number of content chunks (= completion_tokens), default 1 */
      tokens?: number;
      /** request received -> first content chunk, default 0 */
      ttftMs?: number;
      /** between content chunks, default 0 */
      tokenDelayMs?: number;
      /** model name reported, default the requested one */
      model?: string;
      /** default 'fp_fake'; null is sent as `"system_fingerprint": null` (as vLLM and others do) */
      fingerprint?: string | null;
      /** report usage (stream: only when the request asks stream_options.include_usage), default true */
      usage?: boolean;
      /** default 'stop' ('length' when reasoningOnly); null: stream sends no finish chunk */
      finishReason?: string | null;
      /** content empty, the text goes to reasoning_content, finish 'length' */
      reasoningOnly?: boolean;
      headers?: Record<string, string>;
    } & StreamQuirks &
      KindQuirks)
  | {
      kind: 'error';
      status: number;
      /** JSON body; default: an OpenAI-style error for the status */
      json?: unknown;
      /** raw body, used instead of json */
      body?: string;
      /** default application/json, or text/plain when `body` is given */
      contentType?: string;
      headers?: Record<string, string>;
      delayMs?: number;
    }
  /** read the request, never answer (socket stays open) */
  | { kind: 'hang' }
  /** stream: role chunk + N content chunks then silence. Non-stream: headers (at ttftMs) then silence. */
  | { kind: 'stall'; afterChunks: number; ttftMs?: number; tokenDelayMs?: number }
  /** TCP reset: before any headers when afterChunks is undefined, else after N content chunks of a stream */
  | { kind: 'reset'; afterChunks?: number }
  /**
   * stream N content chunks then end cleanly without finish_reason, usage or [DONE]; non-stream: truncated JSON.
   * `done`: a clean `data: [DONE]` follows anyway (a gateway that lost its upstream); `finalUsage`: a usage-only
   * chunk (`choices: []`) comes after the last content chunk, as Ollama's error path ends.
   */
  | ({ kind: 'cut'; afterChunks: number; done?: boolean; finalUsage?: boolean } & Pick<
      StreamQuirks,
      'usageOnEveryChunk'
    >)
  /** 200 text/event-stream, then only `: keepalive` comments every everyMs (default 100) until the client leaves */
  | { kind: 'keepalive'; everyMs?: number }
  /** 200 SSE, N content chunks, then `data: {"error":<error>}` and end. Non-stream: 200 JSON {"error":<error>} */
  | { kind: 'stream-error'; afterChunks?: number; error?: unknown }
  /** a real server's own shape of an error inside a 200 stream (see SERVER_STREAM_ERRORS); non-stream: HTTP `status` */
  | ServerStreamError
  /** 200 whose gzip body inflates to `megabytes` MiB (default 100) of zeros, or of one SSE content chunk repeated */
  | { kind: 'gzip-bomb'; megabytes?: number; fill?: 'zeros' | 'chunks' }
  /** anything else, e.g. 200 text/html portal page, 200 application/json with '' or '{}' */
  | { kind: 'raw'; status: number; contentType: string; body: string; delayMs?: number };

/**
 * How an `ok` reply answers the requests of the other kinds of check, and their faults. A chat request with
 * `tools` gets a call of the first tool (arguments `{"a":2,"b":3}`); one with a json_schema response_format
 * gets `{"answer":5}` as its content unless `content` is given (the schema ignored); `/embeddings` a vector;
 * `/responses` a Responses stream or object.
 */
export interface KindQuirks {
  /** false: answer a tools request with text, no tool call */
  toolCall?: boolean;
  /** the tool call's arguments as sent, e.g. malformed JSON; default `{"a":2,"b":3}` */
  toolArguments?: string;
  /** embeddings: the vector's length, default 8 */
  dimensions?: number;
  /** embeddings: `nan` writes a literal NaN (as Python's json.dumps does), `null` a null, `zeros` only zeros */
  vectorFault?: 'nan' | 'null' | 'zeros';
  /** responses: how the stream or object ends, default completed; `none` ends the stream without its last event */
  responsesEnd?: 'completed' | 'none' | 'incomplete' | 'failed';
}

/** How real servers and gateways bend the stream of an `ok` reply. */
export interface StreamQuirks {
  /** usage (running counts) on every chunk, as vLLM's `continuous_usage_stats` and some gateways send it */
  usageOnEveryChunk?: boolean;
  /** the completion_tokens the usage claims, instead of the true count (e.g. -5: schema-valid, impossible) */
  claimCompletionTokens?: number;
  /** hold every content chunk and send them at once after the last (a buffering gateway, a cache replay) */
  holdThenFlush?: boolean;
}

export type StreamErrorServer =
  | 'openai'
  | 'vllm'
  | 'vllm-flat'
  | 'llama.cpp'
  | 'llama.cpp-old'
  | 'litellm'
  | 'openrouter'
  | 'tgi';

export interface ServerStreamError {
  kind: 'server-stream-error';
  server: StreamErrorServer;
  /** the status the error stands for; each server writes it its own way (TGI always says 422), default 500 */
  status?: number;
  /** a symbolic code instead of the server's usual one (e.g. `rate_limit_exceeded`, OpenRouter `server_error`) */
  code?: string | null;
  message?: string;
  /** content chunks before the error, default 1 */
  afterChunks?: number;
}

export interface RecordedRequest {
  /** the body's model, or the Azure deployment name; '' when there is none */
  model: string;
  stream: boolean;
  /** parsed JSON body, or the raw text when it is not JSON */
  // biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary request fields
  body: any;
  headers: Record<string, string | string[] | undefined>;
  /** request target as received, including the query string */
  path: string;
  /** the x-request-id this server answers with (`req_<n>`, n counting from 1), to match a client's record */
  requestId: string;
  // Server-side timings, performance.now() of this process (the same clock as the tests' performance.now()).
  receivedAt: number;
  headersAt: number | null;
  firstContentAt: number | null;
  lastContentAt: number | null;
  /** when the server ended (or reset) the response itself */
  endedAt: number | null;
  /** when the client went away before the server ended the response (timeouts, aborts) */
  clientClosedAt: number | null;
  /** the scripted behaviour; routing, auth and unknown-model failures count as 'error' */
  behaviour: Behaviour['kind'];
}

export type Script = Record<string /* model */, Behaviour | Behaviour[] /* cycled per model */>;

export interface FakeProviderOptions {
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** require `Authorization: Bearer <apiKey>` or `api-key: <apiKey>`; otherwise 401 echoing the key received */
  apiKey?: string;
  /** choose SSE or JSON from the Accept header, as a content-negotiating gateway would: JSON unless it asks for text/event-stream */
  negotiateAccept?: boolean;
}

export interface FakeProvider {
  /** e.g. http://127.0.0.1:43121/v1 (the SDK's baseURL) */
  url: string;
  /** e.g. http://127.0.0.1:43121 */
  origin: string;
  port: number;
  /** every request received, in arrival order */
  requests: RecordedRequest[];
  /** replace behaviours; resets the per-model counters */
  setScript(script: Script): void;
  /** what GET /models lists (entries may carry a `:YYYY-MM-DD` shutdown date); null: every model in the script */
  listModels(models: string[] | null): void;
  /** destroys open sockets (hanging ones too) and clears timers */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json';
const SSE_TYPE = 'text/event-stream; charset=utf-8';
// How long a reset waits after the last chunk, so the client has read the chunks before the RST discards them.
const RESET_GRACE_MS = 25;

const CLOUDFLARE_502_HTML = `<html>
<head><title>502 Bad Gateway</title></head>
<body>
<center><h1>502 Bad Gateway</h1></center>
<hr><center>cloudflare</center>
</body>
</html>
`;

function ok(ttftMs: number, extra: Partial<Extract<Behaviour, { kind: 'ok' }>> = {}): Behaviour {
  return { kind: 'ok', content: 'pong', ttftMs, ...extra };
}

/** A realistic mix for the demo: arrays cycle per model, so a 10-check burst shows every behaviour. */
export const DEMO_SCRIPT: Script = {
  'gpt-4o-mini': [180, 215, 150, 240, 195, 170, 250, 205, 160, 225].map((ttft) =>
    ok(ttft, { tokens: 12, tokenDelayMs: 15, fingerprint: 'fp_560af6e559' }),
  ),
  'llama-3.1-8b-flaky': [
    ok(320, { tokens: 8, tokenDelayMs: 25, fingerprint: null }),
    ok(410, { tokens: 8, tokenDelayMs: 25, fingerprint: null }),
    {
      kind: 'error',
      status: 429,
      headers: { 'retry-after': '2' },
      json: {
        error: {
          message:
            'Rate limit reached for llama-3.1-8b-flaky on requests per min (RPM): Limit 30, Used 30, Requested 1. Please try again in 2s.',
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
    },
    ok(350, { tokens: 8, tokenDelayMs: 25, fingerprint: null }),
    ok(380, { tokens: 8, tokenDelayMs: 25, fingerprint: null }),
    { kind: 'error', status: 500, delayMs: 120 },
    ok(300, { tokens: 8, tokenDelayMs: 25, fingerprint: null }),
    ok(450, { tokens: 8, tokenDelayMs: 25, fingerprint: null }),
    {
      kind: 'error',
      status: 502,
      delayMs: 60,
      contentType: 'text/html',
      body: CLOUDFLARE_502_HTML,
      headers: { server: 'cloudflare', 'cf-ray': '8f1c2d3e4a5b6c7d-FRA' },
    },
    ok(360, { tokens: 8, tokenDelayMs: 25, fingerprint: null }),
  ],
  'claude-slow': [2500, 2650, 2420, 2580].map((ttft) =>
    ok(ttft, { tokens: 20, tokenDelayMs: 40, fingerprint: 'fp_slow_1' }),
  ),
  // The other kinds of check: tool calls, structured output and the Responses API of one model, an embedding
  // model, and a model whose structured output drifts (the schema ignored in one check of four).
  'gpt-4.1-mini': [220, 260, 240, 205].map((ttft) =>
    ok(ttft, { tokens: 6, tokenDelayMs: 12, fingerprint: 'fp_41' }),
  ),
  'text-embedding-3-small': [60, 75, 55, 80].map((ttft) => ({ kind: 'ok', ttftMs: ttft, dimensions: 1536 })),
  'mistral-small-json': [
    ok(300, { tokens: 4, tokenDelayMs: 20, content: '{"answer":5}' }),
    ok(280, { tokens: 4, tokenDelayMs: 20, content: '{"answer":5}' }),
    ok(310, { tokens: 6, tokenDelayMs: 20, content: 'Sure! The answer is 5.' }),
    ok(290, { tokens: 4, tokenDelayMs: 20, content: '{"answer":5}' }),
  ],
};

/** What a gateway in front of the fake says it did with a request (see `gatewayHeaders`). */
export interface GatewaySays {
  /** upstream retries after the first attempt, default 0 */
  retries?: number;
  /** every retry ran out (Portkey sends -1 for the count) */
  exhausted?: boolean;
  /** served by a fallback, not the first model/provider */
  fellBack?: boolean;
  /** answered from the gateway's cache; undefined: the gateway's cache is off */
  cacheHit?: boolean;
}

export type FakeGateway =
  | 'litellm'
  | 'portkey'
  | 'cloudflare'
  | 'helicone'
  | 'openrouter'
  | 'apisix'
  | 'kong';

/**
 * The response headers a real gateway sends, for an `ok` or `error` behaviour's `headers`:
 * `{ kind: 'ok', headers: gatewayHeaders('litellm', { retries: 2 }) }`. Names and values as the
 * gateways write them (LiteLLM, Portkey, Cloudflare AI Gateway, Helicone, OpenRouter, APISIX, Kong).
 */
export function gatewayHeaders(gateway: FakeGateway, says: GatewaySays = {}): Record<string, string> {
  const hit = says.cacheHit;
  switch (gateway) {
    case 'litellm':
      return {
        'x-litellm-call-id': '7f0c6a52-2b1e-4c55-9d0a-3c1f2e4b5a69',
        'x-litellm-model-id': 'a1b2c3d4e5',
        'x-litellm-version': '1.74.0',
        'x-litellm-attempted-retries': String(says.retries ?? 0),
        'x-litellm-max-retries': '3',
        'x-litellm-attempted-fallbacks': says.fellBack ? '1' : '0',
        ...(hit ? { 'x-litellm-cache-key': '3f9a1c0e7b2d4a6f8e1c3b5a7d9f0e2c' } : {}),
      };
    case 'portkey':
      return {
        'x-portkey-trace-id': 'trace-0f1e2d3c',
        'x-portkey-provider': 'openai',
        'x-portkey-retry-attempt-count': says.exhausted ? '-1' : String(says.retries ?? 0),
        'x-portkey-last-used-option-index': says.fellBack ? 'config.targets[1]' : 'config.targets[0]',
        'x-portkey-cache-status': hit === undefined ? 'DISABLED' : hit ? 'HIT' : 'MISS',
      };
    case 'cloudflare':
      return {
        'cf-aig-log-id': '01JABCDEF0123456789',
        'cf-aig-step': says.fellBack ? '1' : '0',
        'cf-aig-cache-status': hit ? 'HIT' : 'MISS',
      };
    case 'helicone':
      return {
        'helicone-id': 'b5e1f7c2-0d4a-4e8b-9c3f-1a2b3c4d5e6f',
        ...(hit === undefined ? {} : { 'helicone-cache': hit ? 'HIT' : 'MISS' }),
      };
    case 'openrouter':
      return { 'x-generation-id': 'gen-1234567890', 'x-openrouter-cache-status': hit ? 'HIT' : 'MISS' };
    case 'apisix':
      return { 'x-ai-cache-status': hit ? 'HIT-L1' : 'MISS' };
    case 'kong':
      return {
        via: '1.1 kong/3.9.0',
        'x-kong-proxy-latency': '2',
        'x-kong-upstream-latency': '180',
        ...(hit === undefined ? {} : { 'x-cache-status': hit ? 'Hit' : 'Miss' }),
      };
  }
}

interface ErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

function errorBody(message: string, type: string, code: string | null): { error: ErrorObject } {
  return { error: { message, type, param: null, code } };
}

/** Default error bodies, worded like OpenAI's. */
export function defaultErrorBody(status: number): { error: ErrorObject } {
  switch (status) {
    case 400:
      return errorBody('Invalid request.', 'invalid_request_error', null);
    case 401:
      return errorBody(
        'Incorrect API key provided: sk-fake. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_request_error',
        'invalid_api_key',
      );
    case 403:
      return errorBody(
        'You are not allowed to sample from this model.',
        'invalid_request_error',
        'forbidden',
      );
    case 404:
      return errorBody('The requested resource does not exist.', 'invalid_request_error', 'not_found');
    case 408:
      return errorBody('Request timed out.', 'server_error', 'timeout');
    case 429:
      return errorBody(
        'Rate limit reached for requests per min (RPM). Please try again in 2s.',
        'requests',
        'rate_limit_exceeded',
      );
    case 500:
      return errorBody(
        'The server had an error while processing your request. Sorry about that!',
        'server_error',
        'server_error',
      );
    case 502:
      return errorBody('Bad gateway.', 'server_error', 'bad_gateway');
    case 503:
      return errorBody(
        'The engine is currently overloaded, please try again later.',
        'server_error',
        'service_unavailable',
      );
    case 504:
      return errorBody('Gateway timeout.', 'server_error', 'timeout');
    default:
      return errorBody(
        `Request failed with status ${status}.`,
        status >= 500 ? 'server_error' : 'api_error',
        null,
      );
  }
}

const DEFAULT_STREAM_ERROR: ErrorObject = {
  message: 'The server had an error while processing your request. Sorry about that!',
  type: 'server_error',
  param: null,
  code: null,
};

/**
 * Splits text into `count` roughly equal pieces (by code point). Short text is padded with ' ok' pieces;
 * empty text gives `count` empty pieces (a provider streaming empty deltas).
 */
export function splitContent(text: string, count: number): string[] {
  if (count <= 0) return [];
  if (text === '') return new Array<string>(count).fill('');
  const chars = Array.from(text);
  if (chars.length < count) return [...chars, ...new Array<string>(count - chars.length).fill(' ok')];
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    const from = Math.round((i * chars.length) / count);
    const to = Math.round(((i + 1) * chars.length) / count);
    pieces.push(chars.slice(from, to).join(''));
  }
  return pieces;
}

/** Crude but stable prompt token estimate: ~4 characters per token plus per-request overhead. */
function estimatePromptTokens(body: Record<string, unknown>): number {
  return 7 + Math.ceil(JSON.stringify(body.messages ?? '').length / 4);
}

function makeUsage(promptTokens: number, completionTokens: number, reasoningTokens: number) {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/** OpenAI pads chunks with a random `obfuscation` string unless stream_options.include_obfuscation is false. */
function obfuscation(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  const length = 1 + Math.floor(Math.random() * 12);
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}

function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) out[key.toLowerCase()] = value;
  return out;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('client aborted')));
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One request/response pair and the state needed to answer it. */
interface Exchange {
  n: number;
  req: IncomingMessage;
  res: ServerResponse;
  record: RecordedRequest;
  timers: Set<NodeJS.Timeout>;
  body: Record<string, unknown>;
  endpoint: Endpoint;
}

/** Fields shared by every chunk (or the completion) of one response. */
interface CompletionMeta {
  id: string;
  created: number;
  model: string;
  fingerprint: string | null;
  /** add `"usage": null` to every chunk but the usage one (the request asked include_usage) */
  usageField: boolean;
  obfuscate: boolean;
  /** StreamQuirks.usageOnEveryChunk: the usage every chunk carries, from the content chunks sent so far */
  runningUsage?: (contentChunksSent: number) => unknown;
  contentChunksSent: number;
}

/** Runs fn at receivedAt + offsetMs (absolute, so chained chunks do not drift). */
function at(ex: Exchange, offsetMs: number, fn: () => void): void {
  const delay = Math.max(0, ex.record.receivedAt + offsetMs - performance.now());
  const timer = setTimeout(() => {
    ex.timers.delete(timer);
    fn();
  }, delay);
  ex.timers.add(timer);
}

function clearTimers(ex: Exchange): void {
  for (const timer of ex.timers) clearTimeout(timer);
  ex.timers.clear();
}

function writeHead(ex: Exchange, status: number, headers: Record<string, string | number>): void {
  const now = performance.now();
  ex.res.writeHead(status, {
    'x-request-id': `req_${ex.n}`,
    'openai-processing-ms': String(Math.round(now - ex.record.receivedAt)),
    'openai-version': '2020-10-01',
    ...headers,
  });
  ex.record.headersAt = now;
}

function endResponse(ex: Exchange, body?: string | Buffer): void {
  ex.res.end(body);
  ex.record.endedAt = performance.now();
}

function resetSocket(ex: Exchange): void {
  ex.record.endedAt = performance.now();
  clearTimers(ex);
  const socket = ex.req.socket;
  // resetAndDestroy sends a TCP RST (ECONNRESET on the client), like a crashing proxy.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function sendText(
  ex: Exchange,
  status: number,
  contentType: string,
  body: string,
  extra: Record<string, string> = {},
): void {
  writeHead(ex, status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    ...lowerCaseKeys(extra),
  });
  endResponse(ex, body);
}

function sendJson(ex: Exchange, status: number, value: unknown, extra: Record<string, string> = {}): void {
  sendText(ex, status, JSON_TYPE, JSON.stringify(value), extra);
}

function completionMeta(
  ex: Exchange,
  model?: string,
  fingerprint?: string | null,
  usage = true,
): CompletionMeta {
  const streamOptions = isObject(ex.body.stream_options) ? ex.body.stream_options : {};
  return {
    id: `chatcmpl-${ex.n}`,
    created: Math.floor(Date.now() / 1000),
    model: model ?? (typeof ex.body.model === 'string' ? ex.body.model : ex.record.model),
    fingerprint: fingerprint === undefined ? 'fp_fake' : fingerprint,
    usageField: streamOptions.include_usage === true && usage,
    obfuscate: streamOptions.include_obfuscation !== false,
    contentChunksSent: 0,
  };
}

function sendChunk(ex: Exchange, meta: CompletionMeta, choices: unknown[], usage?: unknown): void {
  const chunk: Record<string, unknown> = {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
    service_tier: 'default',
    system_fingerprint: meta.fingerprint,
    choices,
  };
  if (meta.usageField) chunk.usage = usage ?? meta.runningUsage?.(meta.contentChunksSent) ?? null;
  if (meta.obfuscate) chunk.obfuscation = obfuscation();
  ex.res.write(`data: ${JSON.stringify(chunk)}\n\n`);
}

/** 200 SSE headers plus OpenAI's first chunk (role, empty content), sent right away. */
function startStream(ex: Exchange, meta: CompletionMeta, extra: Record<string, string> = {}): void {
  writeHead(ex, 200, { 'content-type': SSE_TYPE, 'cache-control': 'no-cache', ...lowerCaseKeys(extra) });
  sendChunk(ex, meta, [
    {
      index: 0,
      delta: { role: 'assistant', content: '', refusal: null },
      logprobs: null,
      finish_reason: null,
    },
  ]);
}

/** Streams one content chunk per piece: the first at ttftMs after receipt, then one every tokenDelayMs. */
function streamPieces(
  ex: Exchange,
  meta: CompletionMeta,
  pieces: string[],
  timing: { ttftMs: number; tokenDelayMs: number; reasoning?: boolean; delta?: (piece: string) => unknown },
  onDone: () => void,
): void {
  const send = (i: number): void => {
    if (i >= pieces.length) {
      onDone();
      return;
    }
    const delta = timing.delta
      ? timing.delta(pieces[i]!)
      : timing.reasoning
        ? { content: null, reasoning_content: pieces[i] }
        : { content: pieces[i] };
    meta.contentChunksSent++;
    sendChunk(ex, meta, [{ index: 0, delta, logprobs: null, finish_reason: null }]);
    const now = performance.now();
    ex.record.firstContentAt ??= now;
    ex.record.lastContentAt = now;
    if (i + 1 < pieces.length) at(ex, timing.ttftMs + (i + 1) * timing.tokenDelayMs, () => send(i + 1));
    else onDone();
  };
  at(ex, timing.ttftMs, () => send(0));
}

function endStream(ex: Exchange): void {
  ex.res.write('data: [DONE]\n\n');
  endResponse(ex);
}

function runOk(ex: Exchange, b: Extract<Behaviour, { kind: 'ok' }>): void {
  if (ex.endpoint === 'embeddings') {
    runEmbeddings(ex, b);
    return;
  }
  if (ex.endpoint === 'responses') {
    runResponses(ex, b);
    return;
  }
  if (Array.isArray(ex.body.tools) && ex.body.tools.length > 0 && b.toolCall !== false) {
    runToolCall(ex, b);
    return;
  }
  const format = isObject(ex.body.response_format) ? ex.body.response_format.type : undefined;
  const reasoningOnly = b.reasoningOnly === true;
  const pieces = splitContent(
    b.content ?? (format === 'json_schema' ? '{"answer":5}' : 'pong'),
    b.tokens ?? 1,
  );
  const text = pieces.join('');
  const finishReason = b.finishReason !== undefined ? b.finishReason : reasoningOnly ? 'length' : 'stop';
  const ttftMs = b.ttftMs ?? 0;
  const tokenDelayMs = b.tokenDelayMs ?? 0;
  const sendUsage = b.usage !== false;
  const meta = completionMeta(ex, b.model, b.fingerprint, sendUsage);
  const usage = makeUsage(
    estimatePromptTokens(ex.body),
    b.claimCompletionTokens ?? pieces.length,
    reasoningOnly ? pieces.length : 0,
  );

  if (!ex.record.stream) {
    // The whole answer arrives when the last token would have been generated.
    at(ex, ttftMs + Math.max(0, pieces.length - 1) * tokenDelayMs, () => {
      const message: Record<string, unknown> = {
        role: 'assistant',
        content: reasoningOnly ? '' : text,
        refusal: null,
        annotations: [],
      };
      if (reasoningOnly) message.reasoning_content = text;
      const completion: Record<string, unknown> = {
        id: meta.id,
        object: 'chat.completion',
        created: meta.created,
        model: meta.model,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
      };
      if (sendUsage) completion.usage = usage;
      completion.service_tier = 'default';
      completion.system_fingerprint = meta.fingerprint;
      const now = performance.now();
      ex.record.firstContentAt = now;
      ex.record.lastContentAt = now;
      sendJson(ex, 200, completion, b.headers);
    });
    return;
  }

  applyQuirks(ex, meta, b);
  startStream(ex, meta, b.headers);
  if (b.holdThenFlush) ex.res.cork();
  streamPieces(ex, meta, pieces, { ttftMs, tokenDelayMs, reasoning: reasoningOnly }, () => {
    if (finishReason !== null) {
      sendChunk(ex, meta, [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]);
    }
    if (meta.usageField) sendChunk(ex, meta, [], usage);
    if (b.holdThenFlush) ex.res.uncork();
    endStream(ex);
  });
}

/**
 * StreamQuirks.usageOnEveryChunk, set up before the role chunk: every chunk then carries the usage so far
 * (from the content chunks sent, or the claimed figure). holdThenFlush corks the socket after the role chunk.
 */
function applyQuirks(ex: Exchange, meta: CompletionMeta, quirks: StreamQuirks): void {
  if (quirks.usageOnEveryChunk && meta.usageField) {
    const prompt = estimatePromptTokens(ex.body);
    meta.runningUsage = (sent) => makeUsage(prompt, quirks.claimCompletionTokens ?? sent, 0);
  }
}

/** A chat request with tools: one call of the first tool, its arguments streamed in pieces like content. */
function runToolCall(ex: Exchange, b: Extract<Behaviour, { kind: 'ok' }>): void {
  const tools = ex.body.tools as { function?: { name?: unknown } }[];
  const name = typeof tools[0]?.function?.name === 'string' ? tools[0].function.name : 'tool';
  const args = b.toolArguments ?? '{"a":2,"b":3}';
  const pieces = splitContent(args, Math.min(b.tokens ?? 3, Math.max(1, args.length)));
  const callId = `call_${ex.n}`;
  const finishReason = b.finishReason !== undefined ? b.finishReason : 'tool_calls';
  const meta = completionMeta(ex, b.model, b.fingerprint, b.usage !== false);
  const usage = makeUsage(estimatePromptTokens(ex.body), pieces.length + 2, 0);
  const ttftMs = b.ttftMs ?? 0;
  const tokenDelayMs = b.tokenDelayMs ?? 0;
  if (!ex.record.stream) {
    at(ex, ttftMs + Math.max(0, pieces.length - 1) * tokenDelayMs, () => {
      const message = {
        role: 'assistant',
        content: null,
        refusal: null,
        annotations: [],
        tool_calls: [{ id: callId, type: 'function', function: { name, arguments: args } }],
      };
      sendJson(
        ex,
        200,
        {
          id: meta.id,
          object: 'chat.completion',
          created: meta.created,
          model: meta.model,
          choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
          ...(b.usage === false ? {} : { usage }),
          service_tier: 'default',
          system_fingerprint: meta.fingerprint,
        },
        b.headers,
      );
    });
    return;
  }
  writeHead(ex, 200, { 'content-type': SSE_TYPE, 'cache-control': 'no-cache', ...lowerCaseKeys(b.headers) });
  sendChunk(ex, meta, [
    {
      index: 0,
      delta: {
        role: 'assistant',
        content: null,
        tool_calls: [{ index: 0, id: callId, type: 'function', function: { name, arguments: '' } }],
        refusal: null,
      },
      logprobs: null,
      finish_reason: null,
    },
  ]);
  const delta = (piece: string) => ({ tool_calls: [{ index: 0, function: { arguments: piece } }] });
  streamPieces(ex, meta, pieces, { ttftMs, tokenDelayMs, delta }, () => {
    if (finishReason !== null) {
      sendChunk(ex, meta, [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]);
    }
    if (meta.usageField) sendChunk(ex, meta, [], usage);
    endStream(ex);
  });
}

/** `/embeddings`: one vector per input, as floats (`encoding_format` float or absent) or base64 of float32. */
function runEmbeddings(ex: Exchange, b: Extract<Behaviour, { kind: 'ok' }>): void {
  const dimensions = b.dimensions ?? 8;
  const vector = Array.from({ length: dimensions }, (_, i) =>
    b.vectorFault === 'zeros' ? 0 : Math.round(Math.sin(ex.n * 31 + i) * 1e6) / 1e7,
  );
  const base64 = ex.body.encoding_format === 'base64';
  const body = {
    object: 'list',
    data: [
      {
        object: 'embedding',
        index: 0,
        embedding: base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector,
      },
    ],
    model: typeof ex.body.model === 'string' ? ex.body.model : ex.record.model,
    usage: { prompt_tokens: 3, total_tokens: 3 },
  };
  let text = JSON.stringify(body);
  // JSON has no NaN; a server built on Python's json.dumps writes the bare word anyway.
  if (b.vectorFault === 'nan' && !base64) text = text.replace(/("embedding":\[[^,\]]+,)[^,\]]+/, '$1NaN');
  if (b.vectorFault === 'null' && !base64) text = text.replace(/("embedding":\[[^,\]]+,)[^,\]]+/, '$1null');
  at(ex, b.ttftMs ?? 0, () => sendText(ex, 200, JSON_TYPE, text, b.headers));
}

/** A Responses `response` object in the state `status`, holding `text` so far. */
function responseObject(
  ex: Exchange,
  b: Extract<Behaviour, { kind: 'ok' }>,
  status: string,
  text: string | null,
) {
  const done = status !== 'in_progress';
  const message = {
    id: `msg_${ex.n}`,
    type: 'message',
    status: status === 'completed' ? 'completed' : status === 'incomplete' ? 'incomplete' : 'in_progress',
    role: 'assistant',
    content: text === null ? [] : [{ type: 'output_text', text, annotations: [], logprobs: [] }],
  };
  return {
    id: `resp_${ex.n}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status,
    completed_at: status === 'completed' ? Math.floor(Date.now() / 1000) : null,
    error:
      status === 'failed'
        ? { code: 'server_error', message: 'The model failed to generate a response.' }
        : null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: null,
    max_output_tokens: typeof ex.body.max_output_tokens === 'number' ? ex.body.max_output_tokens : null,
    model: b.model ?? (typeof ex.body.model === 'string' ? ex.body.model : ex.record.model),
    output: done && text !== null ? [message] : [],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: ex.body.store !== false,
    temperature: 1,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    // The spec has no null usage: it is left out until the answer is done.
    ...(done && b.usage !== false
      ? {
          usage: {
            input_tokens: 8,
            input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
            output_tokens: b.claimCompletionTokens ?? b.tokens ?? 1,
            output_tokens_details: { reasoning_tokens: 0 },
            total_tokens: 8 + (b.tokens ?? 1),
          },
        }
      : {}),
    metadata: {},
  };
}

/** `/responses`: OpenAI's event sequence (each event named on an `event:` line), or the whole object. */
function runResponses(ex: Exchange, b: Extract<Behaviour, { kind: 'ok' }>): void {
  const pieces = splitContent(b.content ?? 'pong', b.tokens ?? 1);
  const text = pieces.join('');
  const end = b.responsesEnd ?? 'completed';
  const ttftMs = b.ttftMs ?? 0;
  const tokenDelayMs = b.tokenDelayMs ?? 0;
  if (!ex.record.stream) {
    at(ex, ttftMs + Math.max(0, pieces.length - 1) * tokenDelayMs, () => {
      const status = end === 'none' ? 'in_progress' : end;
      sendJson(ex, 200, responseObject(ex, b, status, end === 'failed' ? null : text), b.headers);
    });
    return;
  }
  let sequence = 0;
  const itemId = `msg_${ex.n}`;
  const send = (event: Record<string, unknown>) => {
    ex.res.write(
      `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: sequence++ })}\n\n`,
    );
  };
  writeHead(ex, 200, { 'content-type': SSE_TYPE, 'cache-control': 'no-cache', ...lowerCaseKeys(b.headers) });
  send({ type: 'response.created', response: responseObject(ex, b, 'in_progress', null) });
  send({ type: 'response.in_progress', response: responseObject(ex, b, 'in_progress', null) });
  send({
    type: 'response.output_item.added',
    output_index: 0,
    item: { id: itemId, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
  });
  send({
    type: 'response.content_part.added',
    item_id: itemId,
    output_index: 0,
    content_index: 0,
    part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
  });
  const at0 = { ttftMs, tokenDelayMs };
  const sendPiece = (i: number): void => {
    send({
      type: 'response.output_text.delta',
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      delta: pieces[i],
      logprobs: [],
    });
    const now = performance.now();
    ex.record.firstContentAt ??= now;
    ex.record.lastContentAt = now;
    if (i + 1 < pieces.length) at(ex, at0.ttftMs + (i + 1) * at0.tokenDelayMs, () => sendPiece(i + 1));
    else finish();
  };
  const finish = (): void => {
    if (end === 'none') {
      endResponse(ex);
      return;
    }
    if (end === 'failed') {
      send({ type: 'response.failed', response: responseObject(ex, b, 'failed', null) });
      endResponse(ex);
      return;
    }
    send({
      type: 'response.output_text.done',
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      text,
      logprobs: [],
    });
    send({
      type: 'response.content_part.done',
      item_id: itemId,
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', text, annotations: [], logprobs: [] },
    });
    const final = responseObject(ex, b, end, text);
    send({ type: 'response.output_item.done', output_index: 0, item: final.output[0] });
    send({ type: end === 'incomplete' ? 'response.incomplete' : 'response.completed', response: final });
    endResponse(ex);
  };
  at(ex, ttftMs, () => sendPiece(0));
}

/** `GET /models`: each listed model; `name:YYYY-MM-DD` carries a shutdown date as OpenAI's list does. */
function sendModelList(ex: Exchange, models: string[]): void {
  sendJson(ex, 200, {
    object: 'list',
    data: models.map((entry) => {
      const [id, shutdown] = entry.split(/:(?=\d{4}-\d{2}-\d{2}$)/);
      return {
        id,
        object: 'model',
        created: 1_700_000_000,
        owned_by: 'system',
        ...(shutdown ? { shutdown_date: shutdown } : {}),
      };
    }),
  });
}

function runError(ex: Exchange, b: Extract<Behaviour, { kind: 'error' }>): void {
  at(ex, b.delayMs ?? 0, () => {
    const body = b.body ?? JSON.stringify(b.json ?? defaultErrorBody(b.status));
    const contentType = b.contentType ?? (b.body === undefined ? JSON_TYPE : 'text/plain; charset=utf-8');
    sendText(ex, b.status, contentType, body, b.headers);
  });
}

function runStall(ex: Exchange, b: Extract<Behaviour, { kind: 'stall' }>): void {
  const ttftMs = b.ttftMs ?? 0;
  if (!ex.record.stream) {
    at(ex, ttftMs, () => {
      writeHead(ex, 200, { 'content-type': JSON_TYPE });
      ex.res.flushHeaders();
    });
    return;
  }
  const meta = completionMeta(ex);
  startStream(ex, meta);
  streamPieces(
    ex,
    meta,
    splitContent('pong', b.afterChunks),
    { ttftMs, tokenDelayMs: b.tokenDelayMs ?? 0 },
    () => {
      // Silence from here on; the socket stays open until the client or close() ends it.
    },
  );
}

function runReset(ex: Exchange, b: Extract<Behaviour, { kind: 'reset' }>): void {
  if (b.afterChunks === undefined) {
    resetSocket(ex);
    return;
  }
  if (!ex.record.stream) {
    writeHead(ex, 200, { 'content-type': JSON_TYPE });
    ex.res.flushHeaders();
    at(ex, RESET_GRACE_MS, () => resetSocket(ex));
    return;
  }
  const meta = completionMeta(ex);
  startStream(ex, meta);
  streamPieces(ex, meta, splitContent('pong', b.afterChunks), { ttftMs: 0, tokenDelayMs: 0 }, () => {
    const lastAt = (ex.record.lastContentAt ?? performance.now()) - ex.record.receivedAt;
    at(ex, lastAt + RESET_GRACE_MS, () => resetSocket(ex));
  });
}

function runCut(ex: Exchange, b: Extract<Behaviour, { kind: 'cut' }>): void {
  const meta = completionMeta(ex);
  if (!ex.record.stream) {
    // A body that ends cleanly (chunked encoding) halfway through the JSON.
    const full = JSON.stringify({
      id: meta.id,
      object: 'chat.completion',
      created: meta.created,
      model: meta.model,
    });
    writeHead(ex, 200, { 'content-type': JSON_TYPE });
    endResponse(ex, full.slice(0, Math.floor(full.length / 2)));
    return;
  }
  applyQuirks(ex, meta, b);
  startStream(ex, meta);
  streamPieces(ex, meta, splitContent('pong', b.afterChunks), { ttftMs: 0, tokenDelayMs: 0 }, () => {
    if (b.finalUsage && meta.usageField) {
      sendChunk(ex, meta, [], makeUsage(estimatePromptTokens(ex.body), b.afterChunks, 0));
    }
    if (b.done) endStream(ex);
    else endResponse(ex);
  });
}

function runKeepalive(ex: Exchange, b: Extract<Behaviour, { kind: 'keepalive' }>): void {
  writeHead(ex, 200, { 'content-type': SSE_TYPE, 'cache-control': 'no-cache' });
  ex.res.flushHeaders();
  const timer = setInterval(() => ex.res.write(': keepalive\n\n'), b.everyMs ?? 100);
  ex.timers.add(timer);
}

function runStreamError(ex: Exchange, b: Extract<Behaviour, { kind: 'stream-error' }>): void {
  const error = b.error ?? DEFAULT_STREAM_ERROR;
  if (!ex.record.stream) {
    sendJson(ex, 200, { error });
    return;
  }
  const meta = completionMeta(ex);
  startStream(ex, meta);
  streamPieces(ex, meta, splitContent('pong', b.afterChunks ?? 0), { ttftMs: 0, tokenDelayMs: 0 }, () => {
    ex.res.write(`data: ${JSON.stringify({ error })}\n\n`);
    endResponse(ex);
  });
}

function runBehaviour(ex: Exchange, b: Behaviour): void {
  switch (b.kind) {
    case 'ok':
      runOk(ex, b);
      break;
    case 'error':
      runError(ex, b);
      break;
    case 'hang':
      break; // never answer
    case 'stall':
      runStall(ex, b);
      break;
    case 'reset':
      runReset(ex, b);
      break;
    case 'cut':
      runCut(ex, b);
      break;
    case 'keepalive':
      runKeepalive(ex, b);
      break;
    case 'stream-error':
      runStreamError(ex, b);
      break;
    case 'server-stream-error':
      runServerStreamError(ex, b);
      break;
    case 'gzip-bomb':
      runGzipBomb(ex, b);
      break;
    case 'raw':
      at(ex, b.delayMs ?? 0, () => sendText(ex, b.status, b.contentType, b.body));
      break;
  }
}

/** FakeProviderOptions.negotiateAccept: only a request that asks for text/event-stream gets one. */
function acceptsEventStream(req: IncomingMessage): boolean {
  return /text\/event-stream/i.test(req.headers.accept ?? '');
}

/** A word for the status in the style of each server's error `type`. */
function errorTypeFor(server: StreamErrorServer, status: number): string {
  const llama: Record<number, string> = {
    400: 'invalid_request_error',
    401: 'authentication_error',
    403: 'permission_error',
    404: 'not_found_error',
    501: 'not_supported_error',
    503: 'unavailable_error',
  };
  const vllm: Record<number, string> = {
    400: 'BadRequestError',
    401: 'AuthenticationError',
    404: 'NotFoundError',
    429: 'RateLimitError',
    501: 'NotImplementedError',
  };
  if (server === 'llama.cpp' || server === 'llama.cpp-old') return llama[status] ?? 'server_error';
  return vllm[status] ?? (status >= 500 ? 'InternalServerError' : 'BadRequestError');
}

/**
 * What each server writes after a 200 when generation fails (research on their code, see
 * docs/fault-catalogue.md): the event line(s), and whether `data: [DONE]` still follows.
 */
function serverStreamErrorEvent(
  meta: CompletionMeta,
  b: ServerStreamError,
): { lines: string; done: boolean } {
  const status = b.status ?? 500;
  const message = b.message ?? 'Internal server error';
  const code = b.code === undefined ? status : b.code;
  const data = (value: unknown) => `data: ${JSON.stringify(value)}\n\n`;
  switch (b.server) {
    case 'openai':
      return {
        lines: data({ error: { message, type: 'server_error', param: null, code: b.code ?? null } }),
        done: false,
      };
    case 'vllm':
      return {
        lines: data({ error: { message, type: errorTypeFor('vllm', status), param: null, code } }),
        done: true,
      };
    case 'vllm-flat':
      return {
        lines: data({ object: 'error', message, type: errorTypeFor('vllm', status), param: null, code }),
        done: true,
      };
    case 'llama.cpp':
      return {
        lines: data({ error: { code, message, type: errorTypeFor('llama.cpp', status) } }),
        done: false,
      };
    case 'llama.cpp-old':
      // Not a `data:` field: spec-compliant SSE parsers drop the line, and [DONE] follows.
      return {
        lines: `error: ${JSON.stringify({ code, message, type: errorTypeFor('llama.cpp', status) })}\n\n`,
        done: true,
      };
    case 'litellm':
      return {
        lines: data({
          error: {
            message: `litellm.APIError: ${message}`,
            type: 'None',
            param: 'None',
            code: b.code === undefined ? String(status) : b.code,
          },
        }),
        done: false,
      };
    case 'openrouter':
      return {
        lines: data({
          id: meta.id,
          object: 'chat.completion.chunk',
          created: meta.created,
          model: meta.model,
          provider: 'openai',
          error: { code, message },
          choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
        }),
        done: false,
      };
    case 'tgi':
      // TGI's OpenAI routes always say 422, whatever went wrong.
      return {
        lines: data({
          error: { message: `Request failed during generation: ${message}`, http_status_code: 422 },
        }),
        done: true,
      };
  }
}

function runServerStreamError(ex: Exchange, b: ServerStreamError): void {
  const meta = completionMeta(ex);
  const event = serverStreamErrorEvent(meta, b);
  if (!ex.record.stream) {
    // Before the first token these servers answer with a real status and the same error object.
    const payload = JSON.parse(event.lines.replace(/^(data|error): /, ''));
    const body =
      b.server === 'openrouter'
        ? { error: payload.error }
        : b.server === 'llama.cpp-old'
          ? { error: payload }
          : payload;
    sendJson(ex, b.status ?? 500, body);
    return;
  }
  startStream(ex, meta);
  streamPieces(ex, meta, splitContent('pong', b.afterChunks ?? 1), { ttftMs: 0, tokenDelayMs: 0 }, () => {
    ex.res.write(event.lines);
    if (event.done) endStream(ex);
    else endResponse(ex);
  });
}

const bombs = new Map<string, Buffer>();

/**
 * gzip that inflates to `megabytes` MiB: one gzip member of a MiB (zeros, or one chunk repeated), sent that many
 * times. Gzip allows concatenated members, and inflaters read them as one body; the fake never holds the whole.
 */
function gzipBomb(megabytes: number, fill: 'zeros' | 'chunks'): Buffer {
  const key = `${fill}:${megabytes}`;
  const cached = bombs.get(key);
  if (cached) return cached;
  const chunk = `data: ${JSON.stringify({
    id: 'chatcmpl-bomb',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'bomb',
    choices: [{ index: 0, delta: { content: 'a' }, logprobs: null, finish_reason: null }],
  })}\n\n`;
  const mib =
    fill === 'zeros'
      ? Buffer.alloc(1 << 20)
      : Buffer.from(chunk.repeat(Math.floor((1 << 20) / chunk.length))); // whole chunks: members join cleanly
  const member = gzipSync(mib, { level: 9 });
  const body = Buffer.concat(new Array<Buffer>(megabytes).fill(member));
  bombs.set(key, body);
  return body;
}

function runGzipBomb(ex: Exchange, b: Extract<Behaviour, { kind: 'gzip-bomb' }>): void {
  const body = gzipBomb(b.megabytes ?? 100, b.fill ?? 'zeros');
  writeHead(ex, 200, {
    'content-type': ex.record.stream ? SSE_TYPE : JSON_TYPE,
    'content-encoding': 'gzip',
    'content-length': body.length,
  });
  endResponse(ex, body);
}

type Endpoint = 'chat' | 'embeddings' | 'responses' | 'models';
const ENDPOINT_PATHS: Record<string, Endpoint> = {
  'chat/completions': 'chat',
  embeddings: 'embeddings',
  responses: 'responses',
};

/** The endpoint, with `deployment` for Azure's per-deployment routes; null for anything else. */
function matchRoute(
  method: string | undefined,
  pathname: string,
): { endpoint: Endpoint; deployment?: string } | null {
  if (method === 'GET')
    return pathname === '/v1/models' || pathname === '/openai/models' ? { endpoint: 'models' } : null;
  if (method !== 'POST') return null;
  const openai = /^\/v1\/(chat\/completions|embeddings|responses)$/.exec(pathname);
  if (openai?.[1]) return { endpoint: ENDPOINT_PATHS[openai[1]]! };
  const azure = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/.exec(pathname);
  if (azure?.[1] && azure[2])
    return { endpoint: ENDPOINT_PATHS[azure[2]]!, deployment: decodeURIComponent(azure[1]) };
  // Azure serves the Responses API without a deployment in the path (the SDK's Azure client, and the v1 API).
  if (pathname === '/openai/responses' || pathname === '/openai/v1/responses')
    return { endpoint: 'responses' };
  return null;
}

function receivedApiKey(req: IncomingMessage): string | undefined {
  const authorization = req.headers.authorization;
  if (authorization) return authorization.replace(/^Bearer\s+/i, '');
  const apiKey = req.headers['api-key'];
  return Array.isArray(apiKey) ? apiKey[0] : apiKey;
}

export async function startFakeProvider(
  script: Script,
  options: FakeProviderOptions = {},
): Promise<FakeProvider> {
  const host = options.host ?? '127.0.0.1';
  let currentScript = script;
  let counters = new Map<string, number>();
  let requestCount = 0;
  let listedModels: string[] | null = null;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const exchanges = new Set<Exchange>();

  function nextBehaviour(model: string): Behaviour | undefined {
    if (!Object.hasOwn(currentScript, model)) return undefined;
    const entry = currentScript[model];
    if (entry === undefined) return undefined;
    const items = Array.isArray(entry) ? entry : [entry];
    const k = counters.get(model) ?? 0;
    counters.set(model, k + 1);
    return items[k % items.length];
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const n = ++requestCount;
    let raw: string;
    try {
      raw = await readBody(req);
    } catch {
      return; // the client went away mid-request
    }
    const record: RecordedRequest = {
      model: '',
      stream: false,
      body: raw,
      headers: req.headers,
      path: req.url ?? '',
      requestId: `req_${n}`,
      receivedAt,
      headersAt: null,
      firstContentAt: null,
      lastContentAt: null,
      endedAt: null,
      clientClosedAt: null,
      behaviour: 'error',
    };
    requests.push(record);
    const ex: Exchange = { n, req, res, record, timers: new Set(), body: {}, endpoint: 'chat' };
    exchanges.add(ex);
    res.on('close', () => {
      clearTimers(ex);
      exchanges.delete(ex);
      if (record.endedAt === null) record.clientClosedAt = performance.now();
    });

    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const route = matchRoute(req.method, url.pathname);
    if (!route) {
      const message = `Invalid URL (${req.method} ${url.pathname})`;
      return sendJson(ex, 404, errorBody(message, 'invalid_request_error', null));
    }
    ex.endpoint = route.endpoint;

    let parsed: unknown;
    let parseFailed = false;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parseFailed = true;
    }
    if (isObject(parsed)) {
      ex.body = parsed;
      record.body = parsed;
      record.stream = parsed.stream === true && (!options.negotiateAccept || acceptsEventStream(req));
      if (typeof parsed.model === 'string') record.model = parsed.model;
    }
    if (route.deployment !== undefined) record.model = route.deployment;

    // Like OpenAI: authentication is checked before the body is looked at.
    if (options.apiKey !== undefined) {
      const key = receivedApiKey(req);
      if (!key) {
        const message =
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";
        return sendJson(ex, 401, errorBody(message, 'invalid_request_error', null));
      }
      if (key !== options.apiKey) {
        // OpenAI echoes a masked key; we echo it raw so tests can prove the action redacts it.
        const message = `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`;
        return sendJson(ex, 401, errorBody(message, 'invalid_request_error', 'invalid_api_key'));
      }
    }
    if (route.endpoint === 'models') return sendModelList(ex, listedModels ?? Object.keys(currentScript));
    if (route.deployment !== undefined && !url.searchParams.get('api-version')) {
      const message = 'Missing required query parameter: api-version.';
      return sendJson(ex, 400, errorBody(message, 'invalid_request_error', 'missing_api_version'));
    }
    if (parseFailed || !isObject(parsed)) {
      const message =
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";
      return sendJson(ex, 400, errorBody(message, 'invalid_request_error', null));
    }
    if (record.model === '') {
      return sendJson(
        ex,
        400,
        errorBody('you must provide a model parameter', 'invalid_request_error', null),
      );
    }
    const behaviour = nextBehaviour(record.model);
    if (!behaviour) {
      const message = `The model \`${record.model}\` does not exist or you do not have access to it.`;
      return sendJson(ex, 404, errorBody(message, 'invalid_request_error', 'model_not_found'));
    }
    record.behaviour = behaviour.kind;
    runBehaviour(ex, behaviour);
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.requestTimeout = 0; // hanging requests must live as long as the test wants
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true); // every chunk goes out as soon as it is written
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake provider: no TCP address');
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const origin = `http://${urlHost}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${origin}/v1`,
    origin,
    port: address.port,
    requests,
    setScript(next: Script) {
      currentScript = next;
      counters = new Map();
    },
    listModels(models: string[] | null) {
      listedModels = models;
    },
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        for (const ex of exchanges) clearTimers(ex);
        server.close(() => resolveClose());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function isRunDirectly(): boolean {
  const entry = process.argv[1];
  return entry !== undefined && resolve(entry) === fileURLToPath(import.meta.url);
}

if (isRunDirectly()) {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, host: { type: 'string' }, 'api-key': { type: 'string' } },
  });
  const fake = await startFakeProvider(DEMO_SCRIPT, {
    port: values.port === undefined ? 0 : Number(values.port),
    host: values.host,
    apiKey: values['api-key'],
  });
  process.stdout.write(`FAKE_PROVIDER_URL=${fake.url}\n`);
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
