import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { matchesExpect } from '../text/pattern.js';
import { cleanServerText, ERROR_CHARS, truncate } from '../text/untrusted.js';
import type { Category } from './result.js';

export interface Failure {
  category: Category;
  httpStatus: number | null;
  errorCode: string | null;
  retryAfter: string | null;
  error: string;
  /** For a `network` failure: which kind (DNS, refused, TLS, reset, …), a detail of the category. */
  network?: NetworkDetail | null;
}

/** What kind of network failure a check met: details of the `network` category, not categories. */
export const NETWORK_KINDS = ['dns', 'refused', 'tls', 'reset', 'timeout', 'unreachable', 'other'] as const;
export type NetworkKind = (typeof NETWORK_KINDS)[number];

export interface NetworkDetail {
  kind: NetworkKind;
  /** A refused certificate's expiry (as OpenSSL prints it, e.g. `Nov 30 10:06:32 2026 GMT`), when it could be read. */
  certificateExpiry?: string;
}

const TLS_TEXT: Record<string, string> = {
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate is for another host name',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'a self-signed certificate in the chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate chain cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the certificate's issuer is not trusted",
  CERT_REVOKED: 'the certificate was revoked',
};

/**
 * The kind of a network failure from its system or TLS code, with a sentence for people. Pure.
 * `certificateExpiry` is the peer certificate's expiry when the TLS handshake could read it.
 */
export function networkDetail(
  code: string | null,
  certificateExpiry: string | null = null,
): { detail: NetworkDetail; text: string } {
  const c = code ?? '';
  const named = c ? ` (${c})` : '';
  if (/^(ENOTFOUND|EAI_AGAIN|EAI_FAIL|EAI_NONAME|EAI_NODATA)$/.test(c)) {
    const text = c === 'EAI_AGAIN' ? 'the DNS lookup failed for now' : 'the host name does not resolve';
    return { detail: { kind: 'dns' }, text: `DNS failure: ${text}${named}` };
  }
  if (c === 'ECONNREFUSED') {
    return {
      detail: { kind: 'refused' },
      text: `connection refused: nothing accepts connections on that port${named}`,
    };
  }
  if (c in TLS_TEXT || /^(ERR_SSL_|ERR_TLS_|CERT_)/.test(c) || c === 'EPROTO') {
    const expiry = certificateExpiry && /EXPIRED|NOT_YET_VALID/.test(c) ? certificateExpiry : null;
    const detail: NetworkDetail = expiry ? { kind: 'tls', certificateExpiry: expiry } : { kind: 'tls' };
    const what = TLS_TEXT[c] ?? 'the TLS handshake failed';
    const when = expiry
      ? c === 'CERT_HAS_EXPIRED'
        ? `: it expired ${expiry}`
        : `: valid until ${expiry}`
      : '';
    return { detail, text: `TLS failure: ${what}${when}${named}` };
  }
  if (/^(ECONNRESET|EPIPE|UND_ERR_SOCKET|ECONNABORTED)$/.test(c)) {
    return { detail: { kind: 'reset' }, text: `connection reset: the other side closed it${named}` };
  }
  if (/^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT)$/.test(c)) {
    return { detail: { kind: 'timeout' }, text: `connection timed out${named}` };
  }
  if (/^(ENETUNREACH|EHOSTUNREACH|ENETDOWN|EHOSTDOWN|EADDRNOTAVAIL)$/.test(c)) {
    return { detail: { kind: 'unreachable' }, text: `network unreachable${named}` };
  }
  return { detail: { kind: 'other' }, text: `connection failed${named}` };
}

/** Which of our two timers ended the check, if one did. */
export type CutBy = 'deadline' | 'idle' | null;

function categoryOfStatus(status: number): Category {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status >= 500) return 'server_error';
  return 'client_error';
}

/** Walks `cause` chains for a system error code (ECONNREFUSED, ENOTFOUND, UND_ERR_SOCKET, CERT_…). */
export function networkCode(err: unknown): string | null {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function causeMessage(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current.message && !parts.includes(current.message)) parts.push(current.message);
    current = current.cause;
  }
  return parts.join(': ') || String(err);
}

