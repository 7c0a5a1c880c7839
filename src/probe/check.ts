import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { Target } from '../config/types.js';
import { targetSecrets } from '../secrets.js';
import { cleanServerText } from '../text/untrusted.js';
import { type ClaimedUsage, type CutBy, classifyError, judgeUsage, timeoutFailure } from './classify.js';
import { type GatewaySeen, readGateway } from './gateway.js';
import { probeFetch } from './http-client.js';
import { KINDS } from './kinds/index.js';
import { checkTimes } from './phases.js';
import type { CheckResult } from './result.js';
import { sealResult } from './seal.js';
import { arrivalOf, fetchOnWire, WireTiming } from './wire.js';

export interface CheckSettings {
  stream: boolean;
  timeoutMs: number;
  idleTimeoutMs: number;
}

const REPLY_SAMPLE_CHARS = 120;
export const KIB = 1024;
export const MIB = 1024 * KIB;
/** How much of the reply's text a check keeps: enough for `expect` and the sample, bounded whatever the reply. */
export const CONTENT_KEPT_CHARS = 64 * KIB;
/** How much of an error reply's body is kept to read its message from. */
const ERROR_BODY_KEPT = 64 * KIB;

/**
 * The most a response body may be, decompressed: 1 MiB, or 1 KiB per token of the budget when that is
 * more (a streamed token costs 200–400 bytes of SSE). Node's fetch inflates gzip/br/deflate/zstd with no
 * limit of its own, so 25 KB on the wire can be 25 MB in memory; the check stops reading here.
 */
export function bodyLimit(maxTokens: number): number {
  return Math.max(MIB, maxTokens * KIB);
}

/** Output speed is measured only over this many content chunks arriving at least this far apart, first to last. */
const SPEED_MIN_CHUNKS = 3;
const SPEED_MIN_SPREAD_MS = 10;

/** The check whose request the SDK is sending: its fetch call happens deep inside `create()`. */
const checkInFlight = new AsyncLocalStorage<Exchange>();

/**
 * One client per target: no SDK retries (each attempt is recorded as it happened), our own deadline.
 * Azure gets the SDK's Azure client: `api-key` header, `?api-version=`, `/deployments/{name}/` paths.
 */
export function createClient(target: Target, fetchImpl?: typeof fetch): OpenAI {
  const common = {
    // The SDK insists on a key; local servers that need none ignore this one.
    apiKey: target.apiKey || 'no-key',
    maxRetries: 0,
    // Our AbortSignal ends the check; the SDK's own timer is only a backstop.
    timeout: 24 * 60 * 60 * 1000,
    // The clock starts here, not when the SDK begins building the request (up to 4 ms on cold code).
    // It also watches the body as the SDK reads it: size, `[DONE]`, lines the SDK's SSE parser drops.
    fetch: async (url: string | URL | Request, init?: RequestInit) => {
      const ex = checkInFlight.getStore();
      if (!ex) return (fetchImpl ?? probeFetch)(url, init);
      ex.markSent();
      // The wire's own times (wire.ts): connection phases, request written, response headers.
      const response = await fetchOnWire(ex.wire, () => (fetchImpl ?? probeFetch)(url, init));
      return ex.watchResponse(response);
    },
    // Never follow a redirect: it would carry the key and headers to a host nobody configured.
    fetchOptions: { redirect: 'manual' as const },
    defaultHeaders: target.headers,
  };
  if (target.provider === 'azure') {
    return new AzureOpenAI({
      ...common,
      endpoint: target.baseUrl,
      apiVersion: target.apiVersion ?? undefined,
      deployment: target.deployment ?? target.model,
    });
  }
  return new OpenAI({ ...common, baseURL: target.baseUrl });
}

/**
 * A fresh random string per check for the prompt's {{nonce}}: no response cache can answer for the
 * model. 48 random bits from a UUID v4's first 12 hex digits; randomUUID draws from a pooled buffer,
 * where randomBytes makes a system call per check.
 */
