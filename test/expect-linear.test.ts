/** `expect` is matched in linear time: no pattern and no reply can hold a check past its timeout. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import { createClient, runCheck } from '../src/probe/check.js';
import { matchesExpect } from '../src/text/pattern.js';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { targetAt } from './support/fixtures.js';

let provider: FakeProvider;
beforeAll(async () => {
  // 34 word characters and a final one the pattern cannot match: catastrophic for a backtracking engine.
  provider = await startFakeProvider({ m: { kind: 'ok', content: `${'a'.repeat(33)}!` } });
});
afterAll(() => provider.close());

describe('expect', () => {
  it('^(\\w+\\s?)*$ against a 34-character reply ends at once, as a bad reply', async () => {
    const target = targetAt(provider.url, { model: 'm', expect: '^(\\w+\\s?)*$' });
    const started = performance.now();
    const result = await runCheck(
      createClient(target),
      target,
      { stream: true, timeoutMs: 5000, idleTimeoutMs: 5000 },
      0,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.category).toBe('bad_reply');
    expect(result.error).toMatch(/did not match expect/);
  });

  it('a pattern the linear-time engine cannot run is an input error, with no request sent', () => {
    const before = provider.requests.length;
    expect(() => parseConfig({ model: 'm', 'api-key': 'sk-test-12345678', expect: '(po)ng\\1' })).toThrow(
      /Input "expect" is "\(po\)ng\\\\1": expected a valid regular expression in RE2 syntax, matched in linear time: no backreferences or lookaround/,
    );
    expect(() => parseConfig({ model: 'm', 'api-key': 'sk-test-12345678', expect: '(?=pong)' })).toThrow(
      /lookaround/,
    );
    expect(provider.requests.length).toBe(before);
  });

  it('still matches what RegExp matched', () => {
    for (const [pattern, text, flags] of [
      ['pong', 'Pong! pong', ''],
      ['^pong$', 'pong', ''],
      ['^PONG', 'pong', 'i'],
      ['\\bpong\\b', 'ping', ''],
      ['[0-9]{3}', 'abc 123', ''],
      ['^p[aeiou]ng\\.?$', 'pong.', ''],
    ] as const) {
      const source = flags ? `(?${flags})${pattern}` : pattern;
      expect(matchesExpect(source, text), source).toBe(new RegExp(pattern, flags).test(text));
    }
  });
});
