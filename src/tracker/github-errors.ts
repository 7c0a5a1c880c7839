/**
 * What a failed GitHub request means, as pure functions of the error Octokit threw (its status, message
 * and response headers): which kind of fault it is, whether the tracker can recover from it (a shorter
 * body, no assignees, a look before creating again), and the warning a workflow author can act on.
 */
import { plain, truncate } from '../text/untrusted.js';
import { MAX_WAIT_SECONDS, MAX_WAITS_PER_RUN, SERVER_ERROR_RETRIES, TRACKER_DEADLINE_MS } from './octokit.js';

/** A failed request, tagged with what the tracker was doing, for the warning. */
export class StepError extends Error {
  readonly step: string;
  constructor(step: string, cause: unknown) {
    super(step, { cause });
    this.step = step;
  }
}

/** The fields of Octokit's RequestError the tracker reads; anything else thrown reads as none of them. */
interface HttpFailure {
  name?: string;
  /** Octokit wraps a failed fetch (a timeout, a refused connection) as a 500 with the original here. */
  cause?: { name?: string };
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: { errors?: unknown[] } };
}

const failure = (err: unknown): HttpFailure => (err && typeof err === 'object' ? (err as HttpFailure) : {});

/** The HTTP status GitHub answered; undefined when no answer came (or the error is not Octokit's). */
export const statusOf = (err: unknown): number | undefined => failure(err).status;

/** The field-level reasons of a 422, flattened to text. */
function validationErrors(err: unknown): string {
  return JSON.stringify(failure(err).response?.data?.errors ?? []);
}

/** GitHub refused a body (or comment) as too long: worth sending once more, cut short. */
export function bodyTooLong(err: unknown): boolean {
  return statusOf(err) === 422 && /too long/i.test(`${failure(err).message} ${validationErrors(err)}`);
}

/** GitHub refused the issue-assignees (not collaborators, say): worth creating once more without them. */
export function assigneesRefused(err: unknown): boolean {
  return statusOf(err) === 422 && /assignee/i.test(validationErrors(err));
}

/** A 5xx or a lost connection may hide a create that went through. */
export function mayHaveHappened(err: unknown): boolean {
  const status = statusOf(err);
  return status === undefined || status >= 500;
}

/** The tracker's deadline ended the request (Octokit may have wrapped the abort as a 500). */
export function pastDeadline(err: unknown): boolean {
  const f = failure(err instanceof StepError ? err.cause : err);
  return [f.name, f.cause?.name].some((name) => name === 'AbortError' || name === 'TimeoutError');
}

/** GitHub's own message, plain and short: it is shown in warnings, and it is untrusted text. */
const saidBy = (err: unknown): string => truncate(plain(String(failure(err).message ?? err)), 200);

/** The faults the warnings tell apart. */
export type GitHubErrorKind =
  | 'deadline'
  | 'rate-limit'
  | 'bad-token'
  | 'forbidden'
  | 'not-found'
  | 'issues-disabled'
  | 'refused'
  | 'server'
  | 'other';

export function gitHubErrorKind(err: unknown): GitHubErrorKind {
  if (pastDeadline(err)) return 'deadline';
  const { status, response } = failure(err);
  // A primary rate limit is a 403 too: GitHub says so in the message or in x-ratelimit-remaining.
  const rateLimited =
    status === 429 ||
    (status === 403 &&
      (/rate limit/i.test(saidBy(err)) || response?.headers?.['x-ratelimit-remaining'] === '0'));
  if (rateLimited) return 'rate-limit';
  switch (status) {
    case 401:
      return 'bad-token';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 410:
      return 'issues-disabled';
    case 422:
      return 'refused';
    default:
      return status !== undefined && status >= 500 ? 'server' : 'other';
  }
}

/** A GitHub fault in words a workflow author can act on. GitHub's own message is shown plain and short. */
export function describeGitHubError(err: unknown, repository: string): string {
  const f = failure(err);
  const said = saidBy(err);
  const status = f.status;
  switch (gitHubErrorKind(err)) {
    case 'deadline':
      return `GitHub did not answer within the tracker's ${TRACKER_DEADLINE_MS / 1000} s; the issue catches up on a later run.`;
    case 'rate-limit': {
      const retryAfter = f.response?.headers?.['retry-after'];
      const wait = retryAfter ? `, retry-after ${retryAfter} s` : '';
      return (
        `GitHub's API rate limit (${status}${wait}: ${said}). The tracker waits only for short limits ` +
        `(up to ${MAX_WAIT_SECONDS} s, ${MAX_WAITS_PER_RUN} times a run); the issue catches up on a later run.`
      );
    }
    case 'bad-token':
      return `GitHub rejected the token (401: ${said}): check github-token.`;
    case 'forbidden':
      return (
        `the token may not work with the issues of ${repository} (403: ${said}). Give the job ` +
        '`permissions: issues: write`, and keep github-token at its default or use a token that can write issues.'
      );
    case 'not-found':
      return `GitHub answered 404 for ${repository}: the repository does not exist or the token cannot see it (check GITHUB_REPOSITORY and github-token).`;
    case 'issues-disabled':
      return `Issues are disabled for this repository (${repository}, 410: ${said}). Enable Issues in its settings, or set tracking-issue: false.`;
    case 'refused':
      return `GitHub refused the request (422: ${said} ${truncate(validationErrors(err), 300)}).`;
    case 'server':
      return `GitHub failed (${status}: ${said}) after ${SERVER_ERROR_RETRIES} retries; the issue catches up on a later run.`;
    case 'other':
      return said;
  }
}

/**
 * The warning for a failure while tracking `subject`: what the tracker was doing (the StepError's step)
 * and what GitHub's answer means.
 */
export function stepWarning(subject: string, err: unknown, repository: string): string {
  const what = err instanceof StepError ? err.step : 'reach GitHub';
  const cause = err instanceof StepError ? err.cause : err;
  return `${subject}: could not ${what}: ${describeGitHubError(cause, repository)}`;
}
