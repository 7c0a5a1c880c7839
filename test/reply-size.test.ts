/**
 * A reply's size must not become the probe's memory: each case runs one check in a child process
 * (test/support/reply-size-child.ts) against the fake provider here, and reads how much the child's peak
 * RSS grew. Before the body limit and the bounded reply text, a 100 MB gzip bomb raised it by 330–500 MB
 * and a 25 MB streamed completion by 287 MB; docs/fault-catalogue.md has the figures measured since.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/probe/result.js';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
/** Generous: the figures measured are 0–16 MB; the bug this guards against cost hundreds. */
const EXTRA_RSS_BOUND_KIB = 64 * 1024;

let provider: FakeProvider;
beforeAll(async () => {
  provider = await startFakeProvider({
    warm: { kind: 'ok', tokens: 5 },
    zeros: { kind: 'gzip-bomb', megabytes: 100 },
    chunks: { kind: 'gzip-bomb', megabytes: 100, fill: 'chunks' },
    long: { kind: 'ok', content: 'x'.repeat(25 * 1024 * 1024), tokens: 2000 },
  });
});
afterAll(async () => {
  await provider.close();
});

async function inChild(
  model: string,
  stream: boolean,
): Promise<{ extraRssKiB: number; result: CheckResult }> {
  const { stdout } = await run(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      './test/support/ts-resolve.ts',
      'test/support/reply-size-child.ts',
      provider.url,
      model,
      String(stream),
    ],
    { cwd: root, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('peak memory while reading a reply', () => {
  it.each([
    ['100 MB of gzipped zeros, streamed', 'zeros', true],
    ['100 MB of gzipped zeros, as JSON', 'zeros', false],
    ['100 MB of gzipped SSE chunks', 'chunks', true],
    ['a 25 MB completion, streamed', 'long', true],
    ['a 25 MB completion, as JSON', 'long', false],
  ] as const)('%s: reply_too_large, and the peak RSS grows by less than 64 MB', async (_, model, stream) => {
    const { extraRssKiB, result } = await inChild(model, stream);
    expect(result).toMatchObject({ category: 'bad_reply', errorCode: 'reply_too_large' });
    expect(extraRssKiB).toBeLessThan(EXTRA_RSS_BOUND_KIB);
    console.log(`${model} stream=${stream}: +${Math.round(extraRssKiB / 1024)} MB peak RSS`);
  });
});
