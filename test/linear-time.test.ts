/**
 * Untrusted text is handled in linear time: 200 KB of bait for every regular expression and scanner
 * in the text and markdown code (unclosed tags, runs of `<`, of spaces, of hex, of `a.`, near-keys,
 * near-addresses) goes through each entry point well inside a second. A quadratic pattern takes
 * tens of seconds on the same input.
 */
import { describe, expect, it } from 'vitest';
import { codeSpan, escapeInline } from '../src/report/markdown.js';
import { cleanServerText, plain, redact, textOfHtml } from '../src/text/untrusted.js';

const SIZE = 200_000;
const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

const BAITS: Record<string, string> = {
  '<': fill('<'),
  '< ': fill('< '),
  '<a': fill('<a'),
  '<title': fill('<title'),
  '<title>': fill('<title>'),
  '<script': fill('<script'),
  '<script>': fill('<script>'),
  '<head><style>': fill('<head><style>'),
  '<!--': fill('<!--'),
  '-->': fill('-->'),
  spaces: fill(' '),
  'spaces then x': `${' '.repeat(SIZE)}x`,
  hex: fill('a'),
  'a.': fill('a.'),
  '1.': fill('1.'),
  'a:': fill('a:'),
  'ffff:': fill('ffff:'),
  '1.1.1.': fill('1.1.1.'),
  'ESC[': fill('\u001b['),
  'ESC[ then ;': `\u001b[${';'.repeat(SIZE)}`,
  '-sk': fill('-sk'),
  'near GitHub token': fill(`ghp_${'a'.repeat(15)} `),
  'near Groq key': fill(`gsk_${'a'.repeat(15)} `),
  'near Google key': fill(`AIza${'b'.repeat(19)} `),
  'Bearer ': fill('Bearer '),
  'Bearer then spaces': `Bearer${' '.repeat(SIZE)}`,
  'token: ': fill('token: '),
  'token then spaces': `token${' '.repeat(SIZE)}`,
  'token"': fill('token"'),
  '&amp;': fill('&amp;'),
  '@#': fill('@#'),
  'gh-1': fill('gh-1'),
  'www.': fill('www.'),
  '://': fill('://'),
  'bidi and zero-width': fill('\u202e\u200b\u2066\ufeff'),
};

const ENTRY_POINTS: Record<string, (text: string) => string> = {
  cleanServerText: (text) => cleanServerText(text, ['sk-configured-key']),
  'cleanServerText on an HTML page': (text) => cleanServerText(`<html>${text}`, ['sk-configured-key']),
  textOfHtml,
  escapeInline: (text) => escapeInline(text),
  'escapeInline, untruncated': (text) => escapeInline(text, Number.POSITIVE_INFINITY),
  'codeSpan, untruncated': (text) => codeSpan(text, Number.POSITIVE_INFINITY),
  redact: (text) => redact(text, ['sk-configured-key']),
  plain,
};

describe('linear time on hostile text', () => {
  for (const [entry, fn] of Object.entries(ENTRY_POINTS)) {
    it.each(Object.keys(BAITS))(`${entry}: 200 KB of %s in under a second`, (bait) => {
      const started = performance.now();
      fn(BAITS[bait]!);
      expect(performance.now() - started).toBeLessThan(1000);
    });
  }
});
