/**
 * The tracking issue through the committed bundle (`npm run bundle` first), run as the runner runs it,
 * against the fake provider and the GitHub stand-in on loopback: the lifecycle over several runs, a
 * GitHub fault that must not cost the summary, outputs or report, and the runs that make no GitHub call.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pendingOfBody, stateOfBody, targetOfBody } from '../src/tracker/marker.js';
import { FAULTS, type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import { type FakeProvider, type Script, startFakeProvider } from './support/fake-provider.js';
import { type ActionRun, runAction } from './support/run-action.js';

const MODEL = 'gpt-4o-mini';
const DOWN: Script = { [MODEL]: { kind: 'error', status: 500 } };
const UP: Script = { [MODEL]: { kind: 'ok', ttftMs: 5, tokens: 2 } };

let github: FakeGitHub;
let provider: FakeProvider;
let runId = 1000;

beforeAll(async () => {
  [github, provider] = await Promise.all([startFakeGitHub(), startFakeProvider(DOWN)]);
});
afterAll(async () => {
  await Promise.all([github.close(), provider.close()]);
});
beforeEach(() => {
  github.reset();
});
afterEach(() => {
  expect(github.violations).toEqual([]);
});

/** One scheduled run: the provider answers `script`, the repository is acme/models on the stand-in. */
async function scheduledRun(
  script: Script,
  extra: { inputs?: Record<string, string>; env?: Record<string, string> } = {},
) {
  provider.setScript(script);
  runId++;
  return runAction({
    inputs: {
      'base-url': provider.url,
      model: MODEL,
      checks: '3',
      interval: '0',
      // The lifecycle one run at a time; open-after and close-after above 1 have their own test.
      'open-after': '1',
      'close-after': '1',
      ...extra.inputs,
    },
    env: {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_TOKEN: 'ghs_faketoken0123456789',
      GITHUB_RUN_ID: String(runId),
      GITHUB_SERVER_URL: 'https://github.com',
      ...extra.env,
    },
  });
}

async function reportOf(run: ActionRun) {
  return JSON.parse(await readFile(run.outputs['report-file']!, 'utf8'));
}

const issueOutputs = (run: ActionRun) => ({
  number: run.outputs['issue-number'],
  url: run.outputs['issue-url'],
  action: run.outputs['issue-action'],
});

