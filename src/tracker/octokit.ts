/**
 * The GitHub client the tracker uses: Octokit from @actions/github (proxy-aware), with bounded retries.
 * GitHub faults must never hold up the job summary, so every wait has a ceiling.
 */
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type Bottleneck from 'bottleneck';

export type GitHubClient = ReturnType<typeof getOctokit>;

/** A wait GitHub asks for (retry-after, rate-limit reset) is obeyed only when it is at most this long… */
export const MAX_WAIT_SECONDS = 60;
/** …at most once per request and this many times per run; otherwise the tracker gives up with a warning. */
export const MAX_WAITS_PER_RUN = 2;
/**
 * 5xx and network failures are retried this many times (after 1 s, then 4 s). Creates and comments pass
 * 0: the tracker looks for a write that may have gone through before sending it again (github.ts).
 */
export const SERVER_ERROR_RETRIES = 2;
/** The tracker's whole conversation with GitHub ends within this, so the summary is never lost to a hang. */
export const TRACKER_DEADLINE_MS = 120_000;

export interface GitHubClientOptions {
  /** GITHUB_API_URL: https://api.github.com, a GHES URL, or a test's loopback server. */
  baseUrl: string;
  /** Where to say that the tracker waits; core.info in the action. */
  log?: (message: string) => void;
  /** Milliseconds per second of waiting (retry-after and backoff): 1000, except in tests. */
  secondMs?: number;
  deadlineMs?: number;
  /**
   * The throttling plugin spaces writes 1 s apart, and creates and comments (they notify people) 3 s
   * apart, as GitHub asks of integrations. Tests hand in quicker queues; the action never does.
   */
  writeQueues?: { write: Bottleneck.Group; notifications: Bottleneck.Group };
}

/** Rate limits and secondary rate limits: GitHub answered 403 or 429 and said how long to wait. */
type WaitDecision = (
  retryAfterSeconds: number,
  request: { method: string; url: string },
  octokit: unknown,
  retryCount: number,
) => boolean;

/** Milliseconds per second of waiting, by client (tests shrink it). */
const secondMsOf = new WeakMap<object, number>();

/** How long to wait before the `retry`-th resend of a write (1 s, then 4 s), the way the retry plugin waits. */
export function retryDelayMs(octokit: GitHubClient, retry: number): number {
  return (secondMsOf.get(octokit) ?? 1000) * retry ** 2;
}

export function createGitHubClient(token: string, options: GitHubClientOptions): GitHubClient {
  const log = options.log ?? (() => {});
  const secondMs = options.secondMs ?? 1000;
  let waits = 0;
  const mayWait =
    (what: string): WaitDecision =>
    (retryAfter, request, _octokit, retryCount) => {
      if (retryCount > 0 || waits >= MAX_WAITS_PER_RUN || retryAfter > MAX_WAIT_SECONDS) return false;
      waits++;
      log(
        `GitHub ${what} on ${request.method} ${request.url}: waiting ${retryAfter} s as asked, then once more.`,
      );
      return true;
    };
  const deadline = AbortSignal.timeout(options.deadlineMs ?? TRACKER_DEADLINE_MS);
  const octokit = getOctokit(
    token,
    {
      baseUrl: options.baseUrl,
      log: { debug: () => {}, info: () => {}, warn: log, error: log },
      // 429 and 403 are the throttling plugin's to handle (it reads retry-after); the rest are final.
      retry: {
        retries: SERVER_ERROR_RETRIES,
        doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
        retryAfterBaseValue: secondMs,
      },
      throttle: {
        onRateLimit: mayWait('rate limit'),
        onSecondaryRateLimit: mayWait('secondary rate limit'),
        retryAfterBaseValue: secondMs,
        ...options.writeQueues,
      },
    },
    retry,
    throttling,
  );
  // Set per request: passing `request` to the constructor would replace @actions/github's proxy-aware fetch.
  octokit.hook.before('request', (request) => {
    request.request = { ...request.request, signal: request.request?.signal ?? deadline };
  });
  secondMsOf.set(octokit, secondMs);
  return octokit;
}
