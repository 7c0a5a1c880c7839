/**
 * Every kind of check through the committed bundles, as users run them: the action (dist/index.js, as the
 * runner does) and the CLI (dist/cli/index.js), with one multi-kind `targets` list against the fake
 * provider, healthy and with each kind's fault.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { runAction, runNode } from './support/run-action.js';

const KEY = 'sk-proj-KINDSKEY0123456789abcdef';
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider(
    {
      chat: { kind: 'ok', tokens: 3, ttftMs: 10, tokenDelayMs: 5 },
      tools: { kind: 'ok', tokens: 3, ttftMs: 10 },
      'tools-malformed': { kind: 'ok', toolArguments: '{"a":2,"b"' },
      json: { kind: 'ok', tokens: 2 },
      'json-ignored': { kind: 'ok', content: 'five' },
      embed: { kind: 'ok', dimensions: 32 },
      'embed-nan': { kind: 'ok', dimensions: 32, vectorFault: 'nan' },
      resp: { kind: 'ok', content: 'pong', tokens: 3, ttftMs: 10, tokenDelayMs: 5 },
      'resp-cut': { kind: 'ok', tokens: 2, responsesEnd: 'none' },
    },
    { apiKey: KEY },
  );
});
afterAll(async () => {
  await provider.close();
});

const HEALTHY = `
- name: chat
  model: chat
- name: tools
  model: tools
  kind: tools
- name: json
  model: json
  kind: json
- name: embeddings
  model: embed
  kind: embeddings
  embedding-dimensions: 32
- name: responses
  model: resp
  kind: responses
`;

const FAULTY = `
- name: tools
  model: tools-malformed
  kind: tools
- name: json
  model: json-ignored
  kind: json
- name: embeddings
  model: embed-nan
  kind: embeddings
- name: responses
  model: resp-cut
  kind: responses
`;

const FAULTS: Record<string, string> = {
  tools: 'tool call arguments are not valid JSON',
  json: 'content is not valid JSON: response_format ignored?',
  embeddings: 'vector holds NaN or Infinity (not valid JSON)',
  responses: 'stream ended without response.completed after 6 events (2 text deltas)',
};

const inputs = (targets: string) => ({
  'base-url': provider.url,
  'api-key': KEY,
  targets,
  checks: '2',
  interval: '0',
  'tracking-issue': 'false',
});

interface ReportTarget {
  name: string;
  kind?: string;
  status: string;
  checks: { category: string; kind?: string; error: string | null; dimensions?: number }[];
}

describe('the action bundle', () => {
  it('every kind healthy: up, each check of its kind in the report and the log', async () => {
    const run = await runAction({ inputs: inputs(HEALTHY) });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.outputs.status).toBe('up');
    const report = JSON.parse(await readFile(run.outputs['report-file']!, 'utf8'));
    const targets = report.targets as ReportTarget[];
    expect(targets.map((t) => [t.name, t.kind ?? 'chat', t.status])).toEqual([
      ['chat', 'chat', 'up'],
      ['tools', 'tools', 'up'],
      ['json', 'json', 'up'],
      ['embeddings', 'embeddings', 'up'],
      ['responses', 'responses', 'up'],
    ]);
    expect(targets[3]!.checks[0]!.dimensions).toBe(32);
    const paths = new Set(provider.requests.slice(-10).map((r) => r.path));
    expect(paths).toEqual(new Set(['/v1/chat/completions', '/v1/embeddings', '/v1/responses']));
    const lines = run.stdout.split('\n').filter((l) => l.startsWith('{"event":"llm-heartbeat.check"'));
    expect(lines).toHaveLength(10);
    expect(run.summary).toContain('`tools` at');
    expect(run.summary).toContain('· kind `embeddings`');
  });

  it("each kind's fault: bad_reply saying exactly what was wrong, the target down", async () => {
    const run = await runAction({ inputs: inputs(FAULTY) });
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(await readFile(run.outputs['report-file']!, 'utf8'));
    for (const target of report.targets as ReportTarget[]) {
      expect(target.status, target.name).toBe('down');
      expect(target.checks[0]).toMatchObject({ category: 'bad_reply', error: FAULTS[target.name] });
      expect(run.summary, target.name).toContain(FAULTS[target.name]!.slice(0, 25));
    }
  });
});

describe('the CLI bundle', () => {
  it('every kind healthy, then faulty, from a --targets file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'llm-heartbeat-kinds-'));
    await writeFile(path.join(dir, 'healthy.yml'), HEALTHY);
    await writeFile(path.join(dir, 'faulty.yml'), FAULTY);
    const cli = (file: string) =>
      runNode(
        'dist/cli/index.js',
        ['--base-url', provider.url, '--targets', file, '--checks', '2', '--interval', '0', '--json'],
        { cwd: dir, env: { PATH: process.env.PATH ?? '', OPENAI_API_KEY: KEY } },
      );
    const healthy = await cli('healthy.yml');
    expect(healthy.exitCode, healthy.stderr).toBe(0);
    const up = JSON.parse(healthy.stdout);
    expect(up.targets.map((t: ReportTarget) => t.status)).toEqual(['up', 'up', 'up', 'up', 'up']);
    const faulty = await cli('faulty.yml');
    expect(faulty.exitCode).toBe(1);
    const down = JSON.parse(faulty.stdout);
    for (const target of down.targets as ReportTarget[]) {
      expect(target.checks.map((c) => c.error)).toEqual([FAULTS[target.name], FAULTS[target.name]]);
    }
  });

  it('--kind with --embedding-dimensions for a single target', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'llm-heartbeat-kinds-'));
    const run = await runNode(
      'dist/cli/index.js',
      [
        '--base-url',
        provider.url,
        '--model',
        'embed',
        '--kind',
        'embeddings',
        '--embedding-dimensions',
        '3072',
        '--checks',
        '1',
        '--json',
      ],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', OPENAI_API_KEY: KEY } },
    );
    const report = JSON.parse(run.stdout);
    expect(report.targets[0].checks[0].error).toBe('dimension 32, expected 3072');
  });
});