function apiErrorText(err: APIError): string {
  const body = err.error as { message?: unknown } | undefined;
  if (body && typeof body === 'object' && typeof body.message === 'string') return body.message;
  // Non-JSON error bodies arrive as "<status> <raw body>".
  return err.message.replace(/^\d{3}\s*/, '');
}

function errorCodeOf(err: APIError): string | null {
  const body = err.error as { code?: unknown; type?: unknown } | undefined;
  const code = err.code ?? body?.code ?? err.type ?? body?.type;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : null;
}

/** What an error body or error event says, whatever shape the server gave it. */
export interface ErrorAccount {
  /** The informative texts it holds, distinct, joined by ": "; '' when it holds none. */
  text: string;
  /** The error's code as sent (a word or a number), else its type. */
  errorCode: string | null;
  /** An HTTP status the error carries itself (a `code`, `status` or `http_status_code` of 100–599). */
  status: number | null;
  /** Where that status came from: TGI's `http_status_code` is always 422, whatever went wrong. */
  statusField: string | null;
  /** Symbolic words it carries (code, type, error_type), to read a status from when it has none. */
  words: string[];
}

/** A number, or an all-digit string, that can be an HTTP status. */
function statusOf(value: unknown): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{3}$/.test(value.trim())
        ? Number(value)
        : NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : null;
}

/** A symbolic word; LiteLLM writes a missing type as the string "None", Anthropic's envelope says "error". */
function wordOf(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const word = value.trim();
  return word && !/^\d+$/.test(word) && !/^(none|null|error)$/i.test(word) ? word : null;
}

/** FastAPI's validation detail: `[{loc: ["body", "messages"], msg: "field required"}]`. */
function detailListText(detail: unknown[]): string {
  return detail
    .slice(0, 5)
    .map((item) => {
      if (typeof item === 'string') return item;
      const { loc, msg } = (item ?? {}) as { loc?: unknown; msg?: unknown };
      const where = Array.isArray(loc) ? loc.join('.') : '';
      const what = typeof msg === 'string' ? msg : JSON.stringify(item);
      return where ? `${where}: ${what}` : what;
    })
    .join('; ');
}

/** Keeps each text once: one that another already says is dropped, one that says more replaces it. */
function distinctTexts(texts: string[]): string[] {
  const kept: string[] = [];
  for (const raw of texts) {
    const text = raw.trim();
    if (!text) continue;
    const lower = text.toLowerCase();
    if (kept.some((k) => k.toLowerCase().includes(lower))) continue;
    for (let i = kept.length - 1; i >= 0; i--) if (lower.includes(kept[i]!.toLowerCase())) kept.splice(i, 1);
    kept.push(text);
  }
  return kept;
}

/**
 * Reads an error in any of the shapes servers use (docs/fault-catalogue.md has the list): `error` as a
 * string or an object (OpenAI, vLLM, llama.cpp, LiteLLM, OpenRouter, Azure), a flat `{object:"error",
 * message, code}` (old vLLM, SGLang), `message` beside a string `error` (some proxies), `detail` as a string
 * or FastAPI's list, Cloudflare's `errors[]`, Portkey's `{status:"failure", message}`, TGI's `error_type`,
 * OpenRouter's `metadata.raw`. The nested error speaks first; every distinct text is kept.
 */
export function describeErrorPayload(payload: unknown): ErrorAccount {
  const texts: string[] = [];
  const words: string[] = [];
  let code: string | null = null;
  let status: number | null = null;
  let statusField: string | null = null;
  const visit = (value: unknown, depth: number): void => {
    if (depth > 3 || value === null || value === undefined) return;
    if (typeof value === 'string') {
      texts.push(value);
      return;
    }
    if (typeof value !== 'object' || Array.isArray(value)) return;
    const o = value as Record<string, unknown>;
    visit(o.error, depth + 1);
    for (const key of ['message', 'msg', 'detail']) {
      const v = o[key];
      if (typeof v === 'string') texts.push(v);
      else if (key === 'detail' && Array.isArray(v)) texts.push(detailListText(v));
      else if (v && typeof v === 'object') texts.push(JSON.stringify(v));
    }
    if (Array.isArray(o.errors)) for (const e of o.errors.slice(0, 5)) visit(e, depth + 1);
    const metadata = o.metadata as { raw?: unknown } | undefined;
    if (typeof metadata?.raw === 'string') texts.push(metadata.raw);
    for (const key of ['code', 'type', 'error_type']) {
      const word = wordOf(o[key]);
      if (word) words.push(word);
    }
    if (
      (typeof o.code === 'number' || typeof o.code === 'string') &&
      code === null &&
      String(o.code).trim()
    ) {
      code = String(o.code).trim();
    }
    for (const key of ['code', 'status', 'http_status_code', 'status_code']) {
      const found = statusOf(o[key]);
      if (found !== null && status === null) {
        status = found;
        statusField = key;
      }
    }
  };
  visit(payload, 0);
  return {
    text: distinctTexts(texts).join(': '),
    errorCode: code ?? words[0] ?? null,
    status,
    statusField,
    words,
  };
}

