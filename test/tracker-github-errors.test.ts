// What the tracker makes of GitHub's errors, on errors built the way @octokit/request throws them: a
// RequestError with the answer's status, message and headers, or a 500 wrapping a fetch that failed.
import { RequestError } from '@octokit/request-error';
import { describe, expect, it } from 'vitest';
import {
  assigneesRefused,
  bodyTooLong,
  describeGitHubError,
  gitHubErrorKind,
  mayHaveHappened,
  pastDeadline,
  StepError,
  statusOf,
  stepWarning,
} from '../src/tracker/github-errors.js';
import {
  MAX_WAIT_SECONDS,
  MAX_WAITS_PER_RUN,
  SERVER_ERROR_RETRIES,
  TRACKER_DEADLINE_MS,
} from '../src/tracker/octokit.js';

const REPO = 'acme/models';
const request = {
  method: 'POST' as const,
  url: 'https://api.github.com/repos/acme/models/issues',
  headers: {},
};

/** GitHub answered `status`: Octokit's error, message from the body, headers as GitHub sent them. */
function answered(
  status: number,
  message: string,
  headers: Record<string, string> = {},
  errors?: unknown[],
): RequestError {
  const data = { message, ...(errors ? { errors } : {}) };
  return new RequestError(message, status, {
    request,
    response: { status, url: request.url, headers, data },
  });
}

/** No answer: Octokit wraps the failed fetch as a 500 and keeps the original as the cause. */
function noAnswer(cause: Error): RequestError {
  const err = new RequestError(cause.message, 500, { request });
  err.cause = cause;
  return err;
}

const abort = () => Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
const timeout = () => Object.assign(new Error('The operation timed out'), { name: 'TimeoutError' });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'TypeError' });

describe('gitHubErrorKind and describeGitHubError', () => {
  it('401: the token was rejected', () => {
    const err = answered(401, 'Bad credentials');
    expect(gitHubErrorKind(err)).toBe('bad-token');
    expect(describeGitHubError(err, REPO)).toBe(
      'GitHub rejected the token (401: Bad credentials): check github-token.',
    );
  });

  it('403 without a rate limit: names `permissions: issues: write`', () => {
    const err = answered(403, 'Resource not accessible by integration', { 'x-ratelimit-remaining': '4999' });
    expect(gitHubErrorKind(err)).toBe('forbidden');
    expect(describeGitHubError(err, REPO)).toBe(
      'the token may not work with the issues of acme/models (403: Resource not accessible by integration). ' +
        'Give the job `permissions: issues: write`, and keep github-token at its default or use a token that can write issues.',
    );
  });

  it('403 that says "rate limit", or has no requests left, and 429: a rate limit', () => {
    const said = answered(403, 'You have exceeded a secondary rate limit', { 'retry-after': '120' });
    const exhausted = answered(403, 'Forbidden', { 'x-ratelimit-remaining': '0' });
    const tooMany = answered(429, 'Too Many Requests');
    for (const err of [said, exhausted, tooMany]) expect(gitHubErrorKind(err)).toBe('rate-limit');
    const limits = `The tracker waits only for short limits (up to ${MAX_WAIT_SECONDS} s, ${MAX_WAITS_PER_RUN} times a run); the issue catches up on a later run.`;
    expect(describeGitHubError(said, REPO)).toBe(
      `GitHub's API rate limit (403, retry-after 120 s: You have exceeded a secondary rate limit). ${limits}`,
    );
    expect(describeGitHubError(exhausted, REPO)).toBe(`GitHub's API rate limit (403: Forbidden). ${limits}`);
    expect(describeGitHubError(tooMany, REPO)).toBe(
      `GitHub's API rate limit (429: Too Many Requests). ${limits}`,
    );
  });

  it('404: the repository is missing or hidden from the token', () => {
    const err = answered(404, 'Not Found');
    expect(gitHubErrorKind(err)).toBe('not-found');
    expect(describeGitHubError(err, REPO)).toBe(
      'GitHub answered 404 for acme/models: the repository does not exist or the token cannot see it (check GITHUB_REPOSITORY and github-token).',
    );
  });

  it('410: Issues are disabled', () => {
    const err = answered(410, 'Issues are disabled for this repo');
    expect(gitHubErrorKind(err)).toBe('issues-disabled');
    expect(describeGitHubError(err, REPO)).toBe(
      'Issues are disabled for this repository (acme/models, 410: Issues are disabled for this repo). Enable Issues in its settings, or set tracking-issue: false.',
    );
  });

  it('422: refused, with the field-level reasons', () => {
    const errors = [{ resource: 'Issue', field: 'title', code: 'missing_field' }];
    const err = answered(422, 'Validation Failed', {}, errors);
    expect(gitHubErrorKind(err)).toBe('refused');
    expect(describeGitHubError(err, REPO)).toBe(
      `GitHub refused the request (422: Validation Failed ${JSON.stringify(errors)}).`,
    );
  });

  it('5xx after the retries', () => {
    for (const status of [500, 502, 503]) {
      const err = answered(status, 'Server Error');
      expect(gitHubErrorKind(err)).toBe('server');
      expect(describeGitHubError(err, REPO)).toBe(
        `GitHub failed (${status}: Server Error) after ${SERVER_ERROR_RETRIES} retries; the issue catches up on a later run.`,
      );
    }
  });

  it("the tracker's deadline, whether Octokit wrapped the abort or not", () => {
    for (const err of [noAnswer(abort()), noAnswer(timeout()), abort(), timeout()]) {
      expect(gitHubErrorKind(err)).toBe('deadline');
      expect(describeGitHubError(err, REPO)).toBe(
        `GitHub did not answer within the tracker's ${TRACKER_DEADLINE_MS / 1000} s; the issue catches up on a later run.`,
      );
    }
  });

  it('anything else: what was said, plain and short', () => {
    const err = answered(409, 'Conflict');
    expect(gitHubErrorKind(err)).toBe('other');
    expect(describeGitHubError(err, REPO)).toBe('Conflict');
    expect(gitHubErrorKind(new Error('socket hang up'))).toBe('other');
    expect(describeGitHubError('not an error', REPO)).toBe('not an error');
    const noisy = answered(409, `\u001b[31mred\u001b[0m\n${'x'.repeat(300)}`);
    const said = describeGitHubError(noisy, REPO);
    expect(said.startsWith('red x')).toBe(true);
    expect(Array.from(said)).toHaveLength(200);
    expect(said.endsWith('…')).toBe(true);
  });
});

