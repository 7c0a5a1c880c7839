/**
 * Maintenance windows through the committed bundle (`npm run bundle` first): a window from the
 * maintenance input (fixed, and recurring by cron) and one from an open issue labelled maintenance in
 * Upptime's format. The burst runs and the summary shows 🔧, but no issue opens or escalates, nothing
 * notifies, the pending streak does not grow, and the report marks the target.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pendingOfBody } from '../src/tracker/marker.js';
import { type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import { type FakeProvider, type Script, startFakeProvider } from './support/fake-provider.js';
import { type Receivers, startReceivers } from './support/receivers.js';
import { type ActionRun, runAction } from './support/run-action.js';

const MODEL = 'gpt-4o-mini';
const DOWN: Script = { [MODEL]: { kind: 'error', status: 500 } };
const SLOW: Script = { [MODEL]: { kind: 'ok', ttftMs: 120, tokens: 2 } };

let github: FakeGitHub;
let provider: FakeProvider;
let receivers: Receivers;
let runId = 7000;

beforeAll(async () => {
  [github, provider, receivers] = await Promise.all([
    startFakeGitHub(),
    startFakeProvider(DOWN),
    startReceivers(),
  ]);
});
afterAll(async () => {
  await Promise.all([github.close(), provider.close(), receivers.close()]);
});
beforeEach(() => {
  github.reset();
  receivers.reset();
});
afterEach(() => {
  expect(github.violations).toEqual([]);
});

const hour = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const NOW_WINDOW = `- start: ${iso(-hour)}\n  end: ${iso(hour)}\n`;

async function scheduledRun(script: Script, inputs: Record<string, string> = {}) {
  provider.setScript(script);
  runId++;
  return runAction({
    inputs: {
      'base-url': provider.url,
      model: MODEL,
      checks: '3',
      interval: '0',
      'open-after': '1',
      'close-after': '1',
      'webhook-url': receivers.url('/hook'),
      ...inputs,
    },
    env: {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_TOKEN: 'ghs_faketoken0123456789',
      GITHUB_RUN_ID: String(runId),
      GITHUB_SERVER_URL: 'https://github.com',
    },
  });
}

async function reportOf(run: ActionRun) {
  return JSON.parse(await readFile(run.outputs['report-file']!, 'utf8'));
}

const outageIssues = () => github.issues.filter((i) => i.labels.includes('llm-outage'));

describe('maintenance windows through the bundle', () => {
  it('a fixed window of the input: probed and shown with 🔧, but no issue and no notification', async () => {
    const run = await scheduledRun(DOWN, { maintenance: NOW_WINDOW });
    expect(run.exitCode).toBe(1);
    expect(provider.requests.length).toBeGreaterThan(0);
    expect(outageIssues()).toEqual([]);
    expect(receivers.requests).toEqual([]);
    expect(run.summary).toContain('🔴 down 🔧 maintenance');
    expect(run.summary).toContain('In a maintenance window until');
    const report = await reportOf(run);
    expect(report.targets[0].maintenance).toMatchObject({ source: 'input', issueNumber: null });
    expect(report.targets[0].status).toBe('down');

    // After the window, the outage is tracked from then on.
    const after = await scheduledRun(DOWN);
    expect(outageIssues()).toHaveLength(1);
    expect(receivers.delivered.map((r) => r.json.event)).toEqual(['opened']);
    expect((await reportOf(after)).targets[0].maintenance).toBeNull();
  });

  it('a recurring window (cron and duration) applies to the targets it names only', async () => {
    const always = (targets: string) => `- cron: "*/1 * * * *"\n  duration: PT2H\n  targets: [${targets}]\n`;
    await scheduledRun(DOWN, { maintenance: always(MODEL) });
    expect(outageIssues()).toEqual([]);
    await scheduledRun(DOWN, { maintenance: always('someone-else') });
    expect(outageIssues()).toHaveLength(1);
  });

  it('an open issue labelled maintenance in Upptime format, naming the target by its slug', async () => {
    const maintenance = github.seedIssue({
      title: 'Database migration',
      labels: ['maintenance'],
      body: `We migrate.\n<!--\nstart: ${iso(-hour)}\nend: ${iso(hour)}\nexpectedDown: gpt-4o-mini, other\n-->`,
    });
    const run = await scheduledRun(DOWN);
    expect(outageIssues()).toEqual([]);
    expect(receivers.requests).toEqual([]);
    const mark = (await reportOf(run)).targets[0].maintenance;
    expect(mark).toMatchObject({ source: 'issue', issueNumber: maintenance.number });
    expect(run.summary).toContain(`(from [#${maintenance.number}]`);

    // A window that has ended is no window.
    maintenance.body = `<!-- start: ${iso(-2 * hour)} end: ${iso(-hour)} expectedDown: gpt-4o-mini -->`;
    await scheduledRun(DOWN);
    expect(outageIssues()).toHaveLength(1);
  });

  it('the pending streak does not grow during a window (open-after 2)', async () => {
    const inputs = { 'open-after': '2' };
    await scheduledRun(DOWN, inputs);
    const state = () => github.issues.find((i) => i.labels.includes('llm-heartbeat-state'))!;
    const runs = () => pendingOfBody(state().body)?.['llm-outage']?.[MODEL]?.runs;
    expect(runs()).toBe(1);
    await scheduledRun(DOWN, { ...inputs, maintenance: NOW_WINDOW });
    await scheduledRun(DOWN, { ...inputs, maintenance: NOW_WINDOW });
    expect(runs()).toBe(1);
    expect(outageIssues()).toEqual([]);
    await scheduledRun(DOWN, inputs);
    expect(outageIssues()).toHaveLength(1);
  });

  it('an open degraded outage is not escalated during a window', async () => {
    const inputs = { 'issue-on': 'degraded', 'max-latency': '60' };
    await scheduledRun(SLOW, inputs);
    expect(outageIssues()).toHaveLength(1);
    receivers.reset();
    await scheduledRun(DOWN, { ...inputs, maintenance: NOW_WINDOW });
    const [issue] = outageIssues();
    expect(issue!.title).toContain('degraded');
    expect(issue!.comments).toEqual([]);
    expect(receivers.requests).toEqual([]);
    await scheduledRun(DOWN, inputs);
    expect(receivers.delivered.map((r) => r.json.event)).toEqual(['escalated']);
  });
});
