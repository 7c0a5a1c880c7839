/**
 * run() in-process, through the one typed Core stand-in: the exit decision and the outputs in each
 * of the ways a run can end, against the fake provider on loopback.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_NAMES } from '../src/inputs.js';
import { run } from '../src/main.js';
import { probeOutputs } from '../src/report/outputs.js';
import { fakeCore } from './support/core.js';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';

let provider: FakeProvider;
let workspace: string;

beforeAll(async () => {
  provider = await startFakeProvider({ 'gpt-4o-mini': { kind: 'ok' } });
  workspace = await mkdtemp(path.join(tmpdir(), 'llm-heartbeat-main-'));
});
afterAll(async () => {
  await provider.close();
});

const ACTION_OUTPUTS = Object.keys(
  (parse(await readFile(new URL('../action.yml', import.meta.url), 'utf8')) as { outputs: object }).outputs,
);

function inputs(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'base-url': provider.url,
    'api-key': 'sk-test-main-0123456789',
    model: 'gpt-4o-mini',
    checks: '2',
    interval: '0',
    'tracking-issue': 'false',
    'report-file': 'report.json',
    ...extra,
  };
}

const env = () => ({ GITHUB_WORKSPACE: workspace });

describe('run() in-process', () => {
  it('sets every output action.yml declares, and nothing else', async () => {
    const core = fakeCore(inputs());
    const report = await run({ core, env: env() });
    expect(report?.status).toBe('up');
    expect(Object.keys(core.outputs).sort()).toEqual([...ACTION_OUTPUTS].sort());
    expect(core.failures).toEqual([]);
    expect(core.secrets).toContain('sk-test-main-0123456789');
    expect(core.summaries).toHaveLength(1);
  });

  it('a runner too busy to time exactly: a warning and a line in the summary, the verdict as it was', async () => {
    const core = fakeCore(inputs({ checks: '6', interval: '0.1' }));
    // Each request holds the event loop for 50 ms, as a runner busy with other checks would.
    const busyFetch: typeof fetch = (url, init) => {
      const until = performance.now() + 50;
      while (performance.now() < until) {
        // held
      }
      return fetch(url, init);
    };
    const report = await run({ core, env: env(), fetch: busyFetch });
    expect(report?.status).toBe('up');
    expect(report?.loopDelay?.maxMs).toBeGreaterThanOrEqual(25);
    expect(core.warnings.join('\n')).toMatch(
      /The timings may read high: this runner was busy while it probed/,
    );
    expect(core.summaries.join('\n')).toContain('This runner was busy while it probed');
  });

  it('probeOutputs names exactly the outputs of action.yml', () => {
    const names = Object.keys(
      probeOutputs(
        {
          status: 'up',
          breached: false,
          targets: [],
        } as unknown as Parameters<typeof probeOutputs>[0],
        'r.json',
      ),
    );
    expect(names.sort()).toEqual([...ACTION_OUTPUTS].sort());
  });

  it('an unwritable report file is a warning: outputs are still set, the verdict decides the exit', async () => {
    const blocker = path.join(workspace, 'not-a-folder');
    await writeFile(blocker, 'a file where a folder should be');
    const core = fakeCore(inputs({ 'report-file': 'not-a-folder/report.json' }));
    const report = await run({ core, env: env() });
    expect(report?.status).toBe('up');
    expect(core.warnings.join('\n')).toMatch(/Could not write the report to .*not-a-folder/);
    expect(core.outputs.status).toBe('up');
    expect(Object.keys(core.outputs).sort()).toEqual([...ACTION_OUTPUTS].sort());
    expect(core.failures).toEqual([]);
  });

  it('an unwritable summary is a warning, and the summary goes to the log instead', async () => {
    const core = fakeCore(inputs(), { summaryFails: true });
    const report = await run({ core, env: env() });
    expect(report?.status).toBe('up');
    expect(core.warnings.join('\n')).toMatch(/Could not write the job summary: EACCES/);
    expect(core.infos.join('\n')).toMatch(/llm-heartbeat: up/);
    expect(core.outputs.status).toBe('up');
    expect(core.failures).toEqual([]);
  });

  it('bad input fails the step with the input error, sets no output and sends no request', async () => {
    const before = provider.requests.length;
    const core = fakeCore(inputs({ checks: 'ten' }));
    expect(await run({ core, env: env() })).toBeUndefined();
    expect(core.failures).toEqual(['Input "checks" is "ten": expected a whole number from 1 to 1000.']);
    expect(core.outputs).toEqual({});
    expect(provider.requests.length).toBe(before);
  });

  it('an unexpected error fails the step as ours, with its stack, and sets no output', async () => {
    const core = fakeCore(inputs());
    core.getInput = (name: string) => {
      if (name === 'checks') throw new Error('the runner gave no inputs');
      return core.inputs[name] ?? '';
    };
    expect(await run({ core, env: env() })).toBeUndefined();
    expect(core.failures).toHaveLength(1);
    expect(core.failures[0]).toMatch(
      /^llm-heartbeat stopped on an unexpected error: Error: the runner gave no inputs\n\s+at /,
    );
    expect(core.outputs).toEqual({});
  });

  it('reads every input of the inputs table', async () => {
    const asked: string[] = [];
    const core = fakeCore(inputs());
    const getInput = core.getInput;
    core.getInput = (name: string) => {
      asked.push(name);
      return getInput(name);
    };
    await run({ core, env: env() });
    expect(asked.sort()).toEqual([...INPUT_NAMES].sort());
  });
});
