/**
 * The bundles send every check through Node's own undici, whatever else they bundle: the events the
 * wire timings read (request written, body chunk received) come only from it. A test of the bundles,
 * since the order in which they load their modules is what decides it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { runAction, runNode } from './support/run-action.js';

const PRELOAD = `--import=${new URL('./support/count-wire-events.js', import.meta.url).href}`;
const CHECKS = 3;
let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider({ m: { kind: 'ok', ttftMs: 5, tokens: 3, tokenDelayMs: 5 } });
});
afterAll(async () => {
  await provider.close();
});

function wireEvents(stderr: string): { bodyChunkSent: number; bodyChunkReceived: number } {
  const line = /wire-events=(\{.*\})/.exec(stderr);
  if (!line?.[1]) throw new Error(`no wire-events line in:\n${stderr}`);
  return JSON.parse(line[1]);
}

describe("the probe's HTTP client", () => {
  it('the action: each check written and read through Node’s undici (the warm-up is one more request)', async () => {
    const run = await runAction({
      inputs: {
        'base-url': provider.url,
        model: 'm',
        checks: String(CHECKS),
        interval: '0',
        'tracking-issue': 'false',
      },
      env: { NODE_OPTIONS: PRELOAD },
    });
    expect(run.exitCode).toBe(0);
    const events = wireEvents(run.stderr);
    expect(events.bodyChunkSent).toBe(CHECKS + 1);
    expect(events.bodyChunkReceived).toBeGreaterThanOrEqual(CHECKS + 1);
  });

  it('the CLI: the same', async () => {
    const run = await runNode(
      'dist/cli/index.js',
      ['--base-url', provider.url, '--model', 'm', '--checks', String(CHECKS), '--interval', '0'],
      {
        cwd: await mkdtemp(path.join(tmpdir(), 'llm-heartbeat-http-')),
        env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: PRELOAD },
      },
    );
    expect(run.exitCode, run.stderr).toBe(0);
    const events = wireEvents(run.stderr);
    expect(events.bodyChunkSent).toBe(CHECKS + 1);
    expect(events.bodyChunkReceived).toBeGreaterThanOrEqual(CHECKS + 1);
  });
});
