// Self-test of the GitHub stand-in, driven by the real Octokit client the action uses.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAULTS, type FakeGitHub, startFakeGitHub } from './support/fake-github.ts';
import { openApiLoadMs, validateGitHubRequest, validateGitHubResponse } from './support/github-openapi.ts';

let fake: FakeGitHub;
let octokit: ReturnType<typeof getOctokit>;
let repo: { owner: string; repo: string };

beforeAll(async () => {
  fake = await startFakeGitHub();
  octokit = getOctokit('test-token', { baseUrl: fake.url });
  repo = { owner: fake.owner, repo: fake.repo };
  console.log(`OpenAPI description loaded and indexed in ${Math.round(openApiLoadMs())} ms`);
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
});

/** The parts of Octokit's RequestError these tests look at. */
interface HttpFailure {
  name: string;
  status: number;
  message: string;
  response: { headers: Record<string, string | undefined>; data: { errors?: Record<string, unknown>[] } };
}

/** Awaits a promise expected to reject and returns the error. */
async function rejection(promise: Promise<unknown>): Promise<HttpFailure> {
  try {
    await promise;
  } catch (error) {
    return error as HttpFailure;
  }
  throw new Error('expected the request to fail');
}

describe('issues', () => {
  it('creates an issue as the bot, creating unknown labels implicitly, in GitHub’s response shape', async () => {
    const { status, data } = await octokit.rest.issues.create({
      ...repo,
      title: 'gpt-4o is down',
      body: 'details',
      labels: ['llm-heartbeat', 'outage'],
    });

    expect(status).toBe(201);
    expect(data).toMatchObject({
      number: 1,
      title: 'gpt-4o is down',
      state: 'open',
      user: { login: 'github-actions[bot]', type: 'Bot' },
      html_url: 'https://github.com/acme/models/issues/1',
      comments: 0,
      closed_at: null,
    });
    expect(data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toEqual(['llm-heartbeat', 'outage']);
    expect(validateGitHubResponse('POST', '/repos/acme/models/issues', 201, data)).toEqual([]);
    expect(fake.labels.map((l) => l.name)).toEqual(['llm-heartbeat', 'outage']);
    expect(fake.issues[0]).toMatchObject({ title: 'gpt-4o is down', labels: ['llm-heartbeat', 'outage'] });

    const fetched = await octokit.rest.issues.get({ ...repo, issue_number: 1 });
    expect(validateGitHubResponse('GET', '/repos/acme/models/issues/1', 200, fetched.data)).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('lists with an all-labels filter, state and creator, paginating via the Link header', async () => {
    for (let i = 1; i <= 150; i++)
      fake.seedIssue({ title: `t${i}`, labels: ['llm-heartbeat'], user: 'octocat' });
    const bot = 'github-actions[bot]';
    fake.seedIssue({ title: 'both labels', labels: ['llm-heartbeat', 'target:gpt'], user: bot });
    fake.seedIssue({ title: 'closed', labels: ['llm-heartbeat', 'target:gpt'], state: 'closed' });
    fake.seedIssue({ title: 'other', labels: ['bug'], user: bot });

    const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      labels: 'llm-heartbeat',
      per_page: 100,
    });
    expect(all).toHaveLength(151); // open only, newest first
    expect(all[0]?.title).toBe('both labels');
    expect(fake.requests.map((r) => r.query.page ?? '1')).toEqual(['1', '2']);

    const firstPage = await octokit.rest.issues.listForRepo({ ...repo, labels: 'llm-heartbeat' });
    expect(firstPage.data).toHaveLength(30);
    expect(firstPage.headers.link).toContain(
      `<${fake.url}/repos/acme/models/issues?labels=llm-heartbeat&page=2>`,
    );
    expect(firstPage.headers.link).toContain('page=6>; rel="last"');
    expect(validateGitHubResponse('GET', '/repos/acme/models/issues', 200, firstPage.data)).toEqual([]);

    const both = await octokit.rest.issues.listForRepo({
      ...repo,
      labels: 'llm-heartbeat,TARGET:gpt',
      state: 'all',
    });
    expect(both.data.map((i) => i.title)).toEqual(['closed', 'both labels']);

    const byCreator = await octokit.rest.issues.listForRepo({ ...repo, creator: 'github-actions[bot]' });
    expect(byCreator.data.map((i) => i.title)).toEqual(['other', 'both labels']);

    const oldestFirst = await octokit.rest.issues.listForRepo({ ...repo, direction: 'asc', per_page: 2 });
    expect(oldestFirst.data.map((i) => i.title)).toEqual(['t1', 't2']);
    expect(fake.violations).toEqual([]);
  });

  it('updates, closes with a state_reason, and reopens', async () => {
    const seeded = fake.seedIssue({ title: 'old', labels: ['a'] });

    const closed = await octokit.rest.issues.update({
      ...repo,
      issue_number: seeded.number,
      title: 'new',
      body: 'recovered',
      labels: ['b'],
      state: 'closed',
      state_reason: 'completed',
    });
    expect(closed.data).toMatchObject({
      title: 'new',
      body: 'recovered',
      state: 'closed',
      state_reason: 'completed',
    });
    expect(closed.data.closed_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(fake.issues[0]).toMatchObject({ state: 'closed', labels: ['b'] });

    await octokit.rest.issues.update({ ...repo, issue_number: 1, state: 'open' });
    expect(fake.issues[0]).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null });

    await octokit.rest.issues.update({
      ...repo,
      issue_number: 1,
      state: 'closed',
      state_reason: 'not_planned',
    });
    expect(fake.issues[0]?.state_reason).toBe('not_planned');

    expect((await rejection(octokit.rest.issues.get({ ...repo, issue_number: 99 }))).status).toBe(404);
    expect(fake.violations).toEqual([]);
  });

  it('rejects over-long bodies and unassignable users like GitHub', async () => {
    const tooLong = await rejection(
      octokit.rest.issues.create({ ...repo, title: 'x', body: 'x'.repeat(65_537) }),
    );
    expect(tooLong.status).toBe(422);
    expect(tooLong.response.data.errors).toEqual([
      {
        resource: 'Issue',
        code: 'custom',
        field: 'body',
        message: 'body is too long (maximum is 65536 characters)',
      },
    ]);
    await octokit.rest.issues.create({ ...repo, title: 'x', body: 'x'.repeat(65_536) });

    const strict = await startFakeGitHub({ assignable: ['alice'] });
    try {
      const client = getOctokit('t', { baseUrl: strict.url });
      const bad = await rejection(
        client.rest.issues.create({ owner: 'acme', repo: 'models', title: 'x', assignees: ['mallory'] }),
      );
      expect(bad.status).toBe(422);
      expect(bad.response.data.errors?.[0]).toMatchObject({
        field: 'assignees',
        value: 'mallory',
        code: 'invalid',
      });
      await client.rest.issues.create({ owner: 'acme', repo: 'models', title: 'x', assignees: ['alice'] });
      expect(strict.issues[0]?.assignees).toEqual(['alice']);
    } finally {
      await strict.close();
    }
    expect(fake.violations).toEqual([]);
  });

  it('stamps times from the injected clock and filters by since', async () => {
    let clock = new Date('2025-01-01T10:00:00.500Z');
    const timed = await startFakeGitHub({ now: () => clock });
    try {
      const client = getOctokit('t', { baseUrl: timed.url });
      const owner = { owner: timed.owner, repo: timed.repo };
      await client.rest.issues.create({ ...owner, title: 'early' });
      clock = new Date('2025-01-01T12:00:00Z');
      const late = await client.rest.issues.create({ ...owner, title: 'late' });
      expect(late.data.created_at).toBe('2025-01-01T12:00:00Z');
      expect(timed.issues[0]?.created_at).toBe('2025-01-01T10:00:00Z');

      const since = await client.rest.issues.listForRepo({ ...owner, since: '2025-01-01T11:00:00Z' });
      expect(since.data.map((i) => i.title)).toEqual(['late']);
      expect(timed.violations).toEqual([]);
    } finally {
      await timed.close();
    }
  });

  it('keeps state across clients until reset', async () => {
    await octokit.rest.issues.create({ ...repo, title: 'first run' });
    const secondRun = getOctokit('another-token', { baseUrl: fake.url });
    const { data } = await secondRun.rest.issues.listForRepo(repo);
    expect(data.map((i) => i.title)).toEqual(['first run']);
    fake.reset();
    expect((await secondRun.rest.issues.listForRepo(repo)).data).toEqual([]);
  });
});

