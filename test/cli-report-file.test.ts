/** The CLI's --report-file is checked before the first request: a bad one is exit 2, no burst lost. */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { runNode } from './support/run-action.js';

const KEY = 'sk-proj-CLIKEY0123456789abcdefg';
let provider: FakeProvider;
let dir: string;

beforeAll(async () => {
  provider = await startFakeProvider({ healthy: { kind: 'ok' } }, { apiKey: KEY });
  dir = await mkdtemp(path.join(tmpdir(), 'llm-heartbeat-cli-report-'));
  await mkdir(path.join(dir, 'a-folder'));
  await writeFile(path.join(dir, 'a-file'), 'x');
});
afterAll(() => provider.close());

const cli = (reportFile: string) =>
  runNode(
    'dist/cli/index.js',
    [
      '--base-url',
      provider.url,
      '--model',
      'healthy',
      '--checks',
      '2',
      '--interval',
      '0',
      '--report-file',
      reportFile,
    ],
    { cwd: dir, env: { PATH: process.env.PATH ?? '', OPENAI_API_KEY: KEY } },
  );

describe('CLI --report-file', () => {
  it.each([
    ['a folder', 'a-folder', /it is a folder/],
    ['under a file', 'a-file/report.json', /a file stands where its folder should be/],
  ])('%s: exit 2 with a clear message, before any request', async (_label, file, reason) => {
    const before = provider.requests.length;
    const run = await cli(file);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(`Flag --report-file is "${file}": expected a file that can be written`),
    );
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(provider.requests.length).toBe(before);
  });

  it('in a folder that does not exist yet: the folder is made and the report written', async () => {
    const run = await cli('new/folder/report.json');
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, 'new/folder/report.json'), 'utf8')).status).toBe('up');
  });
});
