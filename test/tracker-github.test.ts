// github.ts with the real Octokit client (retry and throttling plugins included) against the GitHub
// stand-in on 127.0.0.1; every request it sends is checked against GitHub's OpenAPI description.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type TrackingConfig } from '../src/config/index.js';
import { judgeRun } from '../src/pipeline.js';
import type { CheckResult } from '../src/probe/result.js';
import type { Report } from '../src/report/model.js';
import { runInfoFromEnv } from '../src/runner-env.js';
import { type TrackerResult, trackOutages } from '../src/tracker/github.js';
import {
  pendingBlock,
  pendingOfBody,
  stateOfBody,
  targetMarker,
  targetOfBody,
} from '../src/tracker/marker.js';
import { STATE_LABEL } from '../src/tracker/state-issue.js';
import { FAULTS, type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import { check } from './support/fixtures.js';
import { testGitHubClient } from './support/github-client.js';

let fake: FakeGitHub;
let runNumber = 0;

beforeAll(async () => {
  fake = await startFakeGitHub();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

const DOWN = (): CheckResult[] => [0, 1, 2].map((index) => check('server_error', 100, { index }));
const UP = (): CheckResult[] => [0, 1, 2].map((index) => check('ok', 200, { index }));

/** A report of one run: each named target up or down. */
function reportOf(targets: Record<string, CheckResult[]>): Report {
  const yaml = Object.keys(targets)
    .map((name) => `- name: ${JSON.stringify(name)}\n  model: gpt-4o-mini`)
    .join('\n');
  const config = parseConfig({ targets: yaml, 'base-url': 'http://127.0.0.1:9/v1' });
  runNumber++;
  return judgeRun(config, Object.values(targets), {
    startedAt: new Date(),
    finishedAt: new Date(),
    version: 'test',
    location: null,
    run: runInfoFromEnv({ GITHUB_REPOSITORY: 'acme/models', GITHUB_RUN_ID: String(runNumber) }),
  });
}

/** open-after and close-after 1 unless a test says otherwise, whatever the defaults are. */
function trackingOf(extra: Partial<TrackingConfig> = {}): TrackingConfig {
  return {
    ...parseConfig({ model: 'm', 'base-url': 'http://127.0.0.1:9/v1', 'open-after': '1', 'close-after': '1' })
      .tracking,
    token: 't',
    ...extra,
  };
}

const client = (baseUrl = fake.url, deadlineMs?: number, writeSpacingMs?: number) =>
  testGitHubClient(baseUrl, deadlineMs, writeSpacingMs);

/** One run of the tracker. */
async function track(
  report: Report,
  tracking = trackingOf(),
  now = new Date(),
  repository = { owner: 'acme', repo: 'models' },
  octokit = client(),
): Promise<TrackerResult> {
  return trackOutages(octokit, { report, tracking, repository, now });
}

const requestLines = () => fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
const posts = (path: RegExp) => fake.requests.filter((r) => r.method === 'POST' && path.test(r.path));

describe('finding and opening issues', () => {
  it('one target down: one issue about it only, labels created, assignees set', async () => {
    const result = await track(
      reportOf({ 'gpt-4o-mini': DOWN(), 'llama-3': UP() }),
      trackingOf({ labels: ['llm-outage', 'team-ml'], assignees: ['alice'] }),
    );
    expect(result.warnings).toEqual([]);
    expect(result.outcomes).toEqual([
      {
        target: 'gpt-4o-mini',
        action: 'opened',
        number: 1,
        url: 'https://github.com/acme/models/issues/1',
      },
      { target: 'llama-3', action: 'none', number: null, url: null },
    ]);
    expect(fake.issues).toHaveLength(1);
    const issue = fake.issues[0]!;
    expect(issue).toMatchObject({
      title: '🔴 gpt-4o-mini is down',
      labels: ['llm-outage', 'team-ml'],
      assignees: ['alice'],
      state: 'open',
    });
    expect(targetOfBody(issue.body)).toBe('gpt-4o-mini');
    expect(fake.labels.map((l) => [l.name, l.color])).toEqual([
      ['llm-outage', 'd73a4a'],
      ['team-ml', 'ededed'],
    ]);
  });

  it('two targets down: two issues', async () => {
    const result = await track(reportOf({ a: DOWN(), b: DOWN() }));
    expect(result.outcomes.map((o) => [o.target, o.action, o.number])).toEqual([
      ['a', 'opened', 1],
      ['b', 'opened', 2],
    ]);
    expect(fake.issues.map((i) => targetOfBody(i.body))).toEqual(['a', 'b']);
  });

  it('never touches an issue a person wrote, even with the same label and title', async () => {
    const human = fake.seedIssue({
      title: '🔴 gpt-4o-mini is down',
      body: 'It is down for me too! @octocat',
      labels: ['llm-outage'],
      user: 'octocat',
    });
    // And one with the marker but without the label (a person copied the body): not ours either.
    fake.seedIssue({ title: 'copy', body: targetMarker('gpt-4o-mini'), labels: ['bug'] });
    const result = await track(reportOf({ 'gpt-4o-mini': DOWN() }));
    expect(result.outcomes[0]).toMatchObject({ action: 'opened', number: 3 });
    const touched = fake.requests.filter((r) => /\/issues\/[12](\/|$)/.test(r.path));
    expect(touched).toEqual([]);
    expect(human).toMatchObject({ state: 'open', body: 'It is down for me too! @octocat', comments: [] });

    // Recovery closes ours only.
    await track(reportOf({ 'gpt-4o-mini': UP() }));
    expect(fake.issues.map((i) => i.state)).toEqual(['open', 'open', 'closed']);
  });

  it('finds its issue across many pages of issues with the same label', async () => {
    for (let i = 0; i < 130; i++) fake.seedIssue({ title: `noise ${i}`, labels: ['llm-outage'] });
    await track(reportOf({ x: DOWN() }));
    await track(reportOf({ x: DOWN() }));
    expect(fake.issues.filter((i) => targetOfBody(i.body) === 'x')).toHaveLength(1);
    expect(fake.requests.some((r) => r.query.page === '2')).toBe(true);
  });
});

describe('the lifecycle through GitHub', () => {
  it('opens once, updates, closes with a duration comment, reopens when it is down again', async () => {
    const t0 = Date.now();
    const first = await track(reportOf({ m: DOWN() }), trackingOf(), new Date(t0));
    const second = await track(reportOf({ m: DOWN() }), trackingOf(), new Date(t0 + 10 * 60_000));
    const third = await track(reportOf({ m: UP() }), trackingOf(), new Date(t0 + 20 * 60_000));
    const fourth = await track(reportOf({ m: DOWN() }), trackingOf(), new Date(t0 + 30 * 60_000));
    expect([first, second, third, fourth].map((r) => r.outcomes[0]?.action)).toEqual([
      'opened',
      'updated',
      'closed',
      'reopened',
    ]);
    expect([first, second, third, fourth].flatMap((r) => r.warnings)).toEqual([]);
    expect(fake.issues).toHaveLength(1);
    const issue = fake.issues[0]!;
    expect(issue.state).toBe('open');
    expect(posts(/\/issues$/)).toHaveLength(1);
    expect(issue.comments.map((c) => c.body.split('\n')[0])).toEqual([
      expect.stringContaining('🟢 **Recovered:** m is up again. The outage lasted about **20 min**'),
      expect.stringContaining('🔴 **Down again:** m is down'),
    ]);
    expect(stateOfBody(issue.body)).toMatchObject({ outages: 2, runsSeenDown: 1 });
    const closing = fake.requests.find(
      (r) => r.method === 'PATCH' && (r.body as { state?: string }).state === 'closed',
    );
    expect(closing?.body).toMatchObject({ state: 'closed', state_reason: 'completed' });
  });

  it('closes the newer of two open issues for one target as a duplicate of the older', async () => {
    const body = targetMarker('m');
    fake.seedIssue({ title: 'older', body, labels: ['llm-outage'], user: 'github-actions[bot]' });
    fake.seedIssue({ title: 'newer', body, labels: ['llm-outage'], user: 'github-actions[bot]' });
    const result = await track(reportOf({ m: DOWN() }));
    expect(result.warnings).toEqual([]);
    expect(result.outcomes[0]).toMatchObject({ action: 'updated', number: 1 });
    const [older, newer] = fake.issues;
    expect(older).toMatchObject({ state: 'open', title: '🔴 m is down' });
    expect(newer).toMatchObject({ state: 'closed', state_reason: 'duplicate' });
    expect(newer?.comments[0]?.body).toContain('Closing as a duplicate of #1');
  });

  it('looks again right before creating, and uses the issue an overlapping run opened meanwhile', async () => {
    // The first list answers empty (as if listed just before the other run created its issue).
    fake.fail({ method: 'GET', path: /\/issues$/, status: 200, body: [] });
    fake.seedIssue({ title: 'theirs', body: targetMarker('m'), labels: ['llm-outage'] });
    const result = await track(reportOf({ m: DOWN() }));
    expect(result.outcomes[0]).toMatchObject({ action: 'updated', number: 1 });
    expect(posts(/\/issues$/)).toEqual([]);
    expect(fake.issues).toHaveLength(1);
  });

  it('with issue-on degraded, opens for a degraded target', async () => {
    const slow = [0, 1, 2].map((index) => check('ok', 5000, { index }));
    const config = parseConfig({ model: 'm', 'base-url': 'http://127.0.0.1:9/v1', 'max-latency': '1000' });
    const report = judgeRun(config, [slow], {
      startedAt: new Date(),
      finishedAt: new Date(),
      version: 'test',
      location: null,
      run: runInfoFromEnv({}),
    });
    expect((await track(report)).outcomes[0]?.action).toBe('none');
    expect((await track(report, trackingOf({ issueOn: 'degraded' }))).outcomes[0]?.action).toBe('opened');
    expect(fake.issues[0]?.title).toBe('🟡 m is degraded');
  });
});

describe('GitHub faults: warnings that say what to do, and nothing lost', () => {
  it('403 without issues: write names the permission; the other target still gets its issue', async () => {
    fake.fail({ ...FAULTS.missingPermission, method: 'POST', path: /\/issues$/ });
    const result = await track(reportOf({ a: DOWN(), b: DOWN() }));
    expect(result.outcomes.map((o) => o.action)).toEqual(['none', 'opened']);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^Tracking issue of "a": could not open it: the token may not work with the issues of acme\/models \(403: Resource not accessible by integration.*\)\. Give the job `permissions: issues: write`/,
      ),
    ]);
    expect(fake.issues.map((i) => targetOfBody(i.body))).toEqual(['b']);
  });

  it('410: issues are disabled for this repository', async () => {
    fake.fail({ ...FAULTS.issuesDisabled, times: Number.POSITIVE_INFINITY });
    const result = await track(reportOf({ a: DOWN() }));
    expect(result.outcomes).toEqual([{ target: 'a', action: 'none', number: null, url: null }]);
    expect(result.warnings).toEqual([
      expect.stringContaining('Issues are disabled for this repository (acme/models, 410'),
    ]);
    expect(requestLines()).toEqual(['GET /repos/acme/models/issues 410']);
  });

  it('404: the repository does not exist or the token cannot see it', async () => {
    const result = await track(reportOf({ a: DOWN() }), trackingOf(), new Date(), {
      owner: 'acme',
      repo: 'missing',
    });
    expect(result.warnings).toEqual([
      expect.stringContaining(
        'GitHub answered 404 for acme/missing: the repository does not exist or the token cannot see it',
      ),
    ]);
    expect(fake.issues).toEqual([]);
  });

  it('429 with a long retry-after: gives up at once with a rate-limit warning', async () => {
    fake.fail({ ...FAULTS.tooManyRequests(600), times: Number.POSITIVE_INFINITY });
    const result = await track(reportOf({ a: DOWN() }));
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /could not list the open issues labelled "llm-outage": GitHub's API rate limit \(429, retry-after 600 s/,
      ),
    ]);
    expect(fake.requests).toHaveLength(1);
  });

  it('short rate limits (429, secondary 403, primary 403) are waited out once, without a warning', async () => {
    fake.fail({ ...FAULTS.tooManyRequests(1), method: 'GET' });
    fake.fail({ ...FAULTS.secondaryRateLimit(1), method: 'POST', path: /\/issues$/ });
    const result = await track(reportOf({ a: DOWN() }));
    expect(result.warnings).toEqual([]);
    expect(result.outcomes[0]?.action).toBe('opened');
    expect(fake.issues).toHaveLength(1);

    fake.reset();
    fake.fail({ ...FAULTS.primaryRateLimit(1), method: 'GET' });
    expect((await track(reportOf({ a: DOWN() }))).outcomes[0]?.action).toBe('opened');
  });

  it('rate limits are waited out at most twice a run', async () => {
    fake.fail({ ...FAULTS.tooManyRequests(1), times: Number.POSITIVE_INFINITY });
    const result = await track(reportOf({ a: DOWN() }));
    expect(result.warnings).toEqual([expect.stringContaining("GitHub's API rate limit (429")]);
    expect(fake.requests.length).toBeLessThanOrEqual(3);
  });

  it('500: retried twice, then a warning; a transient one passes unnoticed', async () => {
    fake.fail({ ...FAULTS.serverError, times: Number.POSITIVE_INFINITY });
    const failed = await track(reportOf({ a: DOWN() }));
    expect(failed.warnings).toEqual([
      expect.stringContaining(
        'could not list the open issues labelled "llm-outage": GitHub failed (500: Server Error) after 2 retries',
      ),
    ]);
    expect(requestLines()).toEqual(Array(3).fill('GET /repos/acme/models/issues 500'));

    fake.reset();
    fake.fail({ ...FAULTS.serverError, method: 'GET' });
    const passed = await track(reportOf({ a: DOWN() }));
    expect(passed.warnings).toEqual([]);
    expect(passed.outcomes[0]?.action).toBe('opened');
  });

  it('a 500 on create is never retried blindly: it looks for the issue first, and never duplicates it', async () => {
    fake.fail({ ...FAULTS.serverError, method: 'POST', path: /\/issues$/ });
    const once = await track(reportOf({ a: DOWN() }));
    expect(once.outcomes[0]?.action).toBe('opened');
    expect(fake.issues).toHaveLength(1);
    expect(requestLines().slice(-4)).toEqual([
      'POST /repos/acme/models/issues 500',
      'GET /repos/acme/models/issues 200',
      'POST /repos/acme/models/issues 201',
      // Listed again right after creating, for a duplicate an overlapping run may have opened.
      'GET /repos/acme/models/issues 200',
    ]);

    fake.reset();
    fake.fail({ ...FAULTS.serverError, method: 'POST', path: /\/issues$/, times: Number.POSITIVE_INFINITY });
    const always = await track(reportOf({ a: DOWN() }));
    expect(always.outcomes[0]?.action).toBe('none');
    expect(always.warnings).toEqual([expect.stringContaining('could not open it: GitHub failed (500')]);
    expect(posts(/\/issues$/)).toHaveLength(2);
    expect(fake.issues).toEqual([]);
  });

  it('a body GitHub finds too long is cut and sent once more', async () => {
    fake.fail({
      method: 'POST',
      path: /\/issues$/,
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'Issue',
            code: 'custom',
            field: 'body',
            message: 'body is too long (maximum is 65536 characters)',
          },
        ],
      },
    });
    const result = await track(reportOf({ a: DOWN() }));
    expect(result).toMatchObject({ warnings: [], outcomes: [{ action: 'opened' }] });
    expect(targetOfBody(fake.issues[0]?.body)).toBe('a');
  });

  it('assignees GitHub refuses: opened without them, with a warning', async () => {
    const strict = await startFakeGitHub({ assignable: ['alice'] });
    try {
      const result = await track(
        reportOf({ a: DOWN() }),
        trackingOf({ assignees: ['mallory'] }),
        new Date(),
        undefined,
        client(strict.url),
      );
      expect(result.outcomes[0]?.action).toBe('opened');
      expect(result.warnings).toEqual([
        expect.stringContaining('GitHub refused the issue-assignees (mallory)'),
      ]);
      expect(strict.issues[0]?.assignees).toEqual([]);
      expect(strict.violations).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it('a label that cannot be created: a warning, and the issue is opened anyway', async () => {
    fake.fail({ ...FAULTS.missingPermission, method: 'POST', path: /\/labels$/ });
    const result = await track(reportOf({ a: DOWN() }));
    expect(result.outcomes[0]?.action).toBe('opened');
    expect(result.warnings).toEqual([expect.stringContaining('could not create the label "llm-outage"')]);
    expect(fake.issues[0]?.labels).toEqual(['llm-outage']);
  });

  it('a failed close is tried again on the next run, without losing the recovery comment', async () => {
    await track(reportOf({ a: DOWN() }));
    fake.fail({ ...FAULTS.missingPermission, method: 'PATCH' });
    const failed = await track(reportOf({ a: UP() }));
    expect(failed.outcomes[0]).toMatchObject({ action: 'none', number: 1 });
    expect(failed.warnings).toEqual([expect.stringContaining('could not close #1')]);
    const retried = await track(reportOf({ a: UP() }));
    expect(retried.outcomes[0]).toMatchObject({ action: 'closed', number: 1 });
    expect(fake.issues[0]?.state).toBe('closed');
    expect(fake.issues[0]?.comments.filter((c) => c.body.includes('Recovered'))).toHaveLength(2);
  });

  it('gives up when GitHub does not answer within the deadline, and leaves the other targets be', async () => {
    const none = await track(
      reportOf({ a: DOWN() }),
      trackingOf(),
      new Date(),
      undefined,
      client(fake.url, 0),
    );
    expect(none.warnings).toEqual([expect.stringContaining('GitHub did not answer within')]);

    // Writes spaced 400 ms apart: the create comes after a 200 ms deadline.
    const late = await track(
      reportOf({ a: DOWN(), b: DOWN() }),
      trackingOf(),
      new Date(),
      undefined,
      client(fake.url, 200, 400),
    );
    expect(late.outcomes.map((o) => o.action)).toEqual(['none', 'none']);
    expect(late.warnings).toEqual([
      expect.stringMatching(/^Tracking issue of "a": could not open it: GitHub did not answer within/),
    ]);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))).toEqual([]);
  });
});

