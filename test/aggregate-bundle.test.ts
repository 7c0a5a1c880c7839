/**
 * A matrix of probe jobs and one aggregate job, as the README's workflow runs them, through the bundle:
 * three locations write reports into one folder, the aggregate run merges them by quorum.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { runAction } from './support/run-action.js';

let provider: FakeProvider;
let github: FakeGitHub;
let workspace: string;

beforeAll(async () => {
  provider = await startFakeProvider({
    healthy: { kind: 'ok', ttftMs: 10, tokens: 2 },
    broken: { kind: 'error', status: 503 },
  });
  github = await startFakeGitHub();
  workspace = await mkdtemp(path.join(tmpdir(), 'llm-heartbeat-matrix-'));
  // One location's network is bad: the same target, seen failing from there only.
  for (const [location, model] of [
    ['ubuntu-latest', 'broken'],
    ['windows-latest', 'healthy'],
    ['eu-west', 'healthy'],
  ]) {
    const run = await runAction({
      workspace,
      inputs: {
        'base-url': provider.url,
        targets: `- name: main\n  model: ${model}`,
        checks: '3',
        interval: '0',
        location: location!,
        'report-file': `reports/${location}.json`,
        'fail-on': 'never',
        'tracking-issue': 'false',
      },
    });
    expect(run.exitCode).toBe(0);
  }
});
afterAll(async () => {
  await provider.close();
  await github.close();
});

const aggregate = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction({
    workspace,
    inputs: {
      mode: 'aggregate',
      reports: 'reports/*.json',
      'report-file': 'merged.json',
      'tracking-issue': 'false',
      ...inputs,
    },
    env,
  });

describe('aggregate mode through the bundle', () => {
  it('one location of three down: the target is up overall, and the summary shows the disagreement', async () => {
    const before = provider.requests.length;
    const run = await aggregate({});
    expect(run.exitCode).toBe(0);
    expect(provider.requests.length).toBe(before);
    expect(run.outputs.status).toBe('up');
    expect(run.summary).toContain('### Locations');
    const row = run.summary.split('\n').find((line) => line.startsWith('| **main** |'))!;
    expect(row).toMatch(/^\| \*\*main\*\* \| 🟢 up \|/);
    expect(row.match(/🟢 100% · p95 \d+ ms/g)).toHaveLength(2);
    expect(row).toContain('🔴 0% |');
    expect(run.summary).toMatch(
      /The locations disagree:[\s\S]*main: .*ubuntu\\-latest down.*→ \*\*up\*\* by quorum/,
    );
  });

  it('min-failing-locations 1: down, the step fails, and one tracking issue is opened once', async () => {
    const env = {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_TOKEN: 'ghs_test',
      GITHUB_RUN_ID: '42',
    };
    const run = await aggregate(
      { 'min-failing-locations': '1', 'tracking-issue': 'true', 'open-after': '1' },
      env,
    );
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ status: 'down', 'issue-action': 'opened' });
    expect(github.issues.filter((i) => i.state === 'open')).toHaveLength(1);
    expect(github.issues[0]?.title).toMatch(/main is down/);
    expect(github.violations).toEqual([]);
  });

  it.each([
    [{ reports: 'nothing/*.json' }, /Input "reports" is "nothing\/\*.json", which matched no file/],
    [{ reports: 'mixed/*.json' }, /mixed\/b.json has schemaVersion 2: expected 1/],
    [{ reports: 'twice/*.json' }, /twice\/b.json and twice\/a.json are both from location "eu-west"/],
  ])('clear errors for %j', async (inputs, message) => {
    const good = await readFile(path.join(workspace, 'reports/eu-west.json'), 'utf8');
    for (const dir of ['mixed', 'twice']) await mkdir(path.join(workspace, dir), { recursive: true });
    await writeFile(path.join(workspace, 'mixed/a.json'), good);
    await writeFile(
      path.join(workspace, 'mixed/b.json'),
      good.replace('"schemaVersion": 1', '"schemaVersion": 2'),
    );
    await writeFile(path.join(workspace, 'twice/a.json'), good);
    await writeFile(path.join(workspace, 'twice/b.json'), good);
    const run = await aggregate(inputs);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(message);
  });
});