/** An error body as received (JSON of any shape, an SSE `data:` line as LiteLLM sends, or plain text). */
export function describeErrorBody(raw: string): ErrorAccount {
  let text = raw.trim();
  // LiteLLM answers a failed stream with the error status and an SSE body.
  const sse = /^data:\s?(.*)$/m.exec(text);
  if (text.startsWith('data:') && sse?.[1]) text = sse[1].trim();
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') return describeErrorPayload(parsed);
    if (typeof parsed === 'string') text = parsed;
  } catch {
    // not JSON: the text itself
  }
  return { text, errorCode: null, status: null, statusField: null, words: [] };
}

/** Symbolic codes and types that say which HTTP status the error stands for. */
const WORD_STATUSES: [RegExp, number][] = [
  [/^insufficient_quota$/i, 429],
  [/rate_?limit|throttl|too_many_requests/i, 429],
  [/^(invalid_api_key|authentication_?error|unauthorized|invalid_authentication)$/i, 401],
  [/^(permission_?error|permission_?denied(_?error)?|forbidden)$/i, 403],
  [/^(model_not_found|not_?found(_?error)?|deployment_?not_?found)$/i, 404],
  [
    /^(invalid_request_error|bad_?request(_?error)?|context_length_exceeded|content_filter|exceed_context_size_error|validation|unprocessable_?entity(_?error)?)$/i,
    400,
  ],
];

/** The HTTP status an error without one stands for: its own number first, then its words. */
export function statusOfAccount(account: ErrorAccount): number | null {
  // TGI's OpenAI routes write every failure as 422; an overload there is its HTTP 429.
  if (
    account.statusField === 'http_status_code' &&
    account.status === 422 &&
    /overloaded/i.test(account.text)
  ) {
    return 429;
  }
  if (account.status !== null) return account.status;
  for (const word of account.words) {
    for (const [pattern, status] of WORD_STATUSES) if (pattern.test(word)) return status;
  }
  return null;
}

function isQuota(code: string | null, account: { words: string[] }, text: string): boolean {
  return code === 'insufficient_quota' || account.words.includes('insufficient_quota') || /quota/i.test(text);
}

/**
 * An error a server sent after its 200: inside the stream (an `{"error": …}` event, OpenRouter's error chunk,
 * a flat vLLM error object, old llama.cpp's `error:` line) or as a 200 JSON body. Classified by the status it
 * carries (or its code's meaning) exactly as the same error would be as an HTTP reply; without either, the
 * server gave up after it had started: server_error.
 */
export function classifyErrorPayload(
  payload: unknown,
  where: 'stream' | 'reply',
  secrets: readonly string[],
): Failure {
  const account = describeErrorPayload(payload);
  const status = statusOfAccount(account);
  const category = status === null ? 'server_error' : categoryOfStatus(status);
  let text = account.text || 'no message';
  let errorCode = account.errorCode;
  if (category === 'rate_limited' && isQuota(errorCode, account, text)) {
    text = `quota exhausted, not a transient limit: ${text}`;
    errorCode ??= 'insufficient_quota';
  }
  const prefix = where === 'stream' ? 'error inside the stream after 200' : 'error in a 200 reply';
  return {
    category,
    httpStatus: null,
    errorCode,
    retryAfter: null,
    error: cleanServerText(`${prefix}: ${text}`, secrets),
  };
}