describe('reactions: unique per user and content, which the tracker uses as a lock', () => {
  it('creates (201), answers 200 with the existing one, lists by content and deletes', async () => {
    const issue = fake.seedIssue({ title: 'state' });
    const where = { ...repo, issue_number: issue.number };
    const first = await octokit.rest.reactions.createForIssue({ ...where, content: 'eyes' });
    expect(first.status).toBe(201);
    expect(first.data).toMatchObject({ content: 'eyes', user: { login: 'github-actions[bot]' } });
    expect(validateGitHubResponse('POST', '/repos/acme/models/issues/1/reactions', 201, first.data)).toEqual(
      [],
    );

    const again = await octokit.rest.reactions.createForIssue({ ...where, content: 'eyes' });
    expect(again.status).toBe(200);
    expect(again.data).toEqual(first.data);
    expect(validateGitHubResponse('POST', '/repos/acme/models/issues/1/reactions', 200, again.data)).toEqual(
      [],
    );
    expect((await octokit.rest.reactions.createForIssue({ ...where, content: 'rocket' })).status).toBe(201);

    const eyes = await octokit.rest.reactions.listForIssue({ ...where, content: 'eyes' });
    expect(eyes.data.map((r) => r.id)).toEqual([first.data.id]);
    expect(validateGitHubResponse('GET', '/repos/acme/models/issues/1/reactions', 200, eyes.data)).toEqual(
      [],
    );

    const deleted = await octokit.rest.reactions.deleteForIssue({ ...where, reaction_id: first.data.id });
    expect(deleted.status).toBe(204);
    expect(issue.reactions.map((r) => r.content)).toEqual(['rocket']);
    expect((await octokit.rest.reactions.createForIssue({ ...where, content: 'eyes' })).status).toBe(201);

    const bad = await rejection(
      octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/reactions', {
        ...where,
        content: 'wave' as never,
      }),
    );
    expect(bad.status).toBe(422);
    expect(fake.violations).toEqual([
      expect.stringContaining('body/content must be equal to one of the allowed values'),
    ]);
  });
});

