import { describe, expect, it } from 'vitest';
import { checkLine } from '../src/report/log-line.js';
import { inertJson, inertLogText, jsonLogLine } from '../src/text/log.js';
import { check } from './support/fixtures.js';
import { runnerCommands } from './support/runner-commands.js';

const HOSTILE = [
  '##[error]the model failed',
  'pong ##[set-env name=NODE_OPTIONS;]--require /tmp/x.js',
  '##[stop-commands]tok',
  '##[add-matcher]/tmp/m.json',
  '#\u200B#[error]zero width between',
  '#\u00AD#[error]soft hyphen between',
  '#\u0301#[error]a combining mark between',
  '##\u200B[warning]zero width before the bracket',
  '##[ErRoR]case',
  'ok\r::error::after a carriage return',
  'ok\n  ::set-output name=status::up',
  '\u2003::add-mask::after an em space',
  ':\u200B:error::zero width inside',
  '###[error]three',
];

describe('log lines the runner cannot parse as commands', () => {
  it('the test parser finds each command in the raw text (so the assertions below can fail)', () => {
    for (const text of HOSTILE) expect(runnerCommands(text), text).not.toEqual([]);
  });

  it.each(HOSTILE)('free text: %j', (text) => {
    const out = inertLogText(text);
    expect(runnerCommands(out)).toEqual([]);
    // Still says what was said, to a person.
    expect(
      out.replace(/[\uFF03\uFF1A]/g, (c) => (c === '\uFF03' ? '#' : ':')).replace(/\s+/g, ' '),
    ).toContain(
      text
        .replace(/[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}]|(?<=[#:[\]])\p{M}+/gu, ' ')
        .trim()
        .split(/\s+/)
        .pop(),
    );
  });

  it.each(HOSTILE)('a JSON line: %j, which still parses to the same value', (text) => {
    const line = jsonLogLine({ reply: text, model: text });
    expect(line).not.toMatch(/[\r\n]/);
    expect(runnerCommands(line)).toEqual([]);
    expect(JSON.parse(line)).toEqual({ reply: text, model: text });
  });

  it('pretty-printed JSON stays JSON and inert', () => {
    const text = inertJson(JSON.stringify({ a: HOSTILE, b: { c: '##[error]x' } }, null, 2));
    expect(runnerCommands(text)).toEqual([]);
    expect(JSON.parse(text)).toEqual({ a: HOSTILE, b: { c: '##[error]x' } });
  });

  it("a check's log line carries server text inert", () => {
    const result = { ...check('bad_reply', 10), model: '##[set-env name=A;]b', error: '#\u200B#[error]x' };
    const line = checkLine('main', 'gpt-4o-mini', result);
    expect(runnerCommands(line)).toEqual([]);
    expect(JSON.parse(line).model).toBe('##[set-env name=A;]b');
  });
});
