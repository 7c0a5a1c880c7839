import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { INPUT_DEFAULTS, parseConfig } from '../src/config/index.js';
import { ConfigError } from '../src/errors.js';
import { INPUTS } from '../src/inputs.js';
import { secretHeaderValues } from '../src/secrets.js';

const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default?: string; description?: string }>;
};

function errorOf(inputs: Record<string, string>, env: Record<string, string> = {}): string {
  try {
    parseConfig(inputs, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

const base = { model: 'gpt-4o-mini', 'api-key': 'sk-test-1234567890abcdef' };

describe('config', () => {
  it('has the same inputs, defaults and descriptions as action.yml', () => {
    const fromAction = Object.fromEntries(
      Object.entries(action.inputs).map(([k, v]) => [k, k === 'github-token' ? '' : String(v.default ?? '')]),
    );
    expect(fromAction).toEqual(INPUT_DEFAULTS);
    for (const [name, input] of Object.entries(INPUTS)) {
      expect(action.inputs[name]?.description, name).toBe(input.description);
    }
    expect(action.inputs['github-token']?.default).toBe(['$', '{{ github.token }}'].join(''));
  });

  it('applies the defaults to a single target', () => {
    const config = parseConfig(base);
    expect(config.checks).toBe(10);
    expect(config.intervalMs).toBe(1000);
    expect(config.timeoutMs).toBe(30_000);
    expect(config.idleTimeoutMs).toBe(10_000);
    expect(config.stream).toBe(true);
    expect(config.failOn).toBe('degraded');
    expect(config.targets).toHaveLength(1);
    expect(config.targets[0]).toMatchObject({
      name: 'gpt-4o-mini',
      model: 'gpt-4o-mini',
      baseUrl: 'https://api.openai.com/v1',
      prompt: 'ping {{nonce}}',
      expect: null,
      maxTokens: 16,
      apiKeySource: 'api-key',
      thresholds: { minSuccessRate: 95, maxLatencyMs: null, maxTtftMs: null, latencyPercentile: 95 },
    });
  });

  it('accepts decimals for interval and timeout, and caps idle-timeout by timeout', () => {
    const config = parseConfig({ ...base, interval: '0.25', timeout: '2.5', 'idle-timeout': '9' });
    expect(config.intervalMs).toBe(250);
    expect(config.timeoutMs).toBe(2500);
    expect(config.idleTimeoutMs).toBe(2500);
  });

  it.each([
    ['checks', '0', /Input "checks" is "0": expected a whole number from 1 to 1000/],
    ['checks', '-1', /Input "checks" is "-1": expected a whole number from 1 to 1000/],
    ['checks', '1e9', /Input "checks" is "1e9": expected a whole number/],
    ['checks', 'abc', /Input "checks" is "abc"/],
    ['checks', '2.5', /Input "checks" is "2.5"/],
    ['interval', '-1', /Input "interval" is "-1": expected a number of seconds, 0 or more/],
    ['timeout', '0', /Input "timeout" is "0": expected a number of seconds above 0/],
    ['timeout', 'NaN', /Input "timeout" is "NaN"/],
    ['min-success-rate', '101', /Input "min-success-rate" is "101": expected a percentage from 0 to 100/],
    ['max-latency', 'fast', /Input "max-latency" is "fast": expected a number of milliseconds/],
    ['latency-percentile', '0', /Input "latency-percentile" is "0"/],
    ['stream', 'yes', /Input "stream" is "yes": expected true or false/],
    ['fail-on', 'sometimes', /Input "fail-on" is "sometimes": expected one of degraded, down, never/],
    [
      'rate-limit-policy',
      'ignore',
      /Input "rate-limit-policy" is "ignore": expected one of exclude, failure/,
    ],
    ['base-url', 'ftp://example.com', /Input "base-url" is "ftp:\/\/example.com": expected an http\(s\) URL/],
    ['base-url', 'not a url', /Input "base-url" is "not a url"/],
    ['base-url', 'https://user:pw@example.com/v1', /expected a URL without credentials/],
    ['expect', '(unclosed', /Input "expect" is "\(unclosed": expected a valid regular expression/],
    ['concurrency', '0', /Input "concurrency" is "0"/],
  ])('rejects %s = %j with a message naming it', (name, value, message) => {
    expect(errorOf({ ...base, [name]: value })).toMatch(message);
  });

  it('lists every bad input at once', () => {
    const message = errorOf({ ...base, checks: 'x', timeout: '-2' });
    expect(message).toMatch(/"checks"/);
    expect(message).toMatch(/"timeout"/);
  });

  it('requires a model and, for public hosts, a key', () => {
    expect(errorOf({ 'api-key': 'sk-x' })).toMatch(/Input "model" is empty/);
    expect(errorOf({ model: 'gpt-4o-mini' })).toMatch(
      /Input "api-key" is empty: expected an API key for https:\/\/api.openai.com\/v1/,
    );
    expect(
      parseConfig({ model: 'llama3', 'base-url': 'http://127.0.0.1:11434/v1' }).targets[0]?.apiKeySource,
    ).toBe('none');
  });

  it('never echoes the key in an error', () => {
    const message = errorOf({ ...base, 'api-key': 'sk-secret-value-123456', checks: 'zero' });
    expect(message).not.toContain('sk-secret-value-123456');
  });

  it('reads a targets list with overrides and per-target keys from the environment', () => {
    const config = parseConfig(
      {
        'api-key': 'sk-default-key-1234',
        'max-latency': '5000',
        targets: [
          '- name: main',
          '  model: gpt-4o-mini',
          '- name: groq',
          '  model: llama-3.1-8b-instant',
          '  base-url: https://api.groq.com/openai/v1',
          '  api-key-env: GROQ_KEY',
          '  max-tokens: 64',
          '  max-latency: 1500',
          '  min-success-rate: 90',
          '  expect: "(?i)pong"'.replace('(?i)', ''),
        ].join('\n'),
      },
      { GROQ_KEY: 'gsk_abcdefghijklmnopqrstuvwxyz' },
    );
    expect(config.targets.map((t) => t.name)).toEqual(['main', 'groq']);
    expect(config.targets[0]).toMatchObject({
      apiKey: 'sk-default-key-1234',
      thresholds: { maxLatencyMs: 5000 },
    });
    expect(config.targets[1]).toMatchObject({
      baseUrl: 'https://api.groq.com/openai/v1',
      apiKey: 'gsk_abcdefghijklmnopqrstuvwxyz',
      apiKeySource: 'env:GROQ_KEY',
      maxTokens: 64,
      expect: 'pong',
      thresholds: { maxLatencyMs: 1500, minSuccessRate: 90, latencyPercentile: 95 },
    });
  });

  it.each([
    ['- name: a\n  model: [', /Input "targets" is not valid YAML/],
    ['name: a', /Input "targets" is not a list/],
    ['- just-a-string', /Input "targets" item 1 is .*expected a mapping/],
    ['- name: a', /Input "targets" item 1 \("a"\) key "model" is missing/],
    ['- name: a\n  model: m\n  colour: red', /item 1 has an unknown key "colour"/],
    [
      '- name: a\n  model: m\n  max-latency: soon',
      /item 1 \("a"\) key "max-latency" is "soon": expected a number of milliseconds/,
    ],
    ['- name: a\n  model: m\n- name: a\n  model: n', /names "a" twice/],
    [
      '- name: a\n  model: m\n  api-key-env: MISSING_KEY',
      /key "api-key-env" names "MISSING_KEY", which is empty or not set/,
    ],
  ])('rejects targets %j', (yaml, message) => {
    expect(errorOf({ 'api-key': 'sk-key-123456', targets: yaml })).toMatch(message);
  });

  it('reads Azure targets: endpoint, api-version, deployment defaulting to the model', () => {
    const single = parseConfig({
      ...base,
      provider: 'azure',
      'base-url': 'https://my-resource.openai.azure.com',
      'api-version': '2024-10-21',
    });
    expect(single.targets[0]).toMatchObject({
      provider: 'azure',
      apiVersion: '2024-10-21',
      deployment: 'gpt-4o-mini',
    });
    const listed = parseConfig({
      'api-key': 'k-123456',
      targets:
        '- name: az\n  model: gpt-4o\n  provider: azure\n  base-url: https://r.openai.azure.com\n  api-version: 2024-10-21\n  deployment: prod-4o',
    });
    expect(listed.targets[0]).toMatchObject({
      provider: 'azure',
      deployment: 'prod-4o',
      baseUrl: 'https://r.openai.azure.com',
    });
  });

  it.each([
    [
      { provider: 'azure', 'base-url': 'https://r.openai.azure.com' },
      /Input "api-version" is empty: expected an Azure OpenAI API version such as 2024-10-21 \(provider is azure\)/,
    ],
    [
      { provider: 'azure', 'api-version': '2024-10-21' },
      /Input "base-url" is "https:\/\/api.openai.com\/v1": expected your Azure OpenAI endpoint/,
    ],
    [{ provider: 'bedrock' }, /Input "provider" is "bedrock": expected one of openai, azure/],
    [{ 'api-version': 'latest' }, /Input "api-version" is "latest": expected an Azure OpenAI API version/],
    [{ headers: '- a\n- b' }, /Input "headers" is .*expected a YAML or JSON mapping/],
    [{ headers: '{"bad name": "x"}' }, /"bad name" is not a valid header/],
    [{ mode: 'merge' }, /Input "mode" is "merge": expected one of probe, aggregate/],
    [{ mode: 'aggregate' }, /Input "reports" is empty: expected a glob of JSON reports/],
    [{ 'min-failing-locations': '0' }, /Input "min-failing-locations" is "0"/],
  ])('rejects provider settings %j', (bad, message) => {
    expect(errorOf({ ...base, ...bad })).toMatch(message);
  });

  it('reads extra headers as YAML or JSON, merged per target, and finds the secret ones', () => {
    const config = parseConfig({
      ...base,
      headers: 'HTTP-Referer: https://example.com\nX-Title: heartbeat',
      targets:
        '- name: a\n  model: m\n  headers:\n    X-Title: other\n    Authorization: Bearer gw-123456789',
    });
    expect(config.targets[0]?.headers).toEqual({
      'HTTP-Referer': 'https://example.com',
      'X-Title': 'other',
      Authorization: 'Bearer gw-123456789',
    });
    expect(secretHeaderValues(config.targets[0]!.headers)).toEqual(['Bearer gw-123456789']);
    expect(parseConfig({ ...base, headers: '{"X-A": 1}' }).targets[0]?.headers).toEqual({ 'X-A': '1' });
  });

  it('aggregate mode needs reports, not targets or keys', () => {
    const config = parseConfig({
      mode: 'aggregate',
      reports: 'reports/**/*.json',
      'min-failing-locations': '2',
    });
    expect(config).toMatchObject({
      mode: 'aggregate',
      targets: [],
      reportsGlob: 'reports/**/*.json',
      minFailingLocations: 2,
    });
  });

  it('judges the success rate at 95% confidence by default; off, top-level or per target, judges the raw rate', () => {
    const confidence = (inputs: Record<string, string>) =>
      parseConfig({ ...base, ...inputs }).targets.map((t) => t.thresholds.confidence);
    expect(confidence({})).toEqual([95]);
    expect(confidence({ 'success-confidence': 'off' })).toEqual([null]);
    expect(confidence({ 'success-confidence': '99' })).toEqual([99]);
    expect(
      confidence({ targets: '- name: a\n  model: m\n- name: b\n  model: m\n  success-confidence: "off"' }),
    ).toEqual([95, null]);
    expect(errorOf({ ...base, 'success-confidence': 'no' })).toMatch(
      /Input "success-confidence" is "no": expected a confidence in percent from 50 to 99.9, or off for the raw rate/,
    );
  });

  it('reads the tracking settings', () => {
    const config = parseConfig({
      ...base,
      'issue-labels': 'llm-outage, prod',
      'issue-assignees': 'alice,bob',
      'close-after': '2',
    });
    expect(config.tracking).toMatchObject({
      enabled: true,
      issueOn: 'down',
      labels: ['llm-outage', 'prod'],
      assignees: ['alice', 'bob'],
      closeAfter: 2,
    });
  });
});