describe('what the tracker can do about an error', () => {
  it('statusOf: the status GitHub answered, none without an answer', () => {
    expect(statusOf(answered(404, 'Not Found'))).toBe(404);
    expect(statusOf(noAnswer(refused()))).toBe(500);
    expect(statusOf(new Error('boom'))).toBeUndefined();
    expect(statusOf(null)).toBeUndefined();
    expect(statusOf('text')).toBeUndefined();
  });

  it('bodyTooLong: a 422 saying "too long", in the message or the field reasons: truncate and retry once', () => {
    expect(bodyTooLong(answered(422, 'body is too long (maximum is 65536 characters)'))).toBe(true);
    const field = [{ resource: 'Issue', field: 'body', code: 'custom', message: 'body is too long' }];
    expect(bodyTooLong(answered(422, 'Validation Failed', {}, field))).toBe(true);
    expect(bodyTooLong(answered(422, 'Validation Failed'))).toBe(false);
    expect(bodyTooLong(answered(400, 'body is too long'))).toBe(false);
  });

  it('assigneesRefused: a 422 naming an assignee: create again without them', () => {
    const field = [{ resource: 'Issue', field: 'assignees', code: 'invalid', value: 'ghost' }];
    expect(assigneesRefused(answered(422, 'Validation Failed', {}, field))).toBe(true);
    expect(assigneesRefused(answered(422, 'Validation Failed'))).toBe(false);
    expect(assigneesRefused(answered(403, 'assignee'))).toBe(false);
  });

  it('mayHaveHappened: a 5xx or no answer may hide a create that went through; a 4xx did not', () => {
    expect(mayHaveHappened(answered(502, 'Bad Gateway'))).toBe(true);
    expect(mayHaveHappened(noAnswer(refused()))).toBe(true);
    expect(mayHaveHappened(new Error('socket hang up'))).toBe(true);
    expect(mayHaveHappened(answered(403, 'Forbidden'))).toBe(false);
    expect(mayHaveHappened(answered(422, 'Validation Failed'))).toBe(false);
  });

  it("pastDeadline: an abort or timeout, inside Octokit's 500 or a step's tag; not a refused connection", () => {
    expect(pastDeadline(noAnswer(abort()))).toBe(true);
    expect(pastDeadline(new StepError('open it', noAnswer(timeout())))).toBe(true);
    expect(pastDeadline(noAnswer(refused()))).toBe(false);
    expect(pastDeadline(answered(500, 'Server Error'))).toBe(false);
    expect(pastDeadline(undefined)).toBe(false);
  });
});

describe('stepWarning', () => {
  it('says what the tracker was doing, then what GitHub meant', () => {
    const err = new StepError('open it', answered(401, 'Bad credentials'));
    expect(stepWarning('Tracking issue of "a"', err, REPO)).toBe(
      'Tracking issue of "a": could not open it: GitHub rejected the token (401: Bad credentials): check github-token.',
    );
  });

  it('an untagged failure could not reach GitHub', () => {
    expect(stepWarning('Tracking issues', answered(404, 'Not Found'), REPO)).toMatch(
      /^Tracking issues: could not reach GitHub: GitHub answered 404 for acme\/models:/,
    );
  });
});