export function promptFor(template: string): string {
  return template.replaceAll('{{nonce}}', () => randomUUID().replace('-', '').slice(0, 12));
}

/** OpenAI's reasoning models refuse `max_tokens`; other servers may not know `max_completion_tokens`. */
export function tokenBudget(
  target: Target,
): Pick<ChatCompletionCreateParams, 'max_tokens' | 'max_completion_tokens'> {
  // Azure learned max_completion_tokens in 2024-09-01-preview; API versions are dates, so they sort as text.
  const knowsCompletionTokens =
    target.provider === 'azure'
      ? (target.apiVersion ?? '') >= '2024-09-01'
      : new URL(target.baseUrl).hostname === 'api.openai.com';
  return knowsCompletionTokens
    ? { max_completion_tokens: target.maxTokens }
    : { max_tokens: target.maxTokens };
}

interface Identity {
  model: string | null;
  systemFingerprint: string | null;
}

class ReplyTooLarge extends Error {
  readonly limit: number;
  constructor(limit: number) {
    super(`reply body larger than ${limit} bytes`);
    this.limit = limit;
  }
}

/** Statuses whose Response may not have a body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** Enough of a line's start to tell `data: [DONE]` and `error:` apart from content. */
const LINE_PEEK = 16;
const ERROR_LINE_CHARS = 4 * KIB;

/**
 * The raw bytes of one response body as they pass to the SDK: counted against the limit, the first
 * 64 KiB of an error reply kept, and for a stream each line's first bytes looked at, to know whether
 * `data: [DONE]` arrived (the SDK swallows it) and to catch old llama.cpp's `error: {…}` line (not an
 * SSE data field, so the SDK drops it). Only line starts are looked at: a few bytes per event.
 */
class BodyWatch {
  /** The response's status and request id: a body too large to parse never reaches noteHeaders. */
  status = 0;
  requestId: string | null = null;
  bytes = 0;
  /** When the latest raw chunk was read from the response: the events the SDK parses next came in it. */
  readAt: number | null = null;
  tooLarge = false;
  doneSeen = false;
  errorLine: string | null = null;
  readonly limit: number;
  private readonly sse: boolean;
  private head: Buffer[] | null;
  private headBytes = 0;
  private line = '';

  constructor(limit: number, keepHead: boolean, sse: boolean) {
    this.limit = limit;
    this.sse = sse;
    this.head = keepHead ? [] : null;
  }

  /** The kept start of the body, as text. */
  headText(): string | null {
    return this.head ? Buffer.concat(this.head).toString('utf8') : null;
  }

  /** Looks at one read; an error when the body has gone past its limit. */
  see(chunk: Uint8Array, arrivedAt = performance.now()): ReplyTooLarge | null {
    this.readAt = arrivedAt;
    this.bytes += chunk.byteLength;
    if (this.bytes > this.limit) {
      this.tooLarge = true;
      return new ReplyTooLarge(this.limit);
    }
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.head && this.headBytes < ERROR_BODY_KEPT) {
      const part = Buffer.from(buf.subarray(0, ERROR_BODY_KEPT - this.headBytes));
      this.head.push(part);
      this.headBytes += part.byteLength;
    }
    if (this.sse) this.scan(buf);
    return null;
  }

  private scan(buf: Buffer): void {
    let i = 0;
    while (i < buf.length) {
      const newline = buf.indexOf(10, i);
      const end = newline < 0 ? buf.length : newline;
      let from = i;
      // Peek at the line's start; once it shows `error:`, keep up to ERROR_LINE_CHARS of it.
      for (;;) {
        const room = (this.line.startsWith('error:') ? ERROR_LINE_CHARS : LINE_PEEK) - this.line.length;
        const to = Math.min(end, from + Math.max(0, room));
        if (to <= from) break;
        this.line += buf.toString('latin1', from, to);
        from = to;
      }
      if (newline < 0) return;
      this.endLine();
      i = newline + 1;
    }
  }

  private endLine(): void {
    const line = this.line.endsWith('\r') ? this.line.slice(0, -1) : this.line;
    this.line = '';
    if (line === 'data: [DONE]' || line === 'data:[DONE]') this.doneSeen = true;
    else if (line.startsWith('error:') && this.errorLine === null) {
      this.errorLine = Buffer.from(line.slice('error:'.length), 'latin1').toString('utf8').trim();
    }
  }
}