function retryAfterOf(headers: Headers | undefined): string | null {
  const ms = headers?.get('retry-after-ms');
  if (ms) return String(Number(ms) / 1000);
  return headers?.get('retry-after') ?? null;
}

const TIMEOUT_TEXT: Record<Exclude<CutBy, null>, (ms: number) => string> = {
  deadline: (ms) => `no complete reply within the ${ms / 1000} s timeout`,
  idle: (ms) => `stream went silent for ${ms / 1000} s (idle-timeout) after it had started`,
};

export function timeoutFailure(cutBy: Exclude<CutBy, null>, limitMs: number, detail?: string): Failure {
  return {
    category: 'timeout',
    httpStatus: null,
    errorCode: cutBy === 'idle' ? 'stream_idle' : 'deadline',
    retryAfter: null,
    error: detail ? `${TIMEOUT_TEXT[cutBy](limitMs)} (${detail})` : TIMEOUT_TEXT[cutBy](limitMs),
  };
}

/** The detail of an error that says the model is gone: providers answer a retired model as a missing one. */
export const MODEL_GONE = 'model not found: retired or misspelled?';

/**
 * Whether an error says the model does not exist or was retired: a 404 or 410 whose code or message says
 * so (OpenAI, Groq and vLLM `model_not_found`, Ollama `model "x" not found`, Gemini `models/x is not
 * found`, Azure `DeploymentNotFound`), or any status whose code says decommissioned or deprecated (Groq
 * answers a decommissioned model with 400 `model_decommissioned`). A 404 of a wrong base URL says nothing
 * of a model, and is left as it is.
 */
export function modelGone(status: number, code: string | null, text: string): boolean {
  if (code !== null && /decommission|deprecat|retired/i.test(code)) return true;
  if (status !== 404 && status !== 410) return false;
  if (code !== null && /^(model_not_found|deployment_?not_?found)$/i.test(code)) return true;
  return (
    /\b(models?|deployments?)\b/i.test(text) &&
    /not found|does not exist|not exist|deprecated|decommissioned|retired|no longer (available|supported)/i.test(
      text,
    )
  );
}

/**
 * A thrown error -> one category. `afterHeaders` tells a reply that broke mid-stream
 * (a cut reply: bad_reply) from a request that never got an answer (network).
 */
export function classifyError(
  err: unknown,
  afterHeaders: boolean,
  secrets: readonly string[],
  /** The error reply's body as received (its first 64 KiB), when the client kept it. */
  rawBody?: string | null,
  /** A refused TLS certificate's expiry, when the handshake read one (wire.ts). */
  certificateExpiry?: string | null,
): Failure {
  if (err instanceof APIConnectionTimeoutError) {
    return {
      category: 'timeout',
      httpStatus: null,
      errorCode: 'deadline',
      retryAfter: null,
      error: 'request timed out',
    };
  }
  if (err instanceof APIUserAbortError) {
    return {
      category: 'timeout',
      httpStatus: null,
      errorCode: 'aborted',
      retryAfter: null,
      error: 'request aborted',
    };
  }
  if (err instanceof APIConnectionError) {
    const code = networkCode(err.cause) ?? networkCode(err);
    const { detail, text } = networkDetail(code, certificateExpiry);
    return {
      category: 'network',
      httpStatus: null,
      errorCode: code,
      retryAfter: null,
      error: cleanServerText(`${text}: ${causeMessage(err.cause ?? err)}`, secrets),
      network: detail,
    };
  }
  if (err instanceof APIError && err.status === undefined) {
    // An error event inside a 200 stream: the SDK throws it with the event's `error` (or the event itself).
    return classifyErrorPayload(err.error ?? err.message, 'stream', secrets);
  }
  if (err instanceof APIError) {
    const status = err.status as number;
    // The SDK keeps only the body's `error`; the body as received says more (message beside error, detail, errors[]).
    const account = rawBody ? describeErrorBody(rawBody) : null;
    const code = account?.errorCode ?? errorCodeOf(err);
    const text = account?.text || apiErrorText(err);
    const contentType = err.headers?.get('content-type') ?? '';
    let detail = cleanServerText(text, secrets);
    if (/html/i.test(contentType) || /<\s*html/i.test(text)) detail = `HTML page (a proxy's?): ${detail}`;
    const quota = status === 429 && isQuota(code, account ?? { words: [] }, text);
    if (quota) detail = `quota exhausted, not a transient limit: ${detail}`;
    if (status >= 300 && status < 400) {
      // Never followed: a redirect would carry the key to another host.
      const location = err.headers?.get('location') ?? 'nowhere';
      detail = `redirect to ${cleanServerText(location, secrets)} not followed (the key stays with the configured host): check base-url`;
    }
    const gone = modelGone(status, code, text);
    if (gone) detail = `${MODEL_GONE}: ${detail}`;
    detail = truncate(detail, ERROR_CHARS);
    return {
      category: gone && status === 410 ? 'not_found' : categoryOfStatus(status),
      httpStatus: status,
      errorCode: quota && !code ? 'insufficient_quota' : code,
      retryAfter: retryAfterOf(err.headers),
      error: detail,
    };
  }
  if (err instanceof SyntaxError) {
    return {
      category: 'bad_reply',
      httpStatus: null,
      errorCode: 'malformed_json',
      retryAfter: null,
      error: cleanServerText(err.message, secrets),
    };
  }
  if (afterHeaders) {
    return {
      category: 'bad_reply',
      httpStatus: null,
      errorCode: networkCode(err) ?? 'stream_cut',
      retryAfter: null,
      error: cleanServerText(`reply cut off: ${causeMessage(err)}`, secrets),
    };
  }
  const code = networkCode(err);
  const { detail, text } = networkDetail(code, certificateExpiry);
  return {
    category: 'network',
    httpStatus: null,
    errorCode: code,
    retryAfter: null,
    error: cleanServerText(`${text}: ${causeMessage(err)}`, secrets),
    network: detail,
  };
}

