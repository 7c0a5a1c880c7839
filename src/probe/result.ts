import type { Kind } from '../config/types.js';
import type { NetworkDetail } from './classify.js';
import type { GatewaySeen } from './gateway.js';
import type { CheckPhases } from './phases.js';

/** The outcome of one check. Stable strings: they appear in the report, the summary and the outputs. */
export const CATEGORIES = [
  'ok',
  'rate_limited',
  'server_error',
  'timeout',
  'network',
  'auth',
  'not_found',
  'client_error',
  'empty_reply',
  'bad_reply',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories that point at the configuration (key, model name, base URL) rather than the provider. */
export const CONFIG_CATEGORIES = ['auth', 'not_found'] as const satisfies readonly Category[];

/** What one request did, as it happened: no retries, one deadline. */
export interface CheckResult {
  /** 0-based position of the check in its target's burst. */
  index: number;
  category: Category;
  /** Wall-clock start, ISO 8601. */
  startedAt: string;
  /** How late the check started against its schedule (ms); start-to-start spacing shows here. */
  startDelayMs: number;
  /**
   * From the request being written on its connection to the end of the reply's body (or the failure);
   * from the fetch call when the request never reached a connection. Connection setup is in `phases`.
   */
  latencyMs: number;
  /** From the request being written to the raw chunk holding the first content; null when not streaming or none came. */
  ttftMs: number | null;
  /**
   * Where the time went, phase by phase (src/probe/phases.ts); null when the request never reached a
   * connection. Absent in reports written before phases were recorded.
   */
  phases?: CheckPhases | null;
  /** Output tokens: the server's count when it sent one, else the number of content chunks. */
  outputTokens: number | null;
  /** Prompt tokens the server reported; null when it sent no usage. */
  promptTokens?: number | null;
  /** Reasoning tokens the server reported (not in outputTokens; completion = output + reasoning). */
  reasoningTokens?: number | null;
  /** Whether outputTokens came from the server's usage report. */
  tokensFromServer: boolean;
  /** Output speed after the first token (tokens/s); null when it cannot be measured. */
  tokensPerSecond: number | null;
  /** Why an ok check has no tokensPerSecond (e.g. "too fast to measure: …"); null when it has one or failed. */
  speedNote?: string | null;
  /** What the probe did not take at the server's word (e.g. an impossible usage count, and what it used instead). */
  notes?: string[];
  httpStatus: number | null;
  /** Provider error code (`insufficient_quota`, `overloaded_error`, …) or the network error code. */
  errorCode: string | null;
  finishReason: string | null;
  /** The model name the server says answered. */
  model: string | null;
  systemFingerprint: string | null;
  requestId: string | null;
  /**
   * What a gateway in front of the model said it did (retries, fallback, cache hit); null when no
   * gateway header came. Also kept for failed checks whose error carried headers.
   */
  gateway: GatewaySeen | null;
  /** Seconds the server asked us to wait (429/503), as sent. Recorded, never slept on. */
  retryAfter: string | null;
  /** For a `network` failure, its kind (DNS, refused, TLS, reset, …); absent otherwise. */
  network?: NetworkDetail | null;
  /** Human-readable detail for anything but `ok`; untrusted server text, redacted but not escaped. */
  error: string | null;
  /** A reply text sample (first characters), untrusted. */
  reply: string | null;
  /** What the check asked of the model; absent for chat (and in reports written before kinds). */
  kind?: Kind;
  /** Embeddings: the vector's dimension as received. */
  dimensions?: number | null;
}
