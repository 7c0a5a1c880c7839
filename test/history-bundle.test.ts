/**
 * History through the committed bundle (`npm run bundle` first), run as the runner runs it, against the
 * fake provider and the GitHub stand-in (Git Data API): a scripted sequence of runs (up, down, up, a
 * model change, a slow day) and what it leaves on the data branch, in the outputs, the badges and the
 * summary; a token with `contents: read` only; aggregate mode writing once for every location.
 *
 * The action reads the clock itself (`new Date()`), so the runs are real runs a second or so apart and
 * the uptime figures are checked against the bounds those real times give.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseRecordLines } from '../src/history/record.js';
import { branchStates } from '../src/history/store.js';
import { FAULTS, type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import { type FakeProvider, type Script, startFakeProvider } from './support/fake-provider.js';
import { type ActionRun, runAction } from './support/run-action.js';

const MODEL = 'gpt-4o-mini';
const BRANCH = 'llm-heartbeat-data';
const SLUG = 'gpt-4o-mini';
const okAs = (model: string, fingerprint: string, ttftMs: number): Script => ({
  [MODEL]: { kind: 'ok', ttftMs, tokens: 2, model, fingerprint },
});
const UP = okAs('gpt-4o-mini-2024-07-18', 'fp_a1', 5);
const DOWN: Script = { [MODEL]: { kind: 'error', status: 500 } };
const NEW_MODEL = okAs('gpt-4o-mini-2025-04-14', 'fp_b2', 5);
const SLOW = okAs('gpt-4o-mini-2025-04-14', 'fp_b2', 400);

/** Shields.io's endpoint badge schema (https://shields.io/badges/endpoint-badge), written out. */
const SHIELDS_ENDPOINT = {
  type: 'object',
  required: ['schemaVersion', 'label', 'message'],
  additionalProperties: false,
  properties: {
    schemaVersion: { const: 1 },
    label: { type: 'string' },
    message: { type: 'string', minLength: 1 },
    color: { type: 'string', minLength: 1 },
    labelColor: { type: 'string' },
    isError: { type: 'boolean' },
    namedLogo: { type: 'string' },
    logoSvg: { type: 'string' },
    logoColor: { type: 'string' },
    logoWidth: { type: 'integer' },
    style: { enum: ['plastic', 'flat', 'flat-square', 'for-the-badge', 'social'] },
    cacheSeconds: { type: 'integer', minimum: 300 },
  },
};
const validBadge = new Ajv({ allErrors: true }).compile(SHIELDS_ENDPOINT);

let github: FakeGitHub;
let provider: FakeProvider;
let runId = 5000;

beforeAll(async () => {
  [github, provider] = await Promise.all([startFakeGitHub(), startFakeProvider(UP)]);
});
afterAll(async () => {
  await Promise.all([github.close(), provider.close()]);
});
beforeEach(() => github.reset());
afterEach(() => expect(github.violations).toEqual([]));

const githubEnv = () => ({
  GITHUB_API_URL: github.url,
  GITHUB_REPOSITORY: 'acme/models',
  GITHUB_TOKEN: 'ghs_faketoken0123456789',
  GITHUB_RUN_ID: String(++runId),
  GITHUB_SERVER_URL: 'https://github.com',
});

/** One scheduled run with history on; the provider answers `script`. */
async function scheduledRun(script: Script, inputs: Record<string, string> = {}): Promise<ActionRun> {
  provider.setScript(script);
  return runAction({
    inputs: {
      'base-url': provider.url,
      model: MODEL,
      checks: '3',
      interval: '0',
      'tracking-issue': 'false',
      history: 'true',
      slo: '99.5',
      'max-latency-regression': '100',
      ...inputs,
    },
    env: githubEnv(),
  });
}

/** The summary with Markdown's backslash escapes taken out, to read its sentences. */
const said = (run: ActionRun) => run.summary.replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
const warnings = (run: ActionRun) => run.stdout.split('\n').filter((l) => l.startsWith('::warning'));

function storedRecords() {
  return [...github.branchFiles(BRANCH)]
    .filter(([p]) => p.startsWith('history/runs/'))
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([, text]) => parseRecordLines(text).records)
    .sort((a, b) => a.t.localeCompare(b.t));
}

