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

/**
 * A thrown error -> one category. `afterHeaders` tells a reply that broke mid-stream
 * (a cut reply: bad_reply) from a request that never got an answer (network).
 */
export function classifyError(err: unknown, afterHeaders: boolean, secrets: readonly string[]): Failure {
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
    return {
      category: 'network',
      httpStatus: null,
      errorCode: code,
      retryAfter: null,
      error: cleanServerText(`connection failed: ${causeMessage(err.cause ?? err)}`, secrets),
    };
  }
  if (err instanceof APIError && err.status === undefined) {
    // An error event inside a 200 stream: the server gave up after it had started.
    return {
      category: 'server_error',
      httpStatus: null,
      errorCode: errorCodeOf(err),
      retryAfter: null,
      error: cleanServerText(`error inside the stream after 200: ${apiErrorText(err)}`, secrets),
    };
  }
  if (err instanceof APIError) {
    const status = err.status as number;
    const code = errorCodeOf(err);
    const text = apiErrorText(err);
    const contentType = err.headers?.get('content-type') ?? '';
    let detail = cleanServerText(text, secrets);
    if (/html/i.test(contentType) || /<\s*html/i.test(text)) detail = `HTML page (a proxy's?): ${detail}`;
    if (status === 429 && (code === 'insufficient_quota' || /quota/i.test(text))) {
      detail = `quota exhausted, not a transient limit: ${detail}`;
    }
    if (status >= 300 && status < 400) {
      // Never followed: a redirect would carry the key to another host.
      const location = err.headers?.get('location') ?? 'nowhere';
      detail = `redirect to ${cleanServerText(location, secrets)} not followed (the key stays with the configured host): check base-url`;
    }
    detail = truncate(detail, ERROR_CHARS);
    return {
      category: categoryOfStatus(status),
      httpStatus: status,
      errorCode: status === 429 && /quota/i.test(text) && !code ? 'insufficient_quota' : code,
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
  return {
    category: 'network',
    httpStatus: null,
    errorCode: networkCode(err),
    retryAfter: null,
    error: cleanServerText(causeMessage(err), secrets),
  };
}

/** What a 2xx reply turned out to contain. */
export interface ReplyObservation {
  /** Why the body could not be read as a completion, if it could not. */
  shapeProblem: string | null;
  content: string;
  finishReason: string | null;
  /** A stream that sent a finish_reason or its usage chunk ended properly; a JSON reply always has. */
  endedProperly: boolean;
  reasoningTokens: number | null;
  reasoningSeen: boolean;
  maxTokens: number;
  expect: string | null;
}

/** A 2xx reply -> ok, or the way it is wrong. Pure. */
export function judgeReply(reply: ReplyObservation): { category: Category; error: string | null } {
  if (reply.shapeProblem) return { category: 'bad_reply', error: reply.shapeProblem };
  if (!reply.endedProperly) {
    return {
      category: 'bad_reply',
      error: 'stream ended before its end: no finish_reason, no usage, no [DONE]',
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
      };
    }
    if (reply.finishReason === 'content_filter') {
      return {
        category: 'empty_reply',
        error: "no content: the provider's content filter stopped the reply",
      };
    }
    return { category: 'empty_reply', error: `no content (finish_reason ${reply.finishReason ?? 'null'})` };
  }
  if (reply.expect !== null && !matchesExpect(reply.expect, reply.content)) {
    return { category: 'bad_reply', error: `reply did not match expect /${reply.expect}/` };
  }
  return { category: 'ok', error: null };
}
