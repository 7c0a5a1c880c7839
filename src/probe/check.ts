import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { Target } from '../config/types.js';
import { targetSecrets } from '../secrets.js';
import { cleanServerText } from '../text/untrusted.js';
import { type CutBy, classifyError, judgeReply, type ReplyObservation, timeoutFailure } from './classify.js';
import { type GatewaySeen, readGateway } from './gateway.js';
import type { CheckResult } from './result.js';
import { sealResult } from './seal.js';

export interface CheckSettings {
  stream: boolean;
  timeoutMs: number;
  idleTimeoutMs: number;
}

const REPLY_SAMPLE_CHARS = 120;

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
    fetch: (url: string | URL | Request, init?: RequestInit) => {
      checkInFlight.getStore()?.markSent();
      return (fetchImpl ?? fetch)(url, init);
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

/** A fresh random string per check for the prompt's {{nonce}}: no response cache can answer for the model. */
export function promptFor(template: string): string {
  return template.replaceAll('{{nonce}}', () => randomBytes(6).toString('hex'));
}

/** OpenAI's reasoning models refuse `max_tokens`; other servers may not know `max_completion_tokens`. */
function tokenBudget(
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

/** Mutable record of a check in flight, turned into a CheckResult at the end. */
class Exchange {
  /** When the check began; the clock's zero until the request is handed to fetch. */
  private t0 = performance.now();
  private sent = false;
  headersAt: number | null = null;
  firstContentAt: number | null = null;
  lastContentAt: number | null = null;
  contentChunks = 0;
  content = '';
  outputTokens: number | null = null;
  reasoningTokens: number | null = null;
  promptTokens: number | null = null;
  reasoningSeen = false;
  finishReason: string | null = null;
  usageSeen = false;
  httpStatus: number | null = null;
  requestId: string | null = null;
  gateway: GatewaySeen | null = null;
  identity: Identity = { model: null, systemFingerprint: null };

  /** TTFT and latency count from the fetch call; the SDK makes exactly one per check (no retries, no redirects). */
  markSent(): void {
    if (this.sent) return;
    this.sent = true;
    this.t0 = performance.now();
  }

  elapsed(at = performance.now()): number {
    return at - this.t0;
  }
}

/**
 * Sends one chat completion and records what happened. Never throws: every outcome,
 * including our own deadline and idle watchdog firing, ends in exactly one category.
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
  const ex = new Exchange();
  const controller = new AbortController();
  let cutBy: CutBy = null;
  const cut = (by: Exclude<CutBy, null>) => {
    cutBy = by;
    controller.abort();
  };
  const deadline = setTimeout(() => cut('deadline'), settings.timeoutMs);
  let idle: NodeJS.Timeout | undefined;

  const result = (fields: Partial<CheckResult> & Pick<CheckResult, 'category'>): CheckResult => {
    const latencyMs = ex.elapsed();
    const ttftMs = ex.firstContentAt === null ? null : ex.elapsed(ex.firstContentAt);
    return sealResult(
      {
        index,
        startedAt,
        startDelayMs: round(startDelayMs),
        latencyMs: round(latencyMs),
        ttftMs: ttftMs === null ? null : round(ttftMs),
        outputTokens: ex.outputTokens ?? (ex.contentChunks > 0 ? ex.contentChunks : null),
        tokensFromServer: ex.outputTokens !== null,
        promptTokens: ex.promptTokens,
        reasoningTokens: ex.reasoningTokens,
        tokensPerSecond: fields.category === 'ok' ? outputSpeed(ex) : null,
        errorCode: null,
        finishReason: ex.finishReason,
        model: ex.identity.model,
        systemFingerprint: ex.identity.systemFingerprint,
        requestId: ex.requestId,
        gateway: ex.gateway,
        retryAfter: null,
        error: null,
        reply: ex.content ? cleanServerText(ex.content, secrets).slice(0, REPLY_SAMPLE_CHARS) : null,
        ...fields,
        // A failure found after the headers (a stalled stream) still happened on a 200.
        httpStatus: fields.httpStatus ?? ex.httpStatus,
      },
      secrets,
    );
  };

  const base = {
    model: target.model,
    messages: [{ role: 'user' as const, content: promptFor(target.prompt) }],
    ...tokenBudget(target),
    ...(target.reasoningEffort ? { reasoning_effort: target.reasoningEffort } : {}),
  };
  const requestOptions = { signal: controller.signal, maxRetries: 0 };

  try {
    let reply: ReplyObservation;
    if (settings.stream) {
      const { data: stream, response } = await checkInFlight.run(ex, () =>
        client.chat.completions
          .create({ ...base, stream: true, stream_options: { include_usage: true } }, requestOptions)
          .withResponse(),
      );
      noteHeaders(ex, response);
      const contentType = response.headers.get('content-type') ?? '';
      let chunks = 0;
      for await (const chunk of stream) {
        chunks++;
        noteChunk(ex, chunk);
        if (ex.firstContentAt !== null || ex.reasoningSeen) {
          // The watchdog starts once the model has begun answering: the wait for the first token is the deadline's.
          clearTimeout(idle);
          idle = setTimeout(() => cut('idle'), settings.idleTimeoutMs);
        }
      }
      if (cutBy) return result(timeoutFailure(cutBy, limitOf(cutBy, settings), progress(ex)));
      reply = {
        shapeProblem:
          chunks === 0
            ? /event-stream/i.test(contentType)
              ? 'stream ended without a single event'
              : `not an event stream (content-type ${contentType || 'missing'})`
            : null,
        content: ex.content,
        finishReason: ex.finishReason,
        endedProperly: ex.finishReason !== null || ex.usageSeen,
        reasoningTokens: ex.reasoningTokens,
        reasoningSeen: ex.reasoningSeen,
        maxTokens: target.maxTokens,
        expect: target.expect,
      };
    } else {
      const { data, response } = await checkInFlight.run(ex, () =>
        client.chat.completions.create({ ...base, stream: false }, requestOptions).withResponse(),
      );
      noteHeaders(ex, response);
      reply = observeCompletion(ex, data as unknown, response, target, secrets);
    }
    const judged = judgeReply(reply);
    return result({ category: judged.category, error: judged.error });
  } catch (err) {
    if (cutBy) return result(timeoutFailure(cutBy, limitOf(cutBy, settings), progress(ex)));
    const failure = classifyError(err, ex.headersAt !== null, secrets);
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
 * content chunk, so the wait for the first token does not dilute the decoding speed.
 */
function outputSpeed(ex: Exchange): number | null {
  const tokens = ex.outputTokens ?? ex.contentChunks;
  if (ex.firstContentAt === null || ex.lastContentAt === null || tokens < 2) return null;
  const seconds = (ex.lastContentAt - ex.firstContentAt) / 1000;
  if (seconds <= 0) return null;
  return Math.round(((tokens - 1) / seconds) * 10) / 10;
}

function noteHeaders(ex: Exchange, response: Response): void {
  ex.headersAt = performance.now();
  ex.httpStatus = response.status;
  ex.requestId = response.headers.get('x-request-id');
  ex.gateway = readGateway(response.headers);
}

function requestIdOf(err: unknown): string | null {
  const id = (err as { requestID?: unknown }).requestID;
  return typeof id === 'string' ? id : null;
}

function noteIdentity(ex: Exchange, source: { model?: unknown; system_fingerprint?: unknown }): void {
  if (typeof source.model === 'string' && source.model) ex.identity.model = source.model;
  if (typeof source.system_fingerprint === 'string' && source.system_fingerprint) {
    ex.identity.systemFingerprint = source.system_fingerprint;
  }
}

function noteUsage(ex: Exchange, usage: unknown): void {
  if (!usage || typeof usage !== 'object') return;
  const u = usage as {
    completion_tokens?: unknown;
    prompt_tokens?: unknown;
    completion_tokens_details?: { reasoning_tokens?: unknown };
  };
  if (typeof u.prompt_tokens === 'number' && u.prompt_tokens >= 0) ex.promptTokens = u.prompt_tokens;
  if (typeof u.completion_tokens !== 'number') return;
  ex.usageSeen = true;
  const reasoning = u.completion_tokens_details?.reasoning_tokens;
  ex.reasoningTokens = typeof reasoning === 'number' && reasoning > 0 ? reasoning : null;
  // Output speed is about the answer: tokens spent reasoning are not in the content stream.
  ex.outputTokens = u.completion_tokens - (ex.reasoningTokens ?? 0);
}

/** Reasoning text arrives under different names depending on the server (vLLM, DeepSeek, OpenRouter). */
function reasoningText(delta: Record<string, unknown>): string {
  for (const key of ['reasoning_content', 'reasoning']) {
    if (typeof delta[key] === 'string' && delta[key]) return delta[key] as string;
  }
  return '';
}

function noteChunk(ex: Exchange, chunk: ChatCompletionChunk): void {
  const now = performance.now();
  noteIdentity(ex, chunk);
  noteUsage(ex, chunk.usage);
  const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
  if (!choice) return;
  const delta = (choice.delta ?? {}) as Record<string, unknown>;
  if (typeof delta.content === 'string' && delta.content !== '') {
    ex.firstContentAt ??= now;
    ex.lastContentAt = now;
    ex.contentChunks++;
    ex.content += delta.content;
  } else if (reasoningText(delta)) {
    ex.reasoningSeen = true;
  }
  if (choice.finish_reason) ex.finishReason = choice.finish_reason;
}

/** A non-streamed body: the SDK hands back a string for non-JSON and undefined for an empty JSON body. */
function observeCompletion(
  ex: Exchange,
  data: unknown,
  response: Response,
  target: Target,
  secrets: readonly string[],
): ReplyObservation {
  const observation: ReplyObservation = {
    shapeProblem: null,
    content: '',
    finishReason: null,
    endedProperly: true,
    reasoningTokens: null,
    reasoningSeen: false,
    maxTokens: target.maxTokens,
    expect: target.expect,
  };
  if (data === undefined || data === null || data === '') {
    return { ...observation, shapeProblem: 'empty body' };
  }
  if (typeof data === 'string') {
    const contentType = response.headers.get('content-type') ?? 'missing';
    return {
      ...observation,
      shapeProblem: `not JSON (content-type ${contentType}): ${cleanServerText(data, secrets).slice(0, 120)}`,
    };
  }
  const body = data as { choices?: unknown; usage?: unknown; model?: unknown; system_fingerprint?: unknown };
  noteIdentity(ex, body);
  noteUsage(ex, body.usage);
  const choice = Array.isArray(body.choices)
    ? (body.choices[0] as Record<string, unknown> | undefined)
    : undefined;
  const message = choice?.message as Record<string, unknown> | undefined;
  if (!choice || !message)
    return { ...observation, shapeProblem: 'not a chat completion: no choices[0].message' };
  const content = typeof message.content === 'string' ? message.content : '';
  ex.content = content;
  ex.finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
  return {
    ...observation,
    content,
    finishReason: ex.finishReason,
    reasoningSeen: reasoningText(message) !== '',
    reasoningTokens: ex.reasoningTokens,
  };
}