describe('history through the bundle', () => {
  it('up, down, up, a model change, a slow day: records, uptime outputs, badges, regression and identity reasons', async () => {
    const script = [UP, DOWN, UP, NEW_MODEL, NEW_MODEL, NEW_MODEL, SLOW, SLOW, SLOW];
    const runs: ActionRun[] = [];
    const ids: number[] = [];
    for (const s of script) {
      runs.push(await scheduledRun(s));
      ids.push(runId);
    }
    const lastEnded = Date.now();

    // Verdicts: the slow runs are degraded by their own past alone (no max-latency is set).
    expect(runs.map((r) => r.outputs.status)).toEqual([
      'up',
      'down',
      'up',
      'up',
      'up',
      'up',
      'degraded',
      'degraded',
      'degraded',
    ]);
    // fail-on is degraded by default: a regression fails the step as a slow threshold would.
    expect(runs.map((r) => r.exitCode)).toEqual([0, 1, 0, 0, 0, 0, 1, 1, 1]);
    for (const run of runs) expect(warnings(run)).toEqual([]);

    // The data branch: one commit per run, every record once, in order, with its run's URL.
    expect(github.commitCount(BRANCH)).toBe(9);
    const records = storedRecords();
    expect(records.map((r) => r.status)).toEqual(runs.map((r) => r.outputs.status));
    expect(records.map((r) => r.runUrl)).toEqual(
      ids.map((id) => `https://github.com/acme/models/actions/runs/${id}`),
    );
    expect(records.map((r) => `${r.model} ${r.fingerprint}`)).toEqual([
      'gpt-4o-mini-2024-07-18 fp_a1',
      'null null',
      'gpt-4o-mini-2024-07-18 fp_a1',
      ...Array(6).fill('gpt-4o-mini-2025-04-14 fp_b2'),
    ]);
    expect(records[1]!.counts).toEqual({ server_error: 3 });
    expect(records.slice(6).every((r) => (r.atP ?? 0) >= 400)).toBe(true);
    // As the next run reads it: state.jsonl's rollups with the runs of the hour files since.
    const branch = github.branchFiles(BRANCH);
    const state = branchStates(
      branch.get('history/state.jsonl')!,
      new Map([...branch].filter(([p]) => p.startsWith('history/runs/'))),
    ).states.get(MODEL)!;
    expect(state.recent.length + state.hours.reduce((n, h) => n + h.runs, 0)).toBe(9);
    expect(state.identities.map((i) => [i.model, i.fingerprint])).toEqual([
      ['gpt-4o-mini-2024-07-18', 'fp_a1'],
      ['gpt-4o-mini-2025-04-14', 'fp_b2'],
    ]);
    const t = records.map((r) => Date.parse(r.t));
    expect(state.identities[1]!.firstSeen).toBe(t[3]);
    expect(state.identities[1]!.lastSeen).toBe(t[8]);
    expect(state.incidents).toEqual([
      {
        start: t[1],
        end: t[2],
        issue: null,
        runUrl: `https://github.com/acme/models/actions/runs/${ids[1]}`,
      },
    ]);

    // Uptime: the down run stood from its start to the next run's; the window runs from the first run
    // to "now", which the action read between the last run's start and the end of its process.
    const down = t[2]! - t[1]!;
    const bound = (now: number) => Math.floor((1 - down / (now - t[0]!)) * 10_000) / 100;
    const last = runs.at(-1)!.outputs;
    for (const name of ['uptime-24h', 'uptime-7d', 'uptime-30d']) {
      expect(Number(last[name])).toBeGreaterThanOrEqual(bound(t[8]!) - 0.01);
      expect(Number(last[name])).toBeLessThanOrEqual(bound(lastEnded) + 0.01);
      expect(Number(last[name])).toBeLessThan(100);
    }
    expect(runs[0]!.outputs['uptime-24h']).toBe('100');
    // The down run stands from its start until it writes: its own burst already counts against it.
    expect(Number(runs[1]!.outputs['uptime-24h'])).toBeLessThan(100);
    expect(Number(runs[2]!.outputs['uptime-24h'])).toBeLessThan(100);
    // slo 99.5: 3 h 36 m of budget; a second or two of it spent.
    expect(Number(last['slo-budget-left'])).toBeGreaterThan(99.9);
    expect(Number(last['slo-budget-left'])).toBeLessThanOrEqual(100);
    expect(said(runs.at(-1)!)).toContain('error budget: 0% used (0 m of 3 h 36 m in 30 days, SLO 99.5%)');

    // Badges: Shields endpoint JSON, and the same as SVG.
    const files = github.branchFiles(BRANCH);
    for (const name of ['uptime-24h', 'uptime-7d', 'uptime-30d', 'response-time']) {
      const badge = JSON.parse(files.get(`api/${SLUG}/${name}.json`)!);
      expect(validBadge(badge), JSON.stringify(validBadge.errors)).toBe(true);
      expect(files.get(`api/${SLUG}/${name}.svg`)).toMatch(
        /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
      );
      expect(files.get(`api/${SLUG}/${name}.svg`)).toContain(badge.message);
    }
    const uptimeBadge = JSON.parse(files.get(`api/${SLUG}/uptime-24h.json`)!);
    expect(uptimeBadge).toMatchObject({ schemaVersion: 1, label: 'uptime 24h' });
    expect(uptimeBadge.message).toMatch(/^\d{2}\.\d{2}%$/);
    expect(JSON.parse(files.get(`api/${SLUG}/response-time.json`)!).message).toMatch(/^\d+ ms$/);
    expect(files.has('index.html')).toBe(true);
    expect(files.get('status/data.js')).toContain('gpt-4o-mini-2025-04-14');

    // The summary: "not judged" until the baseline has 5 runs, then the regression's reason.
    expect(said(runs[0]!)).toContain(
      'not judged against its own past: the 7-day baseline has 0 earlier run(s), it needs 5',
    );
    expect(said(runs[5]!)).toContain('the 7-day baseline has 4 earlier run(s), it needs 5');
    expect(said(runs[6]!)).toMatch(
      /latency p\d+ \d+ ms is \d+% above its 7-day median \d+ ms \(n=5 runs; max-latency-regression 100%\)/,
    );
    expect(said(runs[8]!)).toMatch(/\(n=7 runs; max-latency-regression 100%\)/);
    // The identity change, once, on the run that saw it.
    const changed = runs.map((r) => r.summary.includes('identity changed since the previous run'));
    expect(changed).toEqual([false, false, false, true, false, false, false, false, false]);
    expect(said(runs[3]!)).toContain(
      'model `gpt-4o-mini-2024-07-18` → `gpt-4o-mini-2025-04-14`, system_fingerprint `fp_a1` → `fp_b2`',
    );
    // The history line and the badge markdown.
    expect(last['uptime-24h']).not.toBe('');
    expect(said(runs.at(-1)!)).toMatch(/uptime 24 h \d+\.\d{2}% · 7 d \d+\.\d{2}% · 30 d \d+\.\d{2}%/);
    expect(said(runs.at(-1)!)).toContain('1 incident(s) in 7 d');
    expect(said(runs.at(-1)!)).toContain(
      `https://raw.githubusercontent.com/acme/models/${BRANCH}/api/${SLUG}/uptime-30d.svg`,
    );
  }, 120_000);

  it('contents: read only: one warning naming contents: write; verdict, outputs and report stand', async () => {
    const fine = await scheduledRun(UP);
    github.reset();
    github.fail({ ...FAULTS.contentsReadOnly, method: 'POST', path: /git\/trees/, times: Infinity });
    const run = await scheduledRun(UP);
    expect(run.exitCode).toBe(0);
    const w = warnings(run);
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('contents: write');
    expect(github.git.refs.has(BRANCH)).toBe(false);
    const { 'report-file': _a, ...outputs } = run.outputs;
    const { 'report-file': _b, ...fineOutputs } = fine.outputs;
    const stable = (o: Record<string, string>) =>
      Object.fromEntries(Object.entries(o).filter(([k]) => !/latency|ttft|tokens|duration|p\d+/.test(k)));
    expect(stable(outputs)).toEqual(stable(fineOutputs));
    expect(run.outputs['uptime-24h']).toBe('100');
    expect(said(run)).toContain('contents: write');
    expect(said(run)).toMatch(/uptime 24 h 100\.00%/);
  }, 60_000);

  it('aggregate mode writes history once, in the aggregate job, with each location', async () => {
    const workspace = await mkdtemp(path.join(tmpdir(), 'llm-heartbeat-history-matrix-'));
    provider.setScript({
      healthy: { kind: 'ok', ttftMs: 5, tokens: 2 },
      broken: { kind: 'error', status: 503 },
    });
    for (const [location, model] of [
      ['ubuntu-latest', 'broken'],
      ['windows-latest', 'healthy'],
      ['eu-west', 'healthy'],
    ]) {
      const probe = await runAction({
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
        env: githubEnv(),
      });
      expect(probe.exitCode).toBe(0);
    }
    expect(github.requests).toEqual([]);
    const run = await runAction({
      workspace,
      inputs: {
        mode: 'aggregate',
        reports: 'reports/*.json',
        'report-file': 'merged.json',
        'tracking-issue': 'false',
        history: 'true',
      },
      env: githubEnv(),
    });
    expect(run.exitCode).toBe(0);
    expect(warnings(run)).toEqual([]);
    expect(github.commitCount(BRANCH)).toBe(1);
    expect(github.requests.filter((r) => r.method === 'PATCH' || r.method === 'POST').length).toBe(3);
    const records = storedRecords();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ target: 'main', status: 'up' });
    expect(records[0]!.location).toMatch(/^3 locations: /);
    expect(records[0]!.locations.map((l) => `${l.location} ${l.status}`).sort()).toEqual([
      'eu-west up',
      'ubuntu-latest down',
      'windows-latest up',
    ]);
    expect(run.outputs['uptime-24h']).toBe('100');
  }, 60_000);
});
