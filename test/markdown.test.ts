import { describe, expect, it } from 'vitest';
import { escapeInline } from '../src/report/markdown.js';
import { redact, textOfHtml } from '../src/text/untrusted.js';

const ZWSP = '\u200B';
// Built at run time so no token-shaped string sits in the repository.
const GITHUB_TOKEN_LIKE = ['ghp', 'abcdefghijklmnopqrstuvwxyz0123'].join('_');

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
});
