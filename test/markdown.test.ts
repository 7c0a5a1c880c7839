import { describe, expect, it } from 'vitest';
import { codeSpan, escapeInline } from '../src/report/markdown.js';
import { HTML_CHARS, plain, redact, textOfHtml } from '../src/text/untrusted.js';
import { asGitHubSees, LIVE_FORMS, liveForms } from './support/live-links.js';

const ZWSP = '\u200B';
// Built at run time so no token-shaped string sits in the repository.
const GITHUB_TOKEN_LIKE = ['ghp', 'abcdefghijklmnopqrstuvwxyz0123'].join('_');
const SHA40 = 'a5c3785ed8d6a35868bc169f07e40e889087fd2e';

/** Each form GitHub links, alone and inside a server's sentence, with the form the checker must see. */
const AUTOLINK_FORMS: [string, string][] = [
  ['scheme URL', 'http://evil.example/x'],
  ['scheme URL', 'see https://evil.example/login now'],
  ['scheme URL', 'ftp://files.evil.example/a'],
  ['scheme URL', 'HTTPS://EVIL.EXAMPLE'],
  ['www. link', 'www.evil.example'],
  ['www. link', 'go to _www.evil.example_'],
  ['www. link', '(www.evil.example)'],
  ['www. link', 'WWW.EVIL.EXAMPLE'],
  ['email', 'write to a.b+c@evil.example'],
  ['mailto:/xmpp:', 'mailto:a@evil.example'],
  ['mailto:/xmpp:', 'xmpp:bot@evil.example'],
  ['scheme URL', '<https://evil.example>'],
  ['email', '<a@evil.example>'],
  ['mention', '@octocat'],
  ['mention', 'ping @octocat!'],
  ['team', '@acme/oncall'],
  ['issue #N', '#123'],
  ['issue #N', 'see #1.'],
  ['GH-N', 'GH-123'],
  ['GH-N', 'fixed in gh-7'],
  ['owner/repo#N', 'acme/models#12'],
  ['owner/repo@sha', 'acme/models@a1b2c3d'],
  ['user@sha', 'octocat@a1b2c3d'],
  ['commit SHA', 'a1b2c3d'],
  ['commit SHA', `commit ${SHA40} broke it`],
  ['commit SHA', 'ABCDEF0123456'],
  ['commit SHA', `${'ab'.repeat(3)}${SHA40}`],
  ['GitHub URL', 'https://github.com/acme/models/issues/1'],
  ['GitHub URL', `https://github.com/acme/models/commit/${SHA40}`],
  ['HTML comment', '<!-- hidden'],
  ['HTML comment', 'shown -->'],
  ['tracker marker', '<!-- llm-heartbeat:target "prod" -->'],
];

