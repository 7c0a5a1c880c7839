import { describe, expect, it } from 'vitest';
import { secretForms } from '../src/secrets.js';
import { redact } from '../src/text/untrusted.js';

// An Azure-style key: 32 hex characters, no recognisable prefix, so only the exact value can find it.
const KEY = ['9f3c2a71', 'd04b4e8e', 'a1c5b6f2', '7e9d0c13'].join('');

describe('redaction of a configured secret in every form a server may echo it', () => {
  const embeds: [string, string][] = [
    ['as it is', `key ${KEY} echoed`],
    ['URL-encoded', `?code=${encodeURIComponent(`${KEY}/+=`)}`],
    ['base64', `token ${Buffer.from(KEY).toString('base64')}`],
    ['base64 inside a Basic credential', `Basic ${Buffer.from(`user:${KEY}`).toString('base64')}`],
    ['base64 at each alignment', Buffer.from(`xx${KEY}yy`).toString('base64')],
    ['base64url', Buffer.from(`a${KEY}`).toString('base64url')],
  ];
  it.each(embeds)('%s', (_label, text) => {
    const secret = text.includes('%2F') ? `${KEY}/+=` : KEY;
    const out = redact(text, [secret]);
    expect(out).toContain('[REDACTED]');
    expect(out).not.toContain(KEY);
    for (const form of secretForms([secret])) expect(out).not.toContain(form);
    // Decoding what is left never gives the key back.
    expect(Buffer.from(out.replace(/^.*?(?=[A-Za-z0-9+/_-]{8,})/, ''), 'base64').toString()).not.toContain(
      KEY,
    );
  });

  it('never searches for a secret so short it would redact ordinary words', () => {
    expect(secretForms(['abc'])).toEqual([]);
    expect(redact('abc def', ['abc'])).toBe('abc def');
  });
});
