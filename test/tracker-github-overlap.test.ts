// Runs that overlap, against the GitHub stand-in: separate workflows sharing the state issue, runs of
// one workflow racing to open the same issue, and writes GitHub applied but answered 502 for.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pendingBlock, pendingOfBody, targetOfBody } from '../src/tracker/marker.js';
import { STATE_LABEL } from '../src/tracker/state-issue.js';
import { type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import { testGitHubClient } from './support/github-client.js';
import { DOWN, reportOf, trackingOf, trackOn, UP } from './support/github-tracker.js';

let fake: FakeGitHub;

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

const minutes = (n: number) => new Date(Date.parse('2026-05-01T10:00:00Z') + n * 60_000);
const stateIssue = () => fake.issues.find((i) => i.labels.includes(STATE_LABEL));
const pending = () => pendingOfBody(stateIssue()?.body);
const trackingIssues = () => fake.issues.filter((i) => targetOfBody(i.body) !== null);
const twice = (labels: string[]) => trackingOf({ openAfter: 2, labels });

describe('separate workflows share the state issue without losing a count', () => {
  const pairs = [
    { case: 'different first labels', a: ['llm-outage'], b: ['staging-outage'] },
    { case: 'the same first label, other targets', a: ['llm-outage'], b: ['llm-outage', 'staging'] },
  ];

  it.each(pairs)('$case: another workflow writes between this run’s read and its write', async ({ a, b }) => {
    // Workflow A reads the state issue, then (before A writes) workflow B runs from start to end.
    const octokit = testGitHubClient(fake.url);
    let requests = 0;
    octokit.hook.before('request', async () => {
      if (++requests === 3) await trackOn(fake, reportOf({ beta: DOWN() }), twice(b), minutes(0));
    });
    const first = await trackOn(fake, reportOf({ alpha: DOWN() }), twice(a), minutes(0), octokit);
    expect(first.warnings).toEqual([]);
    expect(requests).toBeGreaterThan(3);
    const counted = pending();
    expect(counted?.['llm-outage']?.alpha).toMatchObject({ runs: 1 });
    expect(counted?.[b[0]!]?.beta).toMatchObject({ runs: 1 });

    // The second breached run of each opens its issue.
    const [alpha, beta] = await Promise.all([
      trackOn(fake, reportOf({ alpha: DOWN() }), twice(a), minutes(5)),
      trackOn(fake, reportOf({ beta: DOWN() }), twice(b), minutes(5)),
    ]);
    expect([alpha.outcomes[0]?.action, beta.outcomes[0]?.action]).toEqual(['opened', 'opened']);
    expect(
      trackingIssues()
        .map((i) => targetOfBody(i.body))
        .sort(),
    ).toEqual(['alpha', 'beta']);
    expect(pending()).toEqual({});
  });

  it('a writer that overwrites the block from an older read right after this run wrote: it writes again', async () => {
    const since = minutes(0).toISOString();
    const theirs = { 'staging-outage': { beta: { runs: 1, since, firstRunUrl: null, lastSeenAt: since } } };
    const stale = `${pendingBlock(theirs)}\nkept by llm-heartbeat`;
    const state = fake.seedIssue({ title: 'state', body: stale, labels: [STATE_LABEL], state: 'closed' });
    const octokit = testGitHubClient(fake.url);
    let overwritten = 0;
    octokit.hook.after('request', async (_response, options) => {
      // An older release of the action, say, rewriting the whole block as it read it before this run wrote.
      if (options.method === 'PATCH' && options.issue_number === state.number && overwritten++ === 0)
        state.body = stale;
    });
    const result = await trackOn(
      fake,
      reportOf({ alpha: DOWN() }),
      twice(['llm-outage']),
      minutes(1),
      octokit,
    );
    expect(result.warnings).toEqual([]);
    expect(overwritten).toBe(2);
    expect(pending()).toEqual({
      ...theirs,
      'llm-outage': { alpha: expect.objectContaining({ runs: 1, since: minutes(1).toISOString() }) },
    });
  });

  it('gives up with a warning after three overwritten writes, and never throws', async () => {
    const stale = `${pendingBlock({})}\nkept by llm-heartbeat`;
    const state = fake.seedIssue({ title: 'state', body: stale, labels: [STATE_LABEL], state: 'closed' });
    const octokit = testGitHubClient(fake.url);
    octokit.hook.after('request', async (_response, options) => {
      if (options.method === 'PATCH' && options.issue_number === state.number) state.body = stale;
    });
    const result = await trackOn(
      fake,
      reportOf({ alpha: DOWN() }),
      twice(['llm-outage']),
      minutes(1),
      octokit,
    );
    expect(result.outcomes[0]?.action).toBe('none');
    expect(result.warnings).toEqual([
      expect.stringContaining('Pending outage streaks: other runs kept overwriting the hidden block'),
    ]);
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(3);
  });

  it('two workflows probing the same target name under the same first label share its issue and its count', async () => {
    const tracking = twice(['llm-outage']);
    await trackOn(fake, reportOf({ shared: DOWN() }, 'nightly'), tracking, minutes(0));
    const second = await trackOn(fake, reportOf({ shared: DOWN() }, 'hourly'), tracking, minutes(1));
    expect(second.outcomes[0]?.action).toBe('opened');
    expect(trackingIssues()).toHaveLength(1);
  });

  it('two workflows on overlapping schedules, three runs each, all down: each target gets its issue', async () => {
    for (const n of [0, 5, 10]) {
      await Promise.all([
        trackOn(fake, reportOf({ alpha: DOWN() }, 'prod'), twice(['llm-outage']), minutes(n)),
        trackOn(fake, reportOf({ beta: DOWN() }, 'staging'), twice(['staging-outage']), minutes(n)),
      ]);
    }
    expect(trackingIssues().map((i) => [targetOfBody(i.body), i.state])).toEqual(
      expect.arrayContaining([
        ['alpha', 'open'],
        ['beta', 'open'],
      ]),
    );
    expect(trackingIssues()).toHaveLength(2);
  });
});

describe('overlapping runs of one workflow: one issue, each comment once', () => {
  /** N runs at once, each with its own client and run id, all seeing `m` down (open-after 1). */
  async function simultaneous(n: number) {
    const results = await Promise.all(
      Array.from({ length: n }, () => trackOn(fake, reportOf({ m: DOWN() }))),
    );
    const created = fake.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/issues') && r.status === 201,
    ).length;
    const issues = trackingIssues();
    return {
      results,
      created,
      open: issues.filter((i) => i.state === 'open'),
      duplicates: issues.filter((i) => i.state_reason === 'duplicate').length,
      comments: issues.flatMap((i) => i.comments).length,
    };
  }

  it.each([2, 5, 10])(
    '%i simultaneous runs leave one issue open, the others closed as its duplicates',
    async (n) => {
      const { results, created, open, duplicates, comments } = await simultaneous(n);
      console.info(
        `${n} simultaneous runs: ${created} created, ${open.length} left open, ${duplicates} closed as duplicates, ${comments} comments`,
      );
      expect(results.flatMap((r) => r.warnings)).toEqual([]);
      expect(open).toHaveLength(1);
      expect(open[0]!.number).toBe(Math.min(...trackingIssues().map((i) => i.number)));
      expect(duplicates).toBe(created - 1);
      // One "closing as a duplicate" comment on each duplicate, none on the issue kept.
      expect(comments).toBe(duplicates);
      expect(open[0]!.comments).toEqual([]);
      // Every run reports the one issue left open (or, when it lost the race, nothing it did to it).
      for (const r of results) expect(r.outcomes[0]?.number).toBe(open[0]!.number);
      expect(results.filter((r) => r.outcomes[0]?.action === 'opened')).toHaveLength(1);
    },
  );

  // open-after 2: the state issue exists once the first breached run is counted, and carries the lock.
  it.each([5, 10])('%i simultaneous runs with open-after 2: the lock lets one open the issue', async (n) => {
    const since = minutes(0).toISOString();
    const counted = { 'llm-outage': { m: { runs: 1, since, firstRunUrl: null, lastSeenAt: since } } };
    const state = fake.seedIssue({
      title: 'state',
      body: `${pendingBlock(counted)}\nkept by llm-heartbeat`,
      labels: [STATE_LABEL],
      state: 'closed',
    });
    // Waits of 20 ms a "second": the lock is tried 10 times, 20 to 40 ms apart.
    const results = await Promise.all(
      Array.from({ length: n }, () =>
        trackOn(
          fake,
          reportOf({ m: DOWN() }),
          twice(['llm-outage']),
          minutes(5),
          testGitHubClient(fake.url, undefined, 1, 20),
        ),
      ),
    );
    const created = fake.requests.filter(
      (r) => r.method === 'POST' && r.path.endsWith('/issues') && r.status === 201,
    ).length;
    const issues = trackingIssues();
    const open = issues.filter((i) => i.state === 'open');
    const comments = issues.flatMap((i) => i.comments).length;
    console.info(
      `${n} simultaneous runs, open-after 2 (lock): ${created} created, ${open.length} left open, ${issues.length - open.length} closed as duplicates, ${comments} comments`,
    );
    expect(results.flatMap((r) => r.warnings)).toEqual([]);
    expect(open).toHaveLength(1);
    expect(created).toBe(1);
    expect(comments).toBe(0);
    expect(results.filter((r) => r.outcomes[0]?.action === 'opened')).toHaveLength(1);
    for (const r of results) expect(r.outcomes[0]?.number).toBe(open[0]!.number);
    // Every lock was released.
    expect(state.reactions).toEqual([]);
    expect(pending()).toEqual({});
  });

  it('a stale lock (a cancelled run’s) is broken; a fresh one held all along is waited for, then done without', async () => {
    const since = minutes(0).toISOString();
    const counted = { 'llm-outage': { m: { runs: 1, since, firstRunUrl: null, lastSeenAt: since } } };
    const old = new Date(Date.now() - 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const state = fake.seedIssue({
      title: 'state',
      body: `${pendingBlock(counted)}\nkept by llm-heartbeat`,
      labels: [STATE_LABEL],
      state: 'closed',
      reactions: [{ id: 900, content: 'eyes', user: 'github-actions[bot]', created_at: old }],
    });
    const broken = await trackOn(fake, reportOf({ m: DOWN() }), twice(['llm-outage']), minutes(5));
    expect(broken).toMatchObject({ warnings: [], outcomes: [{ action: 'opened' }] });
    expect(
      fake.requests.filter((r) => r.path.includes('/reactions')).map((r) => `${r.method} ${r.status}`),
    ).toEqual(['POST 200', 'DELETE 204', 'POST 201', 'DELETE 204']);
    expect(state.reactions).toEqual([]);

    // A lock held all along (created just now, never released): the run opens without it, after waiting.
    fake.reset();
    const again = fake.seedIssue({
      title: 'state',
      body: `${pendingBlock(counted)}\nkept by llm-heartbeat`,
      labels: [STATE_LABEL],
      state: 'closed',
    });
    again.reactions.push({
      id: 901,
      content: 'eyes',
      user: 'github-actions[bot]',
      created_at: new Date().toISOString(),
    });
    const waited = await trackOn(fake, reportOf({ m: DOWN() }), twice(['llm-outage']), minutes(5));
    expect(waited).toMatchObject({ warnings: [], outcomes: [{ action: 'opened' }] });
    expect(fake.requests.filter((r) => r.path.includes('/reactions'))).toHaveLength(10);
    expect(again.reactions.map((r) => r.id)).toEqual([901]);
  });

  it('a comment GitHub applied but answered 502 for is posted once', async () => {
    await trackOn(fake, reportOf({ m: DOWN() }));
    fake.fail({ method: 'POST', path: /\/comments$/, status: 502, applied: true });
    const result = await trackOn(fake, reportOf({ m: UP() }));
    expect(result).toMatchObject({ warnings: [], outcomes: [{ action: 'closed' }] });
    expect(fake.issues[0]!.comments.map((c) => c.body.split('\n')[0])).toEqual([
      expect.stringContaining('**Recovered:**'),
    ]);
    expect(fake.issues[0]!.state).toBe('closed');
  });

  it('a comment that did not go through is sent again once it is not found', async () => {
    await trackOn(fake, reportOf({ m: DOWN() }));
    fake.fail({ method: 'POST', path: /\/comments$/, status: 502 });
    const result = await trackOn(fake, reportOf({ m: UP() }));
    expect(result).toMatchObject({ warnings: [], outcomes: [{ action: 'closed' }] });
    expect(fake.issues[0]!.comments).toHaveLength(1);
    expect(
      fake.requests.filter((r) => r.path.endsWith('/comments')).map((r) => `${r.method} ${r.status}`),
    ).toEqual(['POST 502', 'GET 200', 'POST 201']);
  });

  it('comments fail for good: a warning after two looks, never more than one comment', async () => {
    await trackOn(fake, reportOf({ m: DOWN() }));
    fake.fail({ method: 'POST', path: /\/comments$/, status: 502, times: Number.POSITIVE_INFINITY });
    const result = await trackOn(fake, reportOf({ m: UP() }));
    expect(result.outcomes[0]?.action).toBe('none');
    expect(result.warnings).toEqual([expect.stringContaining('could not comment on #1: GitHub failed (502')]);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/comments'))).toHaveLength(3);
  });

  it('every issue body and comment it writes carries the run’s hidden marker', async () => {
    const down = reportOf({ m: DOWN() });
    await trackOn(fake, down);
    const up = reportOf({ m: UP() });
    await trackOn(fake, up);
    const [issue] = fake.issues;
    expect(issue!.body).toContain(`<!-- llm-heartbeat:run ${up.run.runId}-1 "m" -->`);
    expect(issue!.comments[0]!.body).toContain(`<!-- llm-heartbeat:run ${up.run.runId}-1 "m" -->`);
    const created = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/issues'));
    expect((created!.body as { body: string }).body).toContain(
      `<!-- llm-heartbeat:run ${down.run.runId}-1 "m" -->`,
    );
  });
});