describe('comments and labels', () => {
  it('creates, lists (paginated) and edits comments', async () => {
    const issue = fake.seedIssue({ title: 'outage' });
    for (let i = 1; i <= 3; i++)
      await octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: `c${i}` });

    const comments = await octokit.paginate(octokit.rest.issues.listComments, {
      ...repo,
      issue_number: 1,
      per_page: 2,
    });
    expect(comments.map((c) => c.body)).toEqual(['c1', 'c2', 'c3']);
    expect(comments[0]?.html_url).toBe(
      `https://github.com/acme/models/issues/1#issuecomment-${comments[0]?.id}`,
    );
    expect(validateGitHubResponse('GET', '/repos/acme/models/issues/1/comments', 200, comments)).toEqual([]);

    const edited = await octokit.rest.issues.updateComment({
      ...repo,
      comment_id: comments[1]!.id,
      body: 'edited',
    });
    expect(edited.data.body).toBe('edited');
    expect(issue.comments.map((c) => c.body)).toEqual(['c1', 'edited', 'c3']);
    expect((await octokit.rest.issues.get({ ...repo, issue_number: 1 })).data.comments).toBe(3);
    expect(fake.violations).toEqual([]);
  });

  it('gets and creates labels, and adds them to issues', async () => {
    const missing = await rejection(octokit.rest.issues.getLabel({ ...repo, name: 'target: gpt/4o' }));
    expect(missing.status).toBe(404);

    const created = await octokit.rest.issues.createLabel({
      ...repo,
      name: 'target: gpt/4o',
      color: 'd73a4a',
      description: 'probe target',
    });
    expect(created.status).toBe(201);
    expect(validateGitHubResponse('POST', '/repos/acme/models/labels', 201, created.data)).toEqual([]);

    const got = await octokit.rest.issues.getLabel({ ...repo, name: 'target: gpt/4o' });
    expect(got.data).toMatchObject({ name: 'target: gpt/4o', color: 'd73a4a', description: 'probe target' });

    const duplicate = await rejection(octokit.rest.issues.createLabel({ ...repo, name: 'TARGET: gpt/4o' }));
    expect(duplicate.status).toBe(422);
    expect(duplicate.response.data.errors).toEqual([
      { resource: 'Label', code: 'already_exists', field: 'name' },
    ]);

    fake.seedIssue({ title: 'x', labels: ['llm-heartbeat'] });
    const added = await octokit.rest.issues.addLabels({
      ...repo,
      issue_number: 1,
      labels: ['target: gpt/4o', 'new'],
    });
    expect(added.data.map((l) => l.name)).toEqual(['llm-heartbeat', 'target: gpt/4o', 'new']);
    expect(fake.violations).toEqual([]);
  });
});

