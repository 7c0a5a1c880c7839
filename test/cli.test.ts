/**
 * The CLI as a user runs it: the bundled dist/cli/index.js against the fake provider on loopback.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAG_NAMES, helpText, parseCliArgs } from '../src/cli/args.js';
import { UsageError } from '../src/errors.js';
import { INPUTS } from '../src/inputs.js';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { ROOT, runNode } from './support/run-action.js';

const KEY = 'sk-proj-CLIKEY0123456789abcdefg';
let provider: FakeProvider;
let dir: string;

beforeAll(async () => {
  provider = await startFakeProvider(
    {
      healthy: { kind: 'ok', ttftMs: 20, tokens: 3, tokenDelayMs: 5 },
      broken: { kind: 'error', status: 500 },
    },
    { apiKey: KEY },
  );
  dir = await mkdtemp(path.join(tmpdir(), 'llm-heartbeat-cli-'));
});
afterAll(async () => {
  await provider.close();
});

async function cli(args: string[], env: Record<string, string> = {}) {
  const run = await runNode('dist/cli/index.js', args, {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', OPENAI_API_KEY: KEY, ...env },
  });
  return { code: run.exitCode, stdout: run.stdout, stderr: run.stderr };
}

describe('CLI flags', () => {
  it('mirror the action inputs, minus the secrets and the tracker', () => {
    expect(FLAG_NAMES).toContain('base-url');
    expect(FLAG_NAMES).toContain('checks');
    expect(FLAG_NAMES).not.toContain('api-key');
    expect(FLAG_NAMES).not.toContain('github-token');
    expect(FLAG_NAMES).not.toContain('pushgateway-password');
    expect(FLAG_NAMES).not.toContain('pushgateway-token');
    const options = parseCliArgs([
      '--model',
      'm',
      '--checks',
      '3',
      '--json',
      '--targets',
      't.yml',
      '--api-key-env',
      'GROQ_KEY',
    ]);
    expect(options).toMatchObject({
      inputs: { model: 'm', checks: '3' },
      json: true,
      targetsFile: 't.yml',
      apiKeyEnv: 'GROQ_KEY',
    });
  });

  it('--help lists every flag with its default', () => {
    const help = helpText();
    for (const name of FLAG_NAMES) expect(help).toContain(`--${name}`);
    expect(help).toContain(`(default: ${INPUTS.checks.default})`);
    expect(help).toContain('--json');
  });

  it('rejects unknown flags and missing values, naming the flag', () => {
    expect(() => parseCliArgs(['--chekcs', '3'])).toThrow(UsageError);
    expect(() => parseCliArgs(['--chekcs', '3'])).toThrow(/--chekcs/);
    expect(() => parseCliArgs(['--checks'])).toThrow(/--checks/);
  });
});

describe('npx llm-heartbeat (the bundle)', () => {
  it('probes and prints a table; exit 0 when up', async () => {
    const run = await cli([
      '--base-url',
      provider.url,
      '--model',
      'healthy',
      '--checks',
      '3',
      '--interval',
      '0',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^status\s+target\s+success/);
    expect(run.stdout).toMatch(/up\s+healthy\s+100% \(3\/3\)/);
    expect(run.stdout).toContain('overall: up');
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('--json prints the report; exit 1 when the status reaches fail-on', async () => {
    const run = await cli([
      '--base-url',
      provider.url,
      '--model',
      'broken',
      '--checks',
      '2',
      '--interval',
      '0',
      '--json',
    ]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, status: 'down', failed: true });
    expect(report.targets[0].stats.byCategory.server_error).toBe(2);
    const lenient = await cli([
      '--base-url',
      provider.url,
      '--model',
      'broken',
      '--checks',
      '1',
      '--fail-on',
      'never',
    ]);
    expect(lenient.code).toBe(0);
  });

  it('reads --targets from a file and the key from --api-key-env; writes --report-file', async () => {
    await writeFile(
      path.join(dir, 'targets.yml'),
      '- name: one\n  model: healthy\n- name: two\n  model: healthy\n',
    );
    const run = await cli(
      [
        '--base-url',
        provider.url,
        '--targets',
        'targets.yml',
        '--checks',
        '2',
        '--interval',
        '0',
        '--api-key-env',
        'MY_KEY',
        '--report-file',
        'out.json',
      ],
      { MY_KEY: KEY, OPENAI_API_KEY: '' },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/one/);
    expect(run.stdout).toMatch(/two/);
    const report = JSON.parse(await readFile(path.join(dir, 'out.json'), 'utf8'));
    expect(report.targets).toHaveLength(2);
  });

  it.each([
    [['--checks', 'abc', '--model', 'm'], /Flag --checks is "abc": expected a whole number from 1 to 1000/],
    [['--bogus'], /Unknown option '--bogus'/],
    [
      ['--targets', 'missing.yml'],
      /Flag --targets is "missing.yml": expected a readable YAML file \(ENOENT\)/,
    ],
    [['--model', 'm', '--base-url', 'https://api.example.com/v1'], /No key in \$OPENAI_API_KEY/],
  ])('bad flags %j: exit 2, the flag named, no request', async (args, message) => {
    const before = provider.requests.length;
    const run = await cli(args, { OPENAI_API_KEY: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(provider.requests.length).toBe(before);
  });

  it('--help and --version', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--base-url');
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toBe(
      JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')).version,
    );
  });
});