describe('the tracking issue through the bundle', () => {
  it('down, down, up, down: one issue, opened once, updated, closed with a duration comment, reopened', async () => {
    const url = 'https://github.com/acme/models/issues/1';
    const first = await scheduledRun(DOWN);
    expect(first.exitCode).toBe(1);
    expect(issueOutputs(first)).toEqual({ number: '1', url, action: 'opened' });
    expect(first.summary).toContain('### Tracking issues');
    expect(first.summary).toContain(`| 🔴 gpt\\-4o\\-mini | [#1](${url}) | opened |`);
    expect((await reportOf(first)).targets[0].issue).toEqual({ action: 'opened', number: 1, url });

    const second = await scheduledRun(DOWN);
    expect(issueOutputs(second)).toEqual({ number: '1', url, action: 'updated' });
    expect(stateOfBody(github.issues[0]!.body)).toMatchObject({ runsSeenDown: 2 });
    expect(github.issues[0]!.comments).toEqual([]);

    const third = await scheduledRun(UP);
    expect(third.exitCode).toBe(0);
    expect(issueOutputs(third)).toEqual({ number: '1', url, action: 'closed' });
    expect(github.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(github.issues[0]!.comments[0]!.body).toMatch(
      /^🟢 \*\*Recovered:\*\* gpt\\-4o\\-mini is up again\. The outage lasted about \*\*\d+ s\*\*: first seen .* seen in 2 run\(s\)\./,
    );

    const fourth = await scheduledRun(DOWN);
    expect(issueOutputs(fourth)).toEqual({ number: '1', url, action: 'reopened' });
    expect(github.issues[0]!.state).toBe('open');
    expect(github.issues[0]!.comments[1]!.body).toMatch(
      /^🔴 \*\*Down again:\*\* gpt\\-4o\\-mini is down \d+ s after/,
    );

    expect(github.issues).toHaveLength(1);
    expect(targetOfBody(github.issues[0]!.body)).toBe(MODEL);
    expect(github.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/issues'))).toHaveLength(1);
    expect(github.issues[0]!.body).toContain(
      `[workflow run](https://github.com/acme/models/actions/runs/${runId})`,
    );
    for (const run of [first, second, third, fourth]) expect(run.stdout).not.toContain('::warning::');
  });

  it('open-after 2, close-after 2: the first down run keeps its count in a closed state issue, the second opens', async () => {
    const twice = { inputs: { 'open-after': '2', 'close-after': '2' } };
    const runs = [];
    for (const script of [DOWN, DOWN, UP, UP]) runs.push(await scheduledRun(script, twice));
    expect(runs.map((run) => run.outputs['issue-action'])).toEqual(['none', 'opened', 'updated', 'closed']);
    expect(runs.map((run) => run.exitCode)).toEqual([1, 1, 0, 0]);
    const [state, issue] = github.issues;
    expect(state).toMatchObject({ state: 'closed', labels: ['llm-heartbeat-state'], comments: [] });
    expect(pendingOfBody(state!.body)).toEqual({});
    expect(issue).toMatchObject({ number: 2, state: 'closed', state_reason: 'completed' });
    expect(stateOfBody(issue!.body)).toMatchObject({ runsSeenDown: 2, healthyStreak: 2 });
    for (const run of runs) expect(run.stdout).not.toContain('::warning::');
  });

  it('a 403 on creating the issue: a warning naming issues: write; summary, outputs and report intact; exit by the verdict', async () => {
    github.fail({
      ...FAULTS.missingPermission,
      method: 'POST',
      path: /\/issues$/,
      times: Number.POSITIVE_INFINITY,
    });
    const run = await scheduledRun(DOWN);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(
      /::warning::Tracking issue of "gpt-4o-mini": could not open it: .*`permissions: issues: write`/,
    );
    expect(run.stdout).toMatch(/::error::llm-heartbeat: down/);
    expect(run.outputs).toMatchObject({
      status: 'down',
      'issue-number': '',
      'issue-url': '',
      'issue-action': 'none',
    });
    expect(run.summary).toMatch(/## 🔴 llm-heartbeat: down/);
    expect(run.summary).toMatch(
      /### Tracking issues[\s\S]*⚠️ Tracking issue of &quot;gpt\\-4o\\-mini&quot;: could not open it/,
    );
    const report = await reportOf(run);
    expect(report.status).toBe('down');
    expect(report.trackerWarnings).toEqual([expect.stringContaining('issues: write')]);
    expect(report.targets[0].issue).toEqual({ action: 'none', number: null, url: null });
    expect(github.issues).toEqual([]);

    const lenient = await scheduledRun(DOWN, { inputs: { 'fail-on': 'never' } });
    expect(lenient.exitCode).toBe(0);
  });

  it('tracking-issue: false makes no GitHub call at all', async () => {
    const run = await scheduledRun(DOWN, { inputs: { 'tracking-issue': 'false' } });
    expect(run.exitCode).toBe(1);
    expect(github.requests).toEqual([]);
    expect(run.outputs).toMatchObject({ 'issue-action': 'none', 'issue-number': '' });
    expect(run.summary).not.toContain('Tracking issues');
    expect((await reportOf(run)).targets[0].issue).toBeNull();
  });

  it('without a repository or a token (a local run): one info line, no GitHub call', async () => {
    const local = await scheduledRun(DOWN, { env: { GITHUB_REPOSITORY: '' } });
    expect(local.stdout).toContain('Tracking issues skipped: GITHUB_REPOSITORY is not set to owner/repo');
    const tokenless = await scheduledRun(DOWN, { env: { GITHUB_TOKEN: '' } });
    expect(tokenless.stdout).toContain('Tracking issues skipped: github-token is empty.');
    expect(github.requests).toEqual([]);
    for (const run of [local, tokenless]) {
      expect(run.exitCode).toBe(1);
      expect(run.stdout).not.toContain('::warning::');
      expect(run.outputs['issue-action']).toBe('none');
    }
  });
});