describe('faults', () => {
  it('surfaces 403, 410, 429 and 500 as RequestError with the status, then recovers', async () => {
    fake.fail({ ...FAULTS.missingPermission, method: 'POST', path: /\/issues$/ });
    fake.fail({ ...FAULTS.issuesDisabled, method: 'GET' });
    fake.fail({ ...FAULTS.tooManyRequests(7) });
    fake.fail({ ...FAULTS.serverError, times: 2 });

    const forbidden = await rejection(octokit.rest.issues.create({ ...repo, title: 'x' }));
    expect(forbidden).toMatchObject({
      name: 'HttpError',
      status: 403,
      message: expect.stringContaining('integration'),
    });
    expect(forbidden.constructor.name).toBe('RequestError');

    expect((await rejection(octokit.rest.issues.listForRepo(repo))).status).toBe(410);
    const limited = await rejection(octokit.rest.issues.listForRepo(repo));
    expect(limited.status).toBe(429);
    expect(limited.response.headers['retry-after']).toBe('7');
    expect((await rejection(octokit.rest.issues.listForRepo(repo))).status).toBe(500);
    expect((await rejection(octokit.rest.issues.listForRepo(repo))).status).toBe(500);

    expect((await octokit.rest.issues.listForRepo(repo)).status).toBe(200);
    expect(fake.requests.map((r) => r.status)).toEqual([403, 410, 429, 500, 500, 200]);
    expect(fake.issues).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it('with the retry and throttling plugins: retries 500 and secondary rate limits, not a missing permission', async () => {
    const retried: string[] = [];
    const client = getOctokit(
      'test-token',
      {
        baseUrl: fake.url,
        retry: { retryAfterBaseValue: 1 }, // ms instead of seconds, to keep the test fast
        throttle: {
          retryAfterBaseValue: 1,
          onRateLimit: () => false,
          onSecondaryRateLimit: (retryAfter, options) => {
            retried.push(`${options.method} ${options.url} after ${retryAfter}`);
            return true;
          },
        },
      },
      retry,
      throttling,
    );
    fake.seedIssue({ title: 'x' });

    fake.fail({ ...FAULTS.serverError, path: /\/issues\/1$/ });
    expect((await client.rest.issues.get({ ...repo, issue_number: 1 })).data.title).toBe('x');

    fake.fail({ ...FAULTS.secondaryRateLimit(1), method: 'GET' });
    expect((await client.rest.issues.listForRepo(repo)).data).toHaveLength(1);
    expect(retried).toEqual(['GET /repos/{owner}/{repo}/issues after 1']);

    fake.fail({ ...FAULTS.missingPermission, method: 'POST', times: Number.POSITIVE_INFINITY });
    expect((await rejection(client.rest.issues.create({ ...repo, title: 'y' }))).status).toBe(403);

    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /repos/acme/models/issues/1 500',
      'GET /repos/acme/models/issues/1 200',
      'GET /repos/acme/models/issues 403',
      'GET /repos/acme/models/issues 200',
      'POST /repos/acme/models/issues 403',
    ]);
    expect(fake.violations).toEqual([]);
  });
});