describe('markdown safety', () => {
  const hostile =
    '@octocat #1 acme/models#2 </details><script>alert(1)</script> | ``` \u001b[31mred\u001b[0m [x](https://evil.example) www.evil.example\nnext line';

  it('turns hostile server text inert: no mention, issue link, HTML, table break, ANSI or autolink', () => {
    const out = escapeInline(hostile);
    expect(out).not.toMatch(/@[a-z]/i);
    expect(out).toContain(`@${ZWSP}octocat`);
    expect(out).not.toMatch(/#\d/);
    expect(out).not.toMatch(/<\/?[a-z]/i);
    expect(out).not.toMatch(/(^|[^\\])\|/);
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\n');
    expect(out).not.toContain('```');
    expect(out).not.toContain('https://');
    expect(out).not.toMatch(/www\./);
    expect(out).not.toMatch(/(^|[^\\])\[/);
  });

  it.each(AUTOLINK_FORMS)('leaves no live %s in %j', (form, text) => {
    expect(LIVE_FORMS[form]!.test(asGitHubSees(text)), 'the checker finds the form in the raw text').toBe(
      true,
    );
    const out = escapeInline(text);
    expect(liveForms(out)).toEqual([]);
    expect(asGitHubSees(out).replace(/\u200B/g, '')).toBe(plain(text));
  });

  it.each(AUTOLINK_FORMS)('keeps %s in %j inside one closed code span', (_form, text) => {
    const out = codeSpan(text);
    expect(out).toMatch(/^`[^`]+`$/);
    expect(out).not.toMatch(/(^|[^\\])\|/);
    expect(out).not.toMatch(/<!--|--!?>/);
    expect(
      out
        .slice(1, -1)
        .replace(/\u200B/g, '')
        .replace(/\\\|/g, '|'),
    ).toBe(plain(text).replace(/`/g, "'"));
  });

  it('never renders an HTML comment or a tracker marker from untrusted text', () => {
    const marker = '<!-- llm-heartbeat:target "prod" -->';
    for (const text of [
      marker,
      `model ${marker} and <!-- llm-heartbeat:state {} -->`,
      '<\u200B!-- llm-heartbeat:target "x" --\u200B>', // zero-width spaces from the server are dropped first
      '<!---->',
      '<!-->',
      'a --!> b',
      '```<!-- x -->```',
    ]) {
      for (const out of [escapeInline(text, 1000), codeSpan(text, 1000)]) {
        for (const view of [out, asGitHubSees(out)]) {
          expect(view).not.toMatch(/<!--|--!?>/);
          expect(view).not.toMatch(/<!--\s*llm-heartbeat:/);
        }
      }
    }
    expect(codeSpan(marker).replace(/\u200B/g, '')).toBe(`\`${marker}\``);
  });

  it('drops the bidi controls and zero-width characters a server sends, keeping only its own', () => {
    const invisible =
      '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad';
    expect(plain(`pay${invisible}ment \u202egnp.exe`)).toBe('payment gnp.exe');
    expect(escapeInline(`ok${invisible}done`)).toBe('okdone');
    expect(codeSpan(`ok${invisible}done`)).toBe('`okdone`');
    // a server's zero-width space cannot stand in for (or double up with) the one the escaper inserts
    expect(escapeInline('@\u200Boctocat')).toBe(`@${ZWSP}octocat`);
    expect(escapeInline('#\u200B1')).toBe(`\\#${ZWSP}1`);
    for (const ch of invisible) expect(escapeInline(`a${ch}b @x`).replace(`@${ZWSP}`, '@')).toBe('ab @x');
  });

  it('still says what the server said', () => {
    const out = escapeInline('model "gpt-4o" is overloaded (try later)');
    expect(out.replace(/\\/g, '').replace(/&quot;/g, '"')).toBe('model "gpt-4o" is overloaded (try later)');
  });

  it('bounds the length', () => {
    expect(Array.from(escapeInline('x'.repeat(10_000), 300)).length).toBeLessThanOrEqual(300);
    expect(escapeInline('x'.repeat(10_000), 300).endsWith('…')).toBe(true);
  });

  it('redacts the configured key and anything shaped like one', () => {
    const key = 'sk-proj-abcdefghijklmnop1234';
    const text = `Incorrect API key provided: ${key}. Also Bearer abcdefghijk123 and ${GITHUB_TOKEN_LIKE} and api_key=hunter2hunter2`;
    const out = redact(text, [key]);
    expect(out).not.toContain(key);
    expect(out).not.toContain('abcdefghijk123');
    expect(out).not.toContain('ghp_');
    expect(out).not.toContain(GITHUB_TOKEN_LIKE);
    expect(out).not.toContain('hunter2hunter2');
    expect(out).toContain('Incorrect API key provided: [REDACTED]');
    expect(redact('a key that is not shaped: zzzzzz', ['zzzzzz'])).toBe(
      'a key that is not shaped: [REDACTED]',
    );
    expect(escapeInline(redact(`key ${key}`, [key]))).not.toContain('sk-proj');
  });

  it('reduces a proxy HTML page to its words', () => {
    const html =
      '<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>p{}</style></head><body><h1>Bad gateway</h1><script>x()</script><p>Ray ID: 8a1b</p></body></html>';
    const text = textOfHtml(html);
    expect(text).toMatch(/^502 Bad Gateway — Bad gateway Ray ID: 8a1b$/);
  });

  it('reads HTML the way it did, without the regular expressions', () => {
    expect(textOfHtml('<html><HEAD><TITLE>Oops</TITLE></HEAD><BODY>Gone <b>away</b></BODY></html>')).toBe(
      'Oops — Gone away',
    );
    expect(textOfHtml('<html><header>Site</header><body>down</body></html>')).toBe('Site down');
    expect(textOfHtml('<html><script>never closed<p>words</p>')).toBe('never closed words');
    expect(textOfHtml('<html><body>1 < 2 and 3 > 2; a < b')).toBe('1 2; a < b');
    expect(textOfHtml('<html><title>no end')).toBe('no end');
    expect(textOfHtml('<html><title x="1">T</title><p>Your IP: 203.0.113.7</p>')).toBe('T — Your IP: [IP]');
    expect(textOfHtml('<body>&lt;b&gt; &amp;amp; caf\u0130</body>')).toBe('<b> &amp; caf\u0130');
  });

  it('reads only the head of a huge HTML page, without cutting a word in two', () => {
    const word = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const page = `<html><body>start${' '.repeat(HTML_CHARS - 30)}${word} tail ${'x'.repeat(HTML_CHARS)}</body></html>`;
    expect(textOfHtml(page)).toBe('start');
    expect(textOfHtml(`<html><body>${'x'.repeat(2 * HTML_CHARS)}`)).toBe('');
  });
});
