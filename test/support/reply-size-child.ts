/**
 * One check in a process of its own, for test/reply-size.test.ts: how much the peak RSS grows while a
 * check reads a reply. Warms up with one ordinary check first, so loading the SDK and compiling the
 * code is not counted.
 *   node --import ./test/support/ts-resolve.ts test/support/reply-size-child.ts <base-url> <model> <stream>
 * prints one JSON line: { extraRssKiB, result }.
 */
import type { Target } from '../../src/config/index.js';
import { createClient, runCheck } from '../../src/probe/check.js';
import { targetAt } from './fixtures.js';

const [baseUrl, model, stream] = process.argv.slice(2);
if (!baseUrl || !model) throw new Error('usage: reply-size-child.ts <base-url> <model> <stream>');
const settings = { stream: stream === 'true', timeoutMs: 60_000, idleTimeoutMs: 30_000 };

async function check(target: Target) {
  return runCheck(createClient(target), target, settings, 0);
}

for (let i = 0; i < 3; i++) await check(targetAt(baseUrl, { model: 'warm' }));
(globalThis as { gc?: () => void }).gc?.();
const before = process.resourceUsage().maxRSS;
const result = await check(targetAt(baseUrl, { model }));
const after = process.resourceUsage().maxRSS;
process.stdout.write(`${JSON.stringify({ extraRssKiB: after - before, result })}\n`);