describe('OpenAPI validation', () => {
  it('records violations for requests GitHub’s description does not allow', async () => {
    // GitHub ignores unknown fields, so this "works" against the real API, silently dropping the field.
    const bogus = await octokit.request('POST /repos/{owner}/{repo}/issues', {
      ...repo,
      title: 'x',
      bogus_field: 1,
    });
    expect(bogus.status).toBe(201);
    expect(fake.violations).toEqual(["POST /repos/acme/models/issues: body has unknown field 'bogus_field'"]);

    fake.violations.length = 0;
    const untitled = await rejection(
      // @ts-expect-error: a deliberately wrong request the validator must catch
      octokit.request('POST /repos/{owner}/{repo}/issues', { ...repo, body: 'no title' }),
    );
    expect(untitled.status).toBe(422);
    expect(fake.violations).toEqual([
      "POST /repos/acme/models/issues: body must have required property 'title'",
    ]);

    fake.violations.length = 0;
    // @ts-expect-error: a deliberately wrong request the validator must catch
    await octokit.request('GET /repos/{owner}/{repo}/issues', { ...repo, state: 'shut', labelz: 'x' });
    await rejection(
      octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        ...repo,
        issue_number: 1,
        // @ts-expect-error: a deliberately wrong request the validator must catch
        state_reason: 'fixed',
      }),
    );
    await rejection(
      octokit.request('DELETE /repos/{owner}/{repo}/issues/{issue_number}', { ...repo, issue_number: 1 }),
    );
    await rejection(octokit.request('GET /repos/{owner}/{repo}/milestones', repo));
    expect(fake.violations).toEqual([
      "GET /repos/acme/models/issues?state=shut&labelz=x: query parameter 'labelz' is not declared for this operation",
      `GET /repos/acme/models/issues?state=shut&labelz=x: query parameter 'state' must be equal to one of the allowed values ["open","closed","all"]`,
      `PATCH /repos/acme/models/issues/1: body/state_reason must be equal to one of the allowed values ["completed","not_planned","duplicate","reopened",null]`,
      'DELETE /repos/acme/models/issues/1: DELETE is not a GitHub operation on /repos/{owner}/{repo}/issues/{issue_number}',
      'GET /repos/acme/models/milestones: fake-github does not implement issues/list-milestones',
    ]);
  });

  it('validates paths, parameter types and nested unknown fields directly', () => {
    expect(validateGitHubRequest('GET', '/repos/a/b/issues/abc', undefined)).toEqual([
      "path parameter 'issue_number' must be integer",
    ]);
    expect(validateGitHubRequest('GET', '/nope', undefined)).toEqual(['no GitHub REST path matches /nope']);
    expect(
      validateGitHubRequest('PATCH', '/repos/a/b/issues/1', { labels: [{ name: 'x', colour: 'f00' }] }),
    ).toEqual(["body/labels/0 has unknown field 'colour'"]);
    expect(validateGitHubRequest('POST', '/repos/a/b/issues/1/comments', { body: 5 })).toEqual([
      'body/body must be string',
    ]);
    expect(validateGitHubRequest('POST', '/repos/a/b/issues/1/comments', undefined)).toEqual([
      'issues/create-comment requires a request body',
    ]);
    expect(validateGitHubRequest('GET', '/repos/a/b/labels/a%2Fb', undefined)).toEqual([]);
  });
});