/** How a stream ended, as far as the client could see. */
export interface StreamEnd {
  /** Events the SDK handed over (the `[DONE]` sentinel not counted). */
  chunks: number;
  contentChunks: number;
  /** Chunks that carried a usage object, and whether the last one did. */
  usageChunks: number;
  usageOnLast: boolean;
  /** `data: [DONE]` arrived (seen on the raw bytes: the SDK swallows it). */
  doneSeen: boolean;
}

/** What a 2xx reply turned out to contain. */
export interface ReplyObservation {
  /** Why the body could not be read as a completion, if it could not. */
  shapeProblem: string | null;
  /** The reply's text (its first 64 KiB: enough for `expect`, bounded however long the reply). */
  content: string;
  finishReason: string | null;
  /** How the stream ended; null for a JSON reply, which is whole once it parses. */
  stream: StreamEnd | null;
  reasoningTokens: number | null;
  reasoningSeen: boolean;
  maxTokens: number;
  expect: string | null;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function usageSeen(end: StreamEnd): string {
  if (end.usageChunks === 0) return 'no usage';
  if (end.usageChunks === end.chunks) return 'usage seen on every chunk';
  if (end.usageChunks === 1 && end.usageOnLast) return 'usage seen on the last chunk only';
  return `usage seen on ${end.usageChunks} of ${end.chunks} chunks`;
}

/**
 * A reply is complete only with a finish_reason. Not `[DONE]` (vLLM and TGI write it after an error event,
 * a gateway that lost its upstream closes cleanly with it), and not usage (vLLM's continuous_usage_stats
 * and gateways put usage on every chunk). Not even a final usage-only chunk after the last content with no
 * finish_reason anywhere: no server we know of ends a successful stream that way, and Ollama's OpenAI layer
 * ends exactly so when it has dropped a mid-stream error.
 */
export function incompleteStream(end: StreamEnd, finishReason: string | null): string | null {
  if (finishReason !== null) return null;
  return `stream ended before its end: no finish_reason after ${plural(end.contentChunks, 'content chunk')} (${
    end.doneSeen ? '[DONE] seen' : 'no [DONE]'
  }, ${usageSeen(end)})`;
}

/** A 2xx reply -> ok, or the way it is wrong. Pure. */
export function judgeReply(reply: ReplyObservation): {
  category: Category;
  error: string | null;
  errorCode: string | null;
} {
  if (reply.shapeProblem) return { category: 'bad_reply', error: reply.shapeProblem, errorCode: null };
  const incomplete = reply.stream ? incompleteStream(reply.stream, reply.finishReason) : null;
  if (incomplete) return { category: 'bad_reply', error: incomplete, errorCode: 'no_finish_reason' };
  if (reply.finishReason === 'error') {
    // OpenRouter's error chunk and vLLM's internal value: the server says it failed, whatever came before.
    return {
      category: 'server_error',
      error: 'the server ended the reply with finish_reason error',
      errorCode: 'finish_reason_error',
    };
  }
  if (reply.content.trim() === '') {
    if (reply.finishReason === 'length') {
      const reasoning = reply.reasoningTokens
        ? `; ${reply.reasoningTokens} went to reasoning`
        : reply.reasoningSeen
          ? '; the model was still reasoning'
          : '';
      return {
        category: 'empty_reply',
        error: `no content: the ${reply.maxTokens}-token budget ran out (finish_reason length${reasoning}); raise max-tokens`,
        errorCode: null,
      };
    }
    if (reply.finishReason === 'content_filter') {
      return {
        category: 'empty_reply',
        error: "no content: the provider's content filter stopped the reply",
        errorCode: null,
      };
    }
    return {
      category: 'empty_reply',
      error: `no content (finish_reason ${reply.finishReason ?? 'null'})`,
      errorCode: null,
    };
  }
  if (reply.expect !== null && !matchesExpect(reply.expect, reply.content)) {
    return { category: 'bad_reply', error: `reply did not match expect /${reply.expect}/`, errorCode: null };
  }
  return { category: 'ok', error: null, errorCode: null };
}

/** The usage a server reported, as sent (numbers of any sign or size). */
export interface ClaimedUsage {
  completionTokens: number;
  reasoningTokens: number | null;
}

/** What the client itself received, to hold the claim against. */
export interface ReceivedText {
  contentChunks: number;
  /** UTF-8 bytes of content and of visible reasoning text, over the whole reply. */
  contentBytes: number;
  reasoningBytes: number;
  maxTokens: number;
}

/** Tokens a reply may spend beyond one per byte of text it shows: end-of-turn and other special tokens. */
const SPECIAL_TOKEN_SLACK = 16;

/**
 * The server's token count, if it can be true. A count is impossible when it is not a whole number ≥ 0,
 * when reasoning exceeds the total, when content arrived but no answer token was counted, when there are
 * more answer tokens than bytes of text received (every token carries at least one byte; a few special
 * tokens carry none), or when the total is beyond both twice the budget and the text received (hidden
 * reasoning can only be checked against the budget; twice it spares servers that count the budget apart
 * from reasoning). Pure.
 */
export function judgeUsage(
  claim: ClaimedUsage,
  seen: ReceivedText,
): { outputTokens: number; reasoningTokens: number | null } | { problem: string } {
  const { completionTokens: total, reasoningTokens: reasoning } = claim;
  const whole = (n: number) => Number.isInteger(n) && n >= 0 && n <= 1e9;
  if (!whole(total)) return { problem: `completion_tokens ${total} is not a whole number ≥ 0` };
  if (reasoning !== null && !whole(reasoning)) {
    return { problem: `reasoning_tokens ${reasoning} is not a whole number ≥ 0` };
  }
  if (reasoning !== null && reasoning > total) {
    return { problem: `reasoning_tokens ${reasoning} exceed completion_tokens ${total}` };
  }
  const answer = total - (reasoning ?? 0);
  if (seen.contentChunks > 0 && answer === 0) {
    return { problem: `0 answer tokens for ${plural(seen.contentChunks, 'content chunk')}` };
  }
  const textBytes = seen.contentBytes + seen.reasoningBytes;
  if (answer > textBytes + SPECIAL_TOKEN_SLACK) {
    return { problem: `${answer} answer tokens for ${plural(textBytes, 'byte')} of text` };
  }
  if (total > Math.max(2 * seen.maxTokens, textBytes) + SPECIAL_TOKEN_SLACK) {
    return {
      problem: `completion_tokens ${total} for a ${seen.maxTokens}-token budget and ${plural(textBytes, 'byte')} of text`,
    };
  }
  return { outputTokens: answer, reasoningTokens: reasoning !== null && reasoning > 0 ? reasoning : null };
}