describe('open-after: the closed state issue keeps the breached runs counted', () => {
  const twice = (extra: Partial<TrackingConfig> = {}) => trackingOf({ openAfter: 2, ...extra });
  const minutes = (n: number) => new Date(Date.parse('2026-05-01T10:00:00Z') + n * 60_000);
  const stateIssues = () => fake.issues.filter((i) => i.labels.includes(STATE_LABEL));
  const trackingIssues = () => fake.issues.filter((i) => targetOfBody(i.body) !== null);
  const stateWrites = () =>
    fake.requests.filter(
      (r) =>
        (r.method === 'POST' &&
          r.path.endsWith('/issues') &&
          (r.body as { labels?: string[] }).labels?.includes(STATE_LABEL)) ||
        (r.method === 'PATCH' && stateIssues().some((i) => r.path.endsWith(`/issues/${i.number}`))),
    );

  it('first breach: no tracking issue, a state issue created closed; second: the issue opens and the count is cleared', async () => {
    const first = await track(reportOf({ m: DOWN(), other: UP() }), twice(), minutes(0));
    expect(first).toEqual({
      outcomes: [
        { target: 'm', action: 'none', number: null, url: null },
        { target: 'other', action: 'none', number: null, url: null },
      ],
      warnings: [],
    });
    expect(trackingIssues()).toEqual([]);
    const [state] = stateIssues();
    expect(state).toMatchObject({
      state: 'closed',
      state_reason: 'not_planned',
      labels: [STATE_LABEL],
      title: 'llm-heartbeat: pending outage streaks (closed on purpose)',
      comments: [],
    });
    expect(pendingOfBody(state!.body)).toEqual({
      'llm-outage': { m: expect.objectContaining({ runs: 1, since: minutes(0).toISOString() }) },
    });
    expect(state!.body).toContain('do not edit; closed on purpose');
    expect(fake.labels.find((l) => l.name === STATE_LABEL)).toMatchObject({ color: 'ededed' });

    const second = await track(reportOf({ m: DOWN(), other: UP() }), twice(), minutes(5));
    expect(second.warnings).toEqual([]);
    expect(second.outcomes[0]).toMatchObject({ action: 'opened', number: 2 });
    expect(stateOfBody(trackingIssues()[0]!.body)).toMatchObject({
      startedAt: minutes(0).toISOString(),
      runsSeenDown: 2,
    });
    expect(pendingOfBody(stateIssues()[0]!.body)).toEqual({});
    expect(stateIssues()).toHaveLength(1);

    // While the issue is open, and once it is closed, the state does not change: no write.
    const writes = stateWrites().length;
    expect((await track(reportOf({ m: DOWN() }), twice(), minutes(10))).outcomes[0]?.action).toBe('updated');
    expect((await track(reportOf({ m: UP() }), twice(), minutes(15))).outcomes[0]?.action).toBe('closed');
    expect((await track(reportOf({ m: UP() }), twice(), minutes(20))).outcomes[0]?.action).toBe('none');
    expect(stateWrites()).toHaveLength(writes);
    // Created once (the one notification), never reopened.
    expect(stateWrites().filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(stateIssues()[0]!.state).toBe('closed');
  });

  it('breached, healthy, breached: never opens an issue', async () => {
    for (const [n, checks] of [
      [0, DOWN()],
      [5, UP()],
      [10, DOWN()],
      [15, UP()],
      [20, DOWN()],
    ] as const) {
      const result = await track(reportOf({ m: [...checks] }), twice(), minutes(n));
      expect(result).toMatchObject({ warnings: [], outcomes: [{ action: 'none' }] });
    }
    expect(trackingIssues()).toEqual([]);
    expect(stateIssues()).toHaveLength(1);
    expect(pendingOfBody(stateIssues()[0]!.body)).toEqual({
      'llm-outage': { m: expect.objectContaining({ runs: 1, since: minutes(20).toISOString() }) },
    });
  });

  it('reopens a recently closed issue only on the open-after-th breached run', async () => {
    await track(reportOf({ m: DOWN() }), twice(), minutes(0));
    await track(reportOf({ m: DOWN() }), twice(), minutes(5));
    await track(reportOf({ m: UP() }), twice(), minutes(10));
    expect(trackingIssues()[0]!.state).toBe('closed');
    expect((await track(reportOf({ m: DOWN() }), twice(), minutes(15))).outcomes[0]?.action).toBe('none');
    expect((await track(reportOf({ m: DOWN() }), twice(), minutes(20))).outcomes[0]?.action).toBe('reopened');
    expect(trackingIssues()).toHaveLength(1);
    expect(trackingIssues()[0]!.state).toBe('open');
  });

  it('a corrupted state block: counted from nothing with a warning, and the block is repaired in place', async () => {
    const broken = fake.seedIssue({
      title: 'llm-heartbeat: pending outage streaks (closed on purpose)',
      body: '<!-- llm-heartbeat:pending {"llm-outage": {"m": -->\nedited by hand',
      labels: [STATE_LABEL],
      state: 'closed',
    });
    const first = await track(reportOf({ m: DOWN() }), twice(), minutes(0));
    expect(first.outcomes[0]?.action).toBe('none');
    expect(first.warnings).toEqual([
      `Pending outage streaks: the hidden block of #${broken.number} (labelled "${STATE_LABEL}") is unreadable, perhaps edited by hand; breached runs are counted again from this run, and the block is rewritten.`,
    ]);
    expect(stateIssues()).toHaveLength(1);
    expect(pendingOfBody(broken.body)).toMatchObject({ 'llm-outage': { m: { runs: 1 } } });

    const second = await track(reportOf({ m: DOWN() }), twice(), minutes(5));
    expect(second).toMatchObject({ warnings: [], outcomes: [{ action: 'opened' }] });
  });

  it('two state issues (overlapping runs): the oldest holds the count', async () => {
    const since = minutes(0).toISOString();
    const streak = { runs: 1, since, firstRunUrl: null, lastSeenAt: since };
    const body = (streaks: object) => `${pendingBlock(streaks as never)}\nkept by llm-heartbeat`;
    fake.seedIssue({
      title: 'state',
      body: body({ 'llm-outage': { m: streak } }),
      labels: [STATE_LABEL],
      state: 'closed',
    });
    fake.seedIssue({ title: 'state', body: body({}), labels: [STATE_LABEL], state: 'closed' });
    const result = await track(reportOf({ m: DOWN() }), twice(), minutes(5));
    expect(result).toMatchObject({ warnings: [], outcomes: [{ action: 'opened', number: 3 }] });
    expect(stateOfBody(fake.issues[2]!.body)).toMatchObject({ startedAt: since, runsSeenDown: 2 });
    expect(pendingOfBody(fake.issues[0]!.body)).toEqual({});
    expect(fake.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([
      '/repos/acme/models/issues/1',
    ]);
  });

  it('the state issue is never taken for a tracking issue, nor a tracking issue or a person’s issue for the state', async () => {
    // Even with the tracking issues under the state label, the markers keep the two apart.
    const shared = twice({ labels: [STATE_LABEL] });
    const human = fake.seedIssue({
      title: 'What is this label?',
      body: 'I found llm-heartbeat-state on an issue',
      labels: [STATE_LABEL],
    });
    await track(reportOf({ m: DOWN() }), shared, minutes(0));
    const state = fake.issues.find((i) => pendingOfBody(i.body) !== null)!;
    expect(state.number).toBe(2);
    expect(targetOfBody(state.body)).toBeNull();

    const opened = await track(reportOf({ m: DOWN() }), shared, minutes(5));
    expect(opened.outcomes[0]).toMatchObject({ action: 'opened', number: 3 });
    const closed = await track(reportOf({ m: UP() }), shared, minutes(10));
    expect(closed.outcomes[0]).toMatchObject({ action: 'closed', number: 3 });
    // The closed state issue is not reopened as the target's issue; the tracking issue is.
    await track(reportOf({ m: DOWN() }), shared, minutes(15));
    const reopened = await track(reportOf({ m: DOWN() }), shared, minutes(20));
    expect(reopened.outcomes[0]).toMatchObject({ action: 'reopened', number: 3 });
    expect(fake.issues[2]!.body).not.toContain('llm-heartbeat:pending');
    expect(state).toMatchObject({ state: 'closed', comments: [] });
    expect(human).toMatchObject({
      state: 'open',
      body: 'I found llm-heartbeat-state on an issue',
      comments: [],
    });
    expect(fake.requests.filter((r) => r.path.endsWith(`/issues/${human.number}`))).toEqual([]);
  });

  it('with open-after 1, no state issue is ever read or written', async () => {
    await track(reportOf({ m: DOWN() }), trackingOf(), minutes(0));
    await track(reportOf({ m: UP() }), trackingOf(), minutes(5));
    expect(fake.requests.filter((r) => r.query.labels === STATE_LABEL)).toEqual([]);
    expect(stateIssues()).toEqual([]);
  });

  it('GitHub refuses the state issue: a warning naming issues: write; the next run counts from nothing', async () => {
    fake.fail({ ...FAULTS.missingPermission, method: 'POST', path: /\/issues$/ });
    const refused = await track(reportOf({ m: DOWN() }), twice(), minutes(0));
    expect(refused.outcomes[0]?.action).toBe('none');
    expect(refused.warnings).toEqual([
      expect.stringMatching(
        /^Pending outage streaks \(this run is not counted\): could not create the state issue: the token may not work with the issues of acme\/models \(403/,
      ),
    ]);
    expect((await track(reportOf({ m: DOWN() }), twice(), minutes(5))).outcomes[0]?.action).toBe('none');
    expect((await track(reportOf({ m: DOWN() }), twice(), minutes(10))).outcomes[0]?.action).toBe('opened');
  });

  it('GitHub fails listing the state issue: a warning, nothing opened or written on a guess', async () => {
    // The first list (open tracking issues) answers empty; the state list fails, retries included.
    fake.fail({ method: 'GET', path: /\/issues$/, status: 200, body: [] });
    fake.fail({ ...FAULTS.serverError, method: 'GET', path: /\/issues$/, times: 3 });
    const result = await track(reportOf({ m: DOWN() }), twice(), minutes(0));
    expect(result.outcomes[0]?.action).toBe('none');
    expect(result.warnings).toEqual([
      expect.stringContaining('Pending outage streaks (this run counts from nothing and keeps nothing)'),
    ]);
    expect(fake.issues).toEqual([]);
  });
});