/** The body passed through a BodyWatch, read only as fast as the SDK reads (no read-ahead). */
function watchedBody(
  body: ReadableStream<Uint8Array>,
  watch: BodyWatch,
  wire: WireTiming,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) {
          wire.bodyEndAt ??= performance.now();
          controller.close();
          return;
        }
        const problem = watch.see(value, arrivalOf(wire, watch.bytes + value.byteLength));
        if (problem) {
          controller.error(problem);
          reader.cancel(problem).catch(() => {});
          return;
        }
        controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Mutable record of a check in flight, turned into a CheckResult at the end. */
export class Exchange {
  /** When the check began; the clock's zero until the request is handed to fetch. */
  private t0 = performance.now();
  private sent = false;
  /** What the wire saw of the request (wire.ts, phases.ts). */
  readonly wire = new WireTiming();
  streaming = false;
  bodyLimit = MIB;
  watch: BodyWatch | null = null;
  headersAt: number | null = null;
  firstContentAt: number | null = null;
  lastContentAt: number | null = null;
  contentChunks = 0;
  /** The reply's first CONTENT_KEPT_CHARS characters; the counts below cover all of it. */
  content = '';
  contentBytes = 0;
  reasoningBytes = 0;
  chunks = 0;
  usageChunks = 0;
  usageOnLast = false;
  /** The last usage the server reported, as sent; judged once the reply is in. */
  claimedUsage: ClaimedUsage | null = null;
  private usageSettled = false;
  outputTokens: number | null = null;
  reasoningTokens: number | null = null;
  promptTokens: number | null = null;
  reasoningSeen = false;
  finishReason: string | null = null;
  httpStatus: number | null = null;
  requestId: string | null = null;
  gateway: GatewaySeen | null = null;
  identity: Identity = { model: null, systemFingerprint: null };
  /** What the probe noticed about an answer that it did not take at its word. */
  notes: string[] = [];

  /** TTFT and latency count from the fetch call; the SDK makes exactly one per check (no retries, no redirects). */
  markSent(): void {
    if (this.sent) return;
    this.sent = true;
    this.t0 = performance.now();
  }

  elapsed(at = performance.now()): number {
    return at - this.t0;
  }

  /** Latency, TTFT and phases as the wire saw them (phases.ts `checkTimes`). */
  times(now = performance.now()): ReturnType<typeof checkTimes> {
    return checkTimes(this.wire, this.t0, now);
  }

