/**
 * Inputs that would pass a naive check and then fake an outage, or put a secret into an error message.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import { ConfigError } from '../src/errors.js';
import { maskedSecrets, secretHeaderNames, targetSecrets } from '../src/secrets.js';

const base = { model: 'gpt-4o-mini', 'api-key': 'sk-test-1234567890abcdef' };
const SECRET = 'zq81-secret-value-Hx7';

function errorOf(inputs: Record<string, string>): string {
  try {
    parseConfig(inputs);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('secret headers are decided by whole words of the name', () => {
  it.each([
    ['Authorization', true],
    ['X-Api-Key', true],
    ['Ocp-Apim-Subscription-Key', true],
    ['x-portkey-api-key', true],
    ['x-portkey-virtual-key', true],
    ['X-Auth-Token', true],
    ['Cookie', true],
    ['x-portkey-provider', false],
    ['x-portkey-custom-host', false],
    ['HTTP-Referer', false],
    ['X-Title', false],
    ['x-keycloak-realm', false],
    ['X-Monkey', false],
  ])('%s: %s', (name, secret) => {
    expect(secretHeaderNames({ [name]: 'v' })).toEqual(secret ? [name] : []);
  });

  it('secret-headers names more, and a leading ! names fewer', () => {
    const config = parseConfig({
      ...base,
      headers:
        '{"X-Customer": "acme-1234567", "X-Session-Hint": "sticky-node-7", "x-portkey-provider": "openai"}',
      'secret-headers': 'x-customer, !X-Session-Hint',
    });
    expect(config.targets[0]!.secretHeaderNames).toEqual(['X-Customer']);
    expect(targetSecrets(config.targets[0]!)).toContain('acme-1234567');
    expect(targetSecrets(config.targets[0]!)).not.toContain('openai');
  });

  it('never asks the runner to mask a short or common value', () => {
    const config = parseConfig({
      ...base,
      headers: '{"x-portkey-api-key": "openai", "X-Api-Key": "abc", "Authorization": "Bearer gw-123456789"}',
    });
    const masked = maskedSecrets(config);
    expect(masked).not.toContain('openai');
    expect(masked).not.toContain('abc');
    expect(masked).toContain('Bearer gw-123456789');
    expect(masked).toContain('gw-123456789');
    expect(masked).toContain('sk-test-1234567890abcdef');
  });
});

describe('inputs that would fake an outage are input errors', () => {
  it.each(['Expect', 'Transfer-Encoding', 'Connection', 'Host', 'Content-Length', 'Keep-Alive', 'Upgrade'])(
    'header %s',
    (name) => {
      const message = errorOf({ ...base, headers: `{"${name}": "x"}` });
      expect(message).toMatch(new RegExp(`Input "headers" is .*"${name}" is set by the HTTP client itself`));
    },
  );

  it('a header value HTTP cannot carry', () => {
    expect(errorOf({ ...base, headers: '{"X-Team": "日本"}' })).toMatch(
      /the value of "X-Team" has a character HTTP headers cannot carry/,
    );
  });

  it('a #fragment in base-url', () => {
    expect(errorOf({ ...base, 'base-url': 'https://gw.example.com/v1#prod' })).toMatch(
      /Input "base-url" is .*: expected a URL without a #fragment/,
    );
  });

  it.each([
    ['timeout', '2200000'],
    ['idle-timeout', '9999999'],
    ['interval', '3000000'],
    ['max-latency', '99999999999'],
  ])('%s %s, past what a timer holds', (name, value) => {
    expect(errorOf({ ...base, [name]: value })).toMatch(
      new RegExp(`Input "${name}" is "${value}": expected .*at most`),
    );
  });

  it('YAML scalars in targets keep the text as written', () => {
    const config = parseConfig({
      ...base,
      targets: '- name: v\n  model: 1.10\n- name: w\n  model: 0x1F\n  headers: {X-Version: 2.0}',
    });
    expect(config.targets.map((t) => t.model)).toEqual(['1.10', '0x1F']);
    expect(config.targets[1]!.headers).toEqual({ 'X-Version': '2.0' });
  });
});

describe('no error shows a secret', () => {
  it.each([
    ['a secret header value', { headers: `{"X-Api-Key": "${SECRET}", "Expect": "x"}` }],
    ['a secret header in YAML that does not parse', { headers: `X-Api-Key: ${SECRET}\n  bad: [` }],
    ['URL userinfo', { 'base-url': `https://user:${SECRET}@example.com/v1` }],
    ['a key in the query string', { 'base-url': `ftp://example.com/v1?code=${SECRET}` }],
    ['a key in the query string, with a fragment', { 'base-url': `https://example.com/v1?key=${SECRET}#x` }],
    ['Pushgateway userinfo', { 'pushgateway-url': `ftp://u:${SECRET}@pg:9091` }],
    [
      'a secret header of a listed target',
      { targets: `- name: a\n  model: m\n  headers: {Authorization: "Bearer ${SECRET}", Host: x}` },
    ],
  ])('%s', (_label, inputs) => {
    const message = errorOf({ ...base, ...inputs });
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain(encodeURIComponent(SECRET));
  });
});
