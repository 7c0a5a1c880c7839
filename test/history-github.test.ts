/**
 * The data branch through the real Octokit against the GitHub stand-in (Git Data API, validated
 * against GitHub's OpenAPI description): the orphan branch made on the first run, one commit per run,
 * two writers at once losing and duplicating nothing, a non-fast-forward answer retried on the new
 * head, contents: read only, a damaged file.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { githubHistory } from '../src/history/github.js';
import { parseRecordLines } from '../src/history/record.js';
import { parseStates } from '../src/history/store.js';
import { FAULTS, type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import { testGitHubClient } from './support/github-client.js';
import { recordAt } from './support/history.js';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
const MIN = 60_000;
const BRANCH = 'llm-heartbeat-data';
const options = (now: number) => ({ now, slo: 99.5, title: 'acme/models status', repositoryUrl: null });

let github: FakeGitHub;
beforeAll(async () => {
  github = await startFakeGitHub();
});
afterAll(() => github.close());
beforeEach(() => github.reset());
afterEach(() => expect(github.violations).toEqual([]));

const backend = () => githubHistory(testGitHubClient(github.url), { owner: 'acme', repo: 'models' }, BRANCH);

function storedRecords() {
  const files = github.branchFiles(BRANCH);
  return [...files]
    .filter(([p]) => p.startsWith('history/runs/'))
    .flatMap(([, text]) => parseRecordLines(text).records);
}

describe('the data branch', () => {
  it('is made on the first run, then gets one commit per run in 7 requests', async () => {
    const first = backend();
    await first.read();
    const a = await first.write([recordAt(T0)], options(T0));
    expect(a.written).toBe(true);
    expect(github.commitCount(BRANCH)).toBe(1);
    const second = backend();
    await second.read();
    const b = await second.write([recordAt(T0 + 5 * MIN)], options(T0 + 5 * MIN));
    expect(b).toMatchObject({ written: true, attempts: 1, requests: 7 });
    expect(github.commitCount(BRANCH)).toBe(2);
    const files = github.branchFiles(BRANCH);
    expect(files.has('index.html')).toBe(true);
    expect(JSON.parse(files.get('api/alpha-one/uptime-24h.json')!)).toEqual({
      schemaVersion: 1,
      label: 'uptime 24h',
      message: '100.00%',
      color: 'brightgreen',
    });
    expect(storedRecords().map((r) => r.t)).toEqual([
      new Date(T0).toISOString(),
      new Date(T0 + 5 * MIN).toISOString(),
    ]);
  });

  it('loses and duplicates nothing when two runs write at once', async () => {
    const seed = backend();
    await seed.read();
    await seed.write([recordAt(T0)], options(T0));
    const writers = Array.from({ length: 2 }, () => backend());
    await Promise.all(writers.map((w) => w.read()));
    const results = await Promise.all(
      writers.map((w, i) => w.write([recordAt(T0 + (i + 1) * 5 * MIN)], options(T0 + 10 * MIN))),
    );
    expect(results.map((r) => r.written)).toEqual([true, true]);
    expect(results.map((r) => r.attempts).sort()).toEqual([1, 2]);
    expect(storedRecords()).toHaveLength(3);
    // As the next run reads it: the rollups of state.jsonl with the runs of the hour files since.
    const state = (await backend().read()).states.get('Alpha One')!;
    expect(state.recent.map((p) => p.t)).toEqual([T0, T0 + 5 * MIN, T0 + 10 * MIN]);
  });

  it('retries on the new head after a non-fast-forward answer, a bounded number of times', async () => {
    const w = backend();
    await w.read();
    await w.write([recordAt(T0)], options(T0));
    github.fail({ ...FAULTS.notFastForward, method: 'PATCH', path: /git\/refs/ });
    const again = backend();
    await again.read();
    expect(await again.write([recordAt(T0 + 5 * MIN)], options(T0 + 5 * MIN))).toMatchObject({
      written: true,
      attempts: 2,
    });
    github.fail({ ...FAULTS.notFastForward, method: 'PATCH', path: /git\/refs/, times: Infinity });
    const stuck = backend();
    const res = await stuck.write([recordAt(T0 + 10 * MIN)], options(T0 + 10 * MIN));
    expect(res.written).toBe(false);
    expect(res.attempts).toBe(5);
    expect(storedRecords()).toHaveLength(2);
  });

  it('says once that it needs contents: write', async () => {
    github.fail({ ...FAULTS.contentsReadOnly, method: 'POST', path: /git\/trees/, times: Infinity });
    const w = backend();
    await w.read();
    const res = await w.write([recordAt(T0)], options(T0));
    expect(res.written).toBe(false);
    expect(res.plan?.states.get('Alpha One')?.recent).toHaveLength(1);
    expect(res.warnings).toHaveLength(1);
    expect(res.warnings[0]).toContain('`permissions: contents: write`');
  });

  it('skips a damaged state line with a warning', async () => {
    const w = backend();
    await w.read();
    await w.write([recordAt(T0)], options(T0));
    // A person edits the file on the branch and leaves half a line.
    const files = github.branchFiles(BRANCH);
    const damaged = `${files.get('history/state.jsonl')}{"target":"Alpha`;
    const client = testGitHubClient(github.url);
    const head = github.git.refs.get(BRANCH)!;
    const tree = await client.rest.git.createTree({
      owner: 'acme',
      repo: 'models',
      base_tree: github.git.commits.get(head)!.tree,
      tree: [{ path: 'history/state.jsonl', mode: '100644', type: 'blob', content: damaged }],
    });
    const commit = await client.rest.git.createCommit({
      owner: 'acme',
      repo: 'models',
      message: 'edit',
      tree: tree.data.sha,
      parents: [head],
    });
    await client.rest.git.updateRef({
      owner: 'acme',
      repo: 'models',
      ref: `heads/${BRANCH}`,
      sha: commit.data.sha,
    });
    const next = backend();
    const read = await next.read();
    expect(read.warnings[0]).toContain('1 damaged line(s)');
    expect(read.states.get('Alpha One')?.recent).toHaveLength(1);
    const res = await next.write([recordAt(T0 + 5 * MIN)], options(T0 + 5 * MIN));
    expect(res.written).toBe(true);
    expect(parseStates(github.branchFiles(BRANCH).get('history/state.jsonl')!).damaged).toBe(0);
  });
});