  /** The response with its body watched (see BodyWatch); bodiless responses pass as they are. */
  watchResponse(response: Response): Response {
    if (!response.body || NULL_BODY_STATUSES.has(response.status) || response.status < 200) return response;
    const watch = new BodyWatch(this.bodyLimit, response.status >= 300, this.streaming && response.ok);
    watch.status = response.status;
    watch.requestId = response.headers.get('x-request-id');
    this.watch = watch;
    // Raw chunks are the body's chunks only when nothing was decompressed.
    if (response.headers.get('content-encoding')) this.wire.arrivals = null;
    return new Response(watchedBody(response.body, watch, this.wire), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }

  /** The server's token count if it can be true, else the counted content chunks, with a note saying why. */
  settleUsage(maxTokens: number): void {
    if (this.usageSettled) return;
    this.usageSettled = true;
    if (!this.claimedUsage) return;
    const judged = judgeUsage(this.claimedUsage, {
      contentChunks: this.contentChunks,
      contentBytes: this.contentBytes,
      reasoningBytes: this.reasoningBytes,
      maxTokens,
    });
    if ('problem' in judged) {
      const instead =
        this.contentChunks > 0
          ? `counted ${this.contentChunks} content chunks instead`
          : 'no token count kept';
      this.notes.push(`the server's usage cannot be true (${judged.problem}); ${instead}`);
      return;
    }
    this.outputTokens = judged.outputTokens;
    this.reasoningTokens = judged.reasoningTokens;
  }
}

/** A check's outcome as its kind found it; runCheck adds the timings and seals it. */
export type Outcome = Partial<CheckResult> & Pick<CheckResult, 'category'>;

/** What a kind gets to send its one request and read its answer, sharing the clock, timers and body watch. */
export interface KindRun {
  client: OpenAI;
  target: Target;
  settings: CheckSettings;
  ex: Exchange;
  secrets: readonly string[];
  /** Our deadline's signal, and no SDK retries: pass to every SDK call. */
  requestOptions: { signal: AbortSignal; maxRetries: 0 };
  /** Runs an SDK call with this check's fetch watching it (the clock starts at its fetch). */
  send<T>(call: () => T): T;
  /** The model has begun answering: (re)starts the idle watchdog. */
  answering(): void;
  /** The timeout failure when one of our timers ended the check, else null. */
  cutFailure(): Outcome | null;
}

/** One kind of check: sends its request through run.send and judges the answer. May throw; runCheck classifies. */
export type KindCheck = (run: KindRun) => Promise<Outcome>;

/**
 * Sends one request of the target's kind (chat, tools, json, embeddings, responses) and records what
 * happened. Never throws: every outcome, including our own deadline and idle watchdog firing, ends in
 * exactly one category.
 */
export async function runCheck(
  client: OpenAI,
  target: Target,
  settings: CheckSettings,
  index: number,
  startDelayMs = 0,
): Promise<CheckResult> {
  const secrets = targetSecrets(target);
  const startedAt = new Date().toISOString();
  const kind = KINDS[target.kind ?? 'chat'];
  const ex = new Exchange();
  ex.streaming = settings.stream && kind.streams;
  ex.bodyLimit = bodyLimit(target.maxTokens);
  const controller = new AbortController();
  let cutBy: CutBy = null;
  const cut = (by: Exclude<CutBy, null>) => {
    cutBy = by;
    controller.abort();
  };
  const deadline = setTimeout(() => cut('deadline'), settings.timeoutMs);
  let idle: NodeJS.Timeout | undefined;

  const result = (fields: Outcome): CheckResult => {
    const { latencyMs, ttftMs, phases } = ex.times();
    ex.settleUsage(target.maxTokens);
    const speed =
      fields.category === 'ok' ? outputSpeed(ex, kind.streams) : { tokensPerSecond: null, speedNote: null };
    return sealResult(
      {
        index,
        startedAt,
        startDelayMs: round(startDelayMs),
        latencyMs,
        ttftMs,
        phases,
        outputTokens: ex.outputTokens ?? (ex.contentChunks > 0 ? ex.contentChunks : null),
        tokensFromServer: ex.outputTokens !== null,
        tokensPerSecond: speed.tokensPerSecond,
        speedNote: speed.speedNote,
        notes: ex.notes,
        promptTokens: ex.promptTokens,
        reasoningTokens: ex.reasoningTokens,
        errorCode: null,
        finishReason: ex.finishReason,
        model: ex.identity.model,
        systemFingerprint: ex.identity.systemFingerprint,
        requestId: ex.requestId,
        gateway: ex.gateway,
        retryAfter: null,
        error: null,
        // The seal redacts, flattens and bounds it; only a bounded start is handed over.
        reply: ex.content
          ? cleanServerText(ex.content.slice(0, 8 * REPLY_SAMPLE_CHARS), secrets).slice(0, REPLY_SAMPLE_CHARS)
          : null,
        ...(target.kind && target.kind !== 'chat' ? { kind: target.kind } : {}),
        ...fields,
        // A failure found after the headers (a stalled stream) still happened on a 200.
        httpStatus: fields.httpStatus ?? ex.httpStatus,
      },
      secrets,
    );
  };

  const run: KindRun = {
    client,
    target,
    settings: { ...settings, stream: ex.streaming },
    ex,
    secrets,
    requestOptions: { signal: controller.signal, maxRetries: 0 },
    send: (call) => checkInFlight.run(ex, call),
    answering: () => {
      // The watchdog starts once the model has begun answering: the wait for the first token is the deadline's.
      clearTimeout(idle);
      idle = setTimeout(() => cut('idle'), settings.idleTimeoutMs);
    },
    cutFailure: () => (cutBy ? timeoutFailure(cutBy, limitOf(cutBy, settings), progress(ex)) : null),
  };

  try {
    return result(await kind.check(run));
  } catch (err) {
    if (cutBy) return result(timeoutFailure(cutBy, limitOf(cutBy, settings), progress(ex)));
    // An error status keeps its category: its body is only read for a message, and only its start is kept.
    if (ex.watch?.tooLarge && ex.watch.status < 300) {
      return result({
        ...tooLarge(ex, ex.streaming),
        httpStatus: ex.watch.status,
        requestId: ex.requestId ?? ex.watch.requestId,
      });
    }
    const failure = classifyError(
      err,
      ex.headersAt !== null,
      secrets,
      ex.watch?.headText(),
      ex.wire.failedCertExpiry,
    );
    // An HTTP error's headers come on the SDK's error: the gateway may say it retried and gave up.
    ex.gateway ??= readGateway((err as { headers?: unknown } | null)?.headers);
    return result({ ...failure, requestId: requestIdOf(err) ?? ex.requestId });
  } finally {
    clearTimeout(deadline);
    clearTimeout(idle);
    // A check that ended early (bad reply, our timers) must not leave its socket streaming.
    controller.abort();
  }
}

/** The top-level `error` of a 200 JSON body that has no content beside it. */
export function errorInstead(data: unknown): unknown {
  if (data === null || typeof data !== 'object') return null;
  const body = data as { error?: unknown; choices?: { message?: { content?: unknown } }[] };
  const content = Array.isArray(body.choices) ? body.choices[0]?.message?.content : undefined;
  return body.error && !(typeof content === 'string' && content !== '') ? body.error : null;
}

export function parsedOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function tooLarge(ex: Exchange, stream: boolean): Pick<CheckResult, 'category' | 'errorCode' | 'error'> {
  const limit = ex.watch?.limit ?? ex.bodyLimit;
  const what = stream ? `stream (after ${ex.contentChunks} content chunks)` : 'reply body';
  return {
    category: 'bad_reply',
    errorCode: 'reply_too_large',
    error: `${what} larger than ${limit / MIB} MiB once decompressed: stopped reading there`,
  };
}

function limitOf(cutBy: Exclude<CutBy, null>, settings: CheckSettings): number {
  return cutBy === 'idle' ? settings.idleTimeoutMs : settings.timeoutMs;
}

function progress(ex: Exchange): string | undefined {
  if (ex.headersAt === null) return 'no response headers';
  if (ex.contentChunks === 0) return 'headers received, no content';
  return `${ex.contentChunks} content chunks received`;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * Tokens per second after the first one: (tokens − 1) over the time from the first to the last
 * content chunk, so the wait for the first token does not dilute the decoding speed. Measured only
 * when at least SPEED_MIN_CHUNKS content chunks arrived spread over SPEED_MIN_SPREAD_MS or more.
 * Chunks that arrive together (a gateway that holds them and flushes at once, a cache replay, one TCP
 * read) time the network, not the model: their spread is well under a millisecond. Two chunks make one
 * gap, which a single delayed packet decides. Over 10 ms, a millisecond of event-loop or network jitter
 * is at most a tenth of the figure, and a 16-token probe of a model at ~1,500 tokens/s is still measured.
 */
function outputSpeed(ex: Exchange, streams: boolean): Pick<CheckResult, 'tokensPerSecond' | 'speedNote'> {
  if (!streams) return { tokensPerSecond: null, speedNote: 'no token stream in this kind of check' };
  if (!ex.streaming) return { tokensPerSecond: null, speedNote: 'not streamed: no token timing' };
  const tokens = ex.outputTokens ?? ex.contentChunks;
  const spread =
    ex.firstContentAt === null || ex.lastContentAt === null ? 0 : ex.lastContentAt - ex.firstContentAt;
  const needs = `needs ${SPEED_MIN_CHUNKS} over ${SPEED_MIN_SPREAD_MS} ms`;
  if (ex.contentChunks < SPEED_MIN_CHUNKS || tokens < 2) {
    return {
      tokensPerSecond: null,
      speedNote: `too few content chunks to measure: ${ex.contentChunks} (${needs})`,
    };
  }
  if (spread < SPEED_MIN_SPREAD_MS) {
    return {
      tokensPerSecond: null,
      speedNote: `too fast to measure: ${ex.contentChunks} content chunks arrived within ${round(spread)} ms (${needs})`,
    };
  }
  return { tokensPerSecond: Math.round(((tokens - 1) / (spread / 1000)) * 10) / 10, speedNote: null };
}

export function noteHeaders(ex: Exchange, response: Response): void {
  ex.headersAt = performance.now();
  ex.httpStatus = response.status;
  ex.requestId = response.headers.get('x-request-id');
  ex.gateway = readGateway(response.headers);
}

function requestIdOf(err: unknown): string | null {
  const id = (err as { requestID?: unknown }).requestID;
  return typeof id === 'string' ? id : null;
}

export function noteIdentity(ex: Exchange, source: { model?: unknown; system_fingerprint?: unknown }): void {
  if (typeof source.model === 'string' && source.model) ex.identity.model = source.model;
  if (typeof source.system_fingerprint === 'string' && source.system_fingerprint) {
    ex.identity.systemFingerprint = source.system_fingerprint;
  }
}

/** Records the usage as claimed; whether it can be true is judged once the whole reply is in. */
export function noteUsage(ex: Exchange, usage: unknown): boolean {
  if (!usage || typeof usage !== 'object') return false;
  const u = usage as {
    completion_tokens?: unknown;
    prompt_tokens?: unknown;
    completion_tokens_details?: { reasoning_tokens?: unknown };
  };
  if (typeof u.prompt_tokens === 'number' && u.prompt_tokens >= 0) ex.promptTokens = u.prompt_tokens;
  if (typeof u.completion_tokens !== 'number') return false;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  ex.claimedUsage = {
    completionTokens: u.completion_tokens,
    reasoningTokens: typeof reasoning === 'number' ? reasoning : null,
  };
  return true;
}

/**
 * A chunk of content arrived: timed when its raw bytes came off the socket (the body watch's readAt),
 * not when the SDK got round to parsing it.
 */
export function markContent(ex: Exchange): void {
  const at = ex.watch?.readAt ?? performance.now();
  ex.firstContentAt ??= at;
  ex.wire.firstContentAt ??= at;
  ex.lastContentAt = at;
  ex.contentChunks++;
}

/** Appends to the kept reply text, up to CONTENT_KEPT_CHARS; a 25 MB reply costs 64 KiB. */
export function keepContent(ex: Exchange, text: string): void {
  ex.contentBytes += Buffer.byteLength(text);
  if (ex.content.length < CONTENT_KEPT_CHARS)
    ex.content += text.slice(0, CONTENT_KEPT_CHARS - ex.content.length);
}
