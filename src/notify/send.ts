/**
 * Delivering one message to one channel: a POST with a deadline, a small number of tries, and every
 * fault turned into a sentence with no URL in it (webhook URLs are credentials). A 429 waits as its
 * Retry-After asks (capped); a 5xx or a refused connection is tried again. A timeout or a connection
 * lost after the request went out is tried again only where the far end can tell a repeat (the generic
 * webhook's Idempotency-Key): Slack, Discord and Teams webhooks cannot, and a second message is worse
 * than a missing one (the issue still has it).
 */
import { redact } from '../text/untrusted.js';

export interface Delivery {
  channel: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Whether the far end drops a repeat of the same delivery (so an uncertain try may be repeated). */
  idempotent: boolean;
}

export interface DeliveryResult {
  ok: boolean;
  tries: number;
  /** Why it failed, free of the URL and every secret; null when it went through. */
  error: string | null;
}

export interface SendOptions {
  timeoutMs: number;
  tries: number;
  /** Base wait between tries, doubled each time; Retry-After replaces it (up to maxWaitMs). */
  backoffMs: number;
  maxWaitMs: number;
  secrets: readonly string[];
  fetch?: typeof fetch;
}

export const SEND_DEFAULTS: Omit<SendOptions, 'secrets'> = {
  timeoutMs: 10_000,
  tries: 3,
  backoffMs: 500,
  maxWaitMs: 30_000,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Connection faults that happen before the request is out: nothing reached the far end. */
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'CERT_HAS_EXPIRED',
]);

function causeCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } }).cause;
  return typeof cause?.code === 'string' ? cause.code : '';
}

export async function deliver(d: Delivery, options: SendOptions): Promise<DeliveryResult> {
  const doFetch = options.fetch ?? fetch;
  const clean = (text: string) => redact(text, options.secrets).slice(0, 300);
  let lastError = 'not sent';
  for (let attempt = 1; attempt <= options.tries; attempt++) {
    let wait = options.backoffMs * 2 ** (attempt - 1);
    try {
      const response = await doFetch(d.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'llm-heartbeat', ...d.headers },
        body: d.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      const text = (await response.text().catch(() => '')).slice(0, 2000);
      if (response.ok) return { ok: true, tries: attempt, error: null };
      lastError = `HTTP ${response.status}${text ? `: ${clean(text.replace(/\s+/g, ' ').trim())}` : ''}`;
      if (response.status === 429) {
        wait = retryAfterMs(response.headers.get('retry-after')) ?? wait;
        if (wait > options.maxWaitMs)
          return {
            ok: false,
            tries: attempt,
            error: `${lastError} (asked to wait ${Math.ceil(wait / 1000)} s: given up)`,
          };
      } else if (response.status < 500) {
        // 3xx (no redirect is followed: it would carry the body elsewhere) and 4xx: a repeat would fail alike.
        return { ok: false, tries: attempt, error: lastError };
      }
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      const code = causeCode(err);
      lastError = timedOut
        ? `no answer within ${options.timeoutMs / 1000} s`
        : `connection failed${code ? ` (${code})` : ''}`;
      // The request may have arrived: repeat it only where the far end drops repeats.
      if (!d.idempotent && !NOT_SENT.has(code))
        return {
          ok: false,
          tries: attempt,
          error: `${lastError}; not tried again, as a repeat could post twice`,
        };
    }
    if (attempt < options.tries) await sleep(Math.min(wait, options.maxWaitMs));
  }
  return { ok: false, tries: options.tries, error: lastError };
}
