/**
 * The network edge of the metrics: one PUT per target to a Prometheus Pushgateway.
 * Never throws: a failed push is a warning for the caller, the verdict stands.
 */

import { publicUrl } from '../report/build.js';
import type { Report } from '../report/model.js';
import { pushAuthSecrets } from '../secrets.js';
import { plain, redact, truncate } from '../text/untrusted.js';
import { METRICS_CONTENT_TYPE, renderMetrics } from './prometheus.js';

export type PushAuth = { username: string; password: string } | { bearer: string };

/** The labels besides `job` that name a push's group; one group per target and location. */
export interface PushGrouping {
  target: string;
  location: string;
}

export interface PushOptions {
  /** Base URL of the Pushgateway, e.g. https://pushgateway.example.com:9091 (user:password@ is read as basic auth). */
  url: string;
  job: string;
  grouping: PushGrouping;
  /** Text exposition format, as renderMetrics writes it. */
  body: string;
  auth?: PushAuth;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

export interface PushResult {
  ok: boolean;
  /** HTTP status of the answer; null when none came (network error, timeout, bad URL). */
  status: number | null;
  /** What went wrong, naming the Pushgateway (scheme, host, path: no credentials); null when ok. */
  error: string | null;
}

export const DEFAULT_PUSH_TIMEOUT_MS = 10_000;

/** Values a path segment can carry as they are; anything else goes base64, the Pushgateway's own escape. */
const PLAIN_SEGMENT = /^[A-Za-z0-9_.:~-]+$/;

/**
 * One grouping label as URL path segments. Base64url (`name@base64/…`) for what a plain segment
 * cannot carry: a `/`, an empty value (written `=`), `.` and `..` (which URL parsing would resolve
 * away), and any other character, so no target name can change the path.
 */
function labelSegments(name: string, value: string): string {
  if (PLAIN_SEGMENT.test(value) && value !== '.' && value !== '..') return `${name}/${value}`;
  const encoded = value === '' ? '=' : Buffer.from(value, 'utf8').toString('base64url');
  return `${name}@base64/${encoded}`;
}

/** `/metrics/job/<job>/target/<target>/location/<location>`, each value encoded. */
export function groupingPath(job: string, grouping: PushGrouping): string {
  return `/metrics/${labelSegments('job', job)}/${labelSegments('target', grouping.target)}/${labelSegments('location', grouping.location)}`;
}

function authorization(auth: PushAuth | undefined): string | null {
  if (auth === undefined) return null;
  if ('bearer' in auth) return `Bearer ${auth.bearer}`;
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
}

const HINTS: Record<number, string> = {
  400: ' (the Pushgateway rejected the metrics; its reason follows)',
  401: ' (check the Pushgateway credentials)',
  403: ' (check the Pushgateway credentials)',
  404: ' (check that pushgateway-url is the base URL, without /metrics)',
};

/** URL userinfo is percent-encoded; a stray `%` is taken as it is rather than thrown on. */
function decodedUserinfo(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function failure(status: number | null, error: string, secrets: readonly string[]): PushResult {
  return { ok: false, status, error: redact(error, secrets) };
}

/**
 * PUT replaces the whole group, so a figure this run leaves out (no success, no latency) does not
 * linger from the previous run as POST would let it.
 */
export async function pushMetrics(options: PushOptions): Promise<PushResult> {
  const { job, grouping, body, fetch = globalThis.fetch, timeoutMs = DEFAULT_PUSH_TIMEOUT_MS } = options;
  let auth = options.auth;
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    // The value itself may hold credentials: never echo it.
    return { ok: false, status: null, error: 'pushgateway-url is not a URL: expected http(s)://host:port.' };
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    return {
      ok: false,
      status: null,
      error: `pushgateway-url has the scheme "${base.protocol.slice(0, -1)}": expected http:// or https://, such as http://pushgateway:9091.`,
    };
  }
  if (auth === undefined && (base.username !== '' || base.password !== '')) {
    auth = { username: decodedUserinfo(base.username), password: decodedUserinfo(base.password) };
  }
  base.username = '';
  base.password = '';
  const secrets = pushAuthSecrets(auth);
  const shown = publicUrl(base.href);
  const endpoint = new URL(base.href);
  endpoint.pathname = `${base.pathname.replace(/\/+$/, '')}${groupingPath(job, grouping)}`;

  const headers: Record<string, string> = { 'content-type': METRICS_CONTENT_TYPE };
  const authHeader = authorization(auth);
  if (authHeader !== null) headers.authorization = authHeader;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // Redirects are not followed: they would carry the credentials to wherever the answer points.
    const response = await fetch(endpoint, { method: 'PUT', headers, body, signal, redirect: 'manual' });
    const text = await response.text();
    if (response.status === 200 || response.status === 202)
      return { ok: true, status: response.status, error: null };
    const reason = truncate(plain(text), 500);
    const redirect = response.status >= 300 && response.status < 400 ? ' (redirects are not followed)' : '';
    return failure(
      response.status,
      `The Pushgateway at ${shown} answered ${response.status} ${response.statusText}${HINTS[response.status] ?? redirect}${reason ? `: ${reason}` : ''}`,
      secrets,
    );
  } catch (err) {
    if (signal.aborted)
      return failure(null, `No answer from the Pushgateway at ${shown} within ${timeoutMs} ms.`, secrets);
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (err as Error).message;
    return failure(null, `Could not reach the Pushgateway at ${shown}: ${detail}.`, secrets);
  }
}

export interface ReportPushOptions {
  url: string;
  job: string;
  /** Where the probe ran; keep it stable from run to run (see docs/prometheus.md). */
  location: string;
  auth?: PushAuth;
  fetch?: typeof globalThis.fetch;
  timeoutMs?: number;
}

/** Pushes every target of the report, one group each, side by side; one result per target, in order. */
export async function pushReportMetrics(
  report: Report,
  options: ReportPushOptions,
): Promise<{ target: string; result: PushResult }[]> {
  const { job, location } = options;
  return Promise.all(
    report.targets.map(async (target) => {
      let body: string;
      try {
        body = renderMetrics(report, target, { job, location });
      } catch (err) {
        // Never throws, even on a bug here: the push is a side channel, the verdict must stand.
        const error = `Could not write the metrics of ${target.name}: ${(err as Error).message}`;
        return { target: target.name, result: { ok: false, status: null, error } };
      }
      return {
        target: target.name,
        result: await pushMetrics({ ...options, grouping: { target: target.name, location }, body }),
      };
    }),
  );
}
