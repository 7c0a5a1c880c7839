import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import { ConfigError } from './errors.js';
import { INPUT_NAMES, INPUTS, type InputName, type RawInputs } from './inputs.js';
import { SECRET_INPUTS } from './secrets.js';
import { FAIL_ON, type FailOn, type Status } from './status.js';

export { INPUT_NAMES, type InputName, type RawInputs };

/** The default of every input, as the runner applies it when the value is empty. */
export const INPUT_DEFAULTS = Object.fromEntries(
  INPUT_NAMES.map((name) => [name, INPUTS[name].default]),
) as RawInputs;

export interface Thresholds {
  /** Percent, 0–100. */
  minSuccessRate: number;
  maxLatencyMs: number | null;
  maxTtftMs: number | null;
  /** Percentile, 1–100, at which latency and TTFT are judged. */
  latencyPercentile: number;
  /** Percent: judge the success rate by its Wilson interval at this confidence; null judges the raw rate. */
  confidence: number | null;
}

export type Provider = 'openai' | 'azure';

export interface Target {
  name: string;
  model: string;
  provider: Provider;
  baseUrl: string;
  /** Azure only: the API version sent as ?api-version=, and the deployment in the path. */
  apiVersion: string | null;
  deployment: string | null;
  /** Extra request headers; values may be secrets (never written to a report). */
  headers: Record<string, string>;
  /** The secret itself; never written to a report. Empty when the server needs none. */
  apiKey: string;
  /** Where the key came from, safe to show: `api-key`, `env:NAME` or `none`. */
  apiKeySource: string;
  prompt: string;
  /** Source of the regex the reply must match; null accepts any non-empty reply. */
  expect: string | null;
  maxTokens: number;
  thresholds: Thresholds;
}

export interface TrackingConfig {
  enabled: boolean;
  issueOn: Exclude<Status, 'up'>;
  labels: string[];
  assignees: string[];
  /** Breached runs in a row before an issue opens (or reopens). */
  openAfter: number;
  closeAfter: number;
  reopenWindowHours: number;
  token: string;
}

export interface PushgatewayConfig {
  url: string;
  job: string;
  auth: { username: string; password: string } | { bearer: string } | undefined;
}

export interface Config {
  mode: 'probe' | 'aggregate';
  /** Null when no pushgateway-url is set. */
  pushgateway: PushgatewayConfig | null;
  targets: Target[];
  /** Where this probe ran: recorded in the report, compared across reports in aggregate mode. */
  location: string | null;
  /** Aggregate mode: glob of reports, and how many locations must agree a target is unhealthy (null: a majority). */
  reportsGlob: string;
  minFailingLocations: number | null;
  checks: number;
  intervalMs: number;
  concurrency: number;
  timeoutMs: number;
  idleTimeoutMs: number;
  stream: boolean;
  rateLimitPolicy: 'exclude' | 'failure';
  failOn: FailOn;
  reportFile: string;
  tracking: TrackingConfig;
}

// ---- field schemas: each turns a trimmed string into a value, or fails with "what was expected" ----

function numberField(expected: string, valid: (n: number) => boolean, pattern = /^-?\d+(\.\d+)?$/) {
  return z.string().transform((raw, ctx) => {
    const text = raw.trim();
    const value = Number(text);
    if (!pattern.test(text) || !Number.isFinite(value) || !valid(value)) {
      ctx.addIssue({ code: 'custom', message: expected });
      return z.NEVER;
    }
    return value;
  });
}

const wholeNumber = (min: number, max: number) =>
  numberField(`a whole number from ${min} to ${max}`, (n) => n >= min && n <= max, /^\d+$/);

const optionalMs = z.string().transform((raw, ctx): number | null => {
  const text = raw.trim();
  if (text === '') return null;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(value > 0)) {
    ctx.addIssue({ code: 'custom', message: 'a number of milliseconds above 0, or empty for no limit' });
    return z.NEVER;
  }
  return value;
});

const percent = numberField('a percentage from 0 to 100', (n) => n >= 0 && n <= 100);
const percentile = numberField('a percentile from 1 to 100', (n) => n >= 1 && n <= 100);
const positiveSeconds = numberField('a number of seconds above 0 (decimals allowed)', (n) => n > 0);
const nonNegativeSeconds = numberField('a number of seconds, 0 or more (decimals allowed)', (n) => n >= 0);

const boolean = z.string().transform((raw, ctx) => {
  const text = raw.trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  ctx.addIssue({ code: 'custom', message: 'true or false' });
  return z.NEVER;
});

const oneOf = <const T extends string>(values: readonly T[]) =>
  z.string().transform((raw, ctx): T => {
    const text = raw.trim() as T;
    if (values.includes(text)) return text;
    ctx.addIssue({ code: 'custom', message: `one of ${values.join(', ')}` });
    return z.NEVER;
  });

const baseUrl = z.string().transform((raw, ctx) => {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'an http(s) URL such as https://api.openai.com/v1' });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: 'an http(s) URL such as https://api.openai.com/v1' });
    return z.NEVER;
  }
  if (url.username || url.password) {
    ctx.addIssue({ code: 'custom', message: 'a URL without credentials (pass the key in api-key)' });
    return z.NEVER;
  }
  return text.replace(/\/+$/, '');
});

const regex = z.string().transform((raw, ctx): string | null => {
  if (raw === '') return null;
  try {
    new RegExp(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'a valid regular expression' });
    return z.NEVER;
  }
  return raw;
});

const list = z.string().transform((raw) =>
  raw
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Extra headers: a YAML or JSON mapping of names to plain values (the YAML text, or a mapping inside targets). */
const headers = z.unknown().transform((raw, ctx): Record<string, string> => {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return {};
    try {
      value = parseYaml(raw);
    } catch {
      value = undefined;
    }
  }
  const expected =
    'a YAML or JSON mapping of header names to values, such as {"HTTP-Referer": "https://example.com"}';
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: expected });
    return z.NEVER;
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    const text = typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
    if (!HEADER_NAME.test(name) || typeof text !== 'string' || /[\r\n]/.test(text)) {
      ctx.addIssue({ code: 'custom', message: `${expected}; ${JSON.stringify(name)} is not a valid header` });
      return z.NEVER;
    }
    out[name] = text;
  }
  return out;
});

const apiVersion = z.string().transform((raw, ctx): string | null => {
  const text = raw.trim();
  if (text === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/.test(text)) {
    ctx.addIssue({ code: 'custom', message: 'an Azure OpenAI API version such as 2024-10-21' });
    return z.NEVER;
  }
  return text;
});

const optionalText = z.string().transform((raw): string | null => raw.trim() || null);

/** Fields a target in `targets` may set; the same schemas as the top-level inputs. */
const TARGET_FIELDS = {
  name: z.string(),
  model: z.string(),
  provider: oneOf(['openai', 'azure'] as const),
  'base-url': baseUrl,
  'api-version': apiVersion,
  deployment: optionalText,
  headers,
  'api-key-env': z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as GROQ_API_KEY'),
  prompt: z.string(),
  expect: regex,
  'max-tokens': wholeNumber(1, 100_000),
  'min-success-rate': percent,
  'success-confidence': z.string().transform((raw, ctx): number | null => {
    const text = raw.trim();
    if (text === '' || text.toLowerCase() === 'off') return null;
    const value = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || value < 50 || value > 99.9) {
      ctx.addIssue({
        code: 'custom',
        message: 'a confidence in percent from 50 to 99.9, or off for the raw rate',
      });
      return z.NEVER;
    }
    return value;
  }),
  'max-latency': optionalMs,
  'max-ttft': optionalMs,
  'latency-percentile': percentile,
} as const;
type TargetKey = keyof typeof TARGET_FIELDS;

const InputSchema = z.object({
  'base-url': TARGET_FIELDS['base-url'],
  provider: TARGET_FIELDS.provider,
  'api-key': z.string(),
  model: z.string(),
  name: z.string(),
  'api-version': TARGET_FIELDS['api-version'],
  deployment: TARGET_FIELDS.deployment,
  headers: TARGET_FIELDS.headers,
  targets: z.string(),
  prompt: TARGET_FIELDS.prompt,
  expect: TARGET_FIELDS.expect,
  'max-tokens': TARGET_FIELDS['max-tokens'],
  checks: wholeNumber(1, 1000),
  interval: nonNegativeSeconds,
  concurrency: wholeNumber(1, 100),
  timeout: positiveSeconds,
  'idle-timeout': positiveSeconds,
  stream: boolean,
  'min-success-rate': TARGET_FIELDS['min-success-rate'],
  'success-confidence': TARGET_FIELDS['success-confidence'],
  'max-latency': TARGET_FIELDS['max-latency'],
  'max-ttft': TARGET_FIELDS['max-ttft'],
  'latency-percentile': TARGET_FIELDS['latency-percentile'],
  'rate-limit-policy': oneOf(['exclude', 'failure'] as const),
  'fail-on': oneOf(FAIL_ON),
  'report-file': z.string().min(1, 'a file path'),
  location: optionalText,
  mode: oneOf(['probe', 'aggregate'] as const),
  reports: z.string(),
  'min-failing-locations': z.string().transform((raw, ctx): number | null => {
    const text = raw.trim();
    if (text === '') return null;
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 1000) {
      ctx.addIssue({
        code: 'custom',
        message: 'a whole number of locations from 1 to 1000, or empty for a majority',
      });
      return z.NEVER;
    }
    return Number(text);
  }),
  'pushgateway-url': z.string().transform((raw, ctx): string | null => {
    const text = raw.trim();
    if (text === '') return null;
    try {
      if (/^https?:$/.test(new URL(text).protocol)) return text.replace(/\/+$/, '');
    } catch {}
    ctx.addIssue({
      code: 'custom',
      message: 'an http(s) URL of a Pushgateway such as http://pushgateway:9091, or empty',
    });
    return z.NEVER;
  }),
  'pushgateway-job': z.string().trim().min(1, 'a job name'),
  'pushgateway-username': z.string(),
  'pushgateway-password': z.string(),
  'pushgateway-token': z.string(),
  'tracking-issue': boolean,
  'issue-on': oneOf(['down', 'degraded'] as const),
  'issue-labels': list,
  'issue-assignees': list,
  'open-after': wholeNumber(1, 100),
  'close-after': wholeNumber(1, 100),
  'reopen-window': numberField('a number of hours from 0 to 720', (n) => n >= 0 && n <= 720),
  'github-token': z.string(),
} satisfies Record<InputName, z.ZodType>);

type ParsedInputs = z.output<typeof InputSchema>;

function shown(name: string, value: unknown): string {
  if (SECRET_INPUTS.has(name as InputName)) return '(hidden)';
  return JSON.stringify(String(value ?? '').slice(0, 200));
}

function describeIssues(
  error: z.ZodError,
  raw: Record<string, unknown>,
  where: (key: string) => string,
): string[] {
  return error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const value = raw[key];
    if (value === undefined && issue.code !== 'custom')
      return `${where(key)} is missing: expected ${issue.message}.`;
    return `${where(key)} is ${shown(key, value)}: expected ${issue.message}.`;
  });
}

/** Loopback and private hosts: local servers (Ollama, vLLM) usually need no key. */
export function isPrivateHost(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host === '::1' ||
    host.endsWith('.local') ||
    host === 'host.docker.internal' ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host)
  );
}

/** YAML scalars arrive as numbers or booleans; the field schemas take the text a user wrote. */
function scalarText(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

interface TargetItem {
  fields: Partial<Record<TargetKey, unknown>>;
  label: string;
}

function parseTargetsYaml(text: string): { items: TargetItem[]; errors: string[] } {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return {
      items: [],
      errors: [`Input "targets" is not valid YAML (${reason}): expected a YAML list of targets.`],
    };
  }
  if (!Array.isArray(doc) || doc.length === 0) {
    return {
      items: [],
      errors: [
        'Input "targets" is not a list: expected a YAML list such as "- name: main\\n  model: gpt-4o-mini".',
      ],
    };
  }
  const items: TargetItem[] = [];
  const errors: string[] = [];
  doc.forEach((entry, index) => {
    const label = `Input "targets" item ${index + 1}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      errors.push(`${label} is ${shown('', JSON.stringify(entry))}: expected a mapping with name and model.`);
      return;
    }
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry)) {
      if (!(key in TARGET_FIELDS)) {
        errors.push(
          `${label} has an unknown key ${JSON.stringify(key)}: expected one of ${Object.keys(TARGET_FIELDS).join(', ')}.`,
        );
        continue;
      }
      fields[key] = scalarText(value);
    }
    const named = typeof fields.name === 'string' ? ` (${JSON.stringify(fields.name)})` : '';
    items.push({ fields, label: `${label}${named}` });
  });
  return { items, errors };
}

/**
 * Turns the raw input strings (action inputs or CLI flags) and the environment into a Config.
 * Pure: throws ConfigError listing every problem, each naming the input, the value and what was expected.
 */
export function parseConfig(
  rawInputs: Partial<RawInputs>,
  env: Record<string, string | undefined> = {},
): Config {
  const raw: RawInputs = { ...INPUT_DEFAULTS };
  for (const name of INPUT_NAMES) {
    const value = rawInputs[name];
    if (value !== undefined && value.trim() !== '') raw[name] = name === 'api-key' ? value.trim() : value;
  }
  const parsed = InputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(describeIssues(parsed.error, raw, (key) => `Input "${key}"`).join('\n'));
  }
  const inputs = parsed.data;
  const errors: string[] = [];
  const aggregate = inputs.mode === 'aggregate';
  if (aggregate && inputs.reports.trim() === '') {
    errors.push(
      'Input "reports" is empty: expected a glob of JSON reports such as reports/**/*.json (mode is aggregate).',
    );
  }
  const targets = aggregate
    ? []
    : inputs.targets.trim() === ''
      ? singleTarget(inputs, errors)
      : listedTargets(inputs, env, errors);
  const names = new Set<string>();
  for (const target of targets) {
    if (names.has(target.name))
      errors.push(`Input "targets" names ${JSON.stringify(target.name)} twice: expected unique names.`);
    names.add(target.name);
  }
  if (errors.length > 0) throw new ConfigError(errors.join('\n'));

  const timeoutMs = inputs.timeout * 1000;
  const username = inputs['pushgateway-username'].trim();
  const token = inputs['pushgateway-token'].trim();
  return {
    mode: inputs.mode,
    pushgateway:
      inputs['pushgateway-url'] === null
        ? null
        : {
            url: inputs['pushgateway-url'],
            job: inputs['pushgateway-job'],
            auth: token
              ? { bearer: token }
              : username
                ? { username, password: inputs['pushgateway-password'] }
                : undefined,
          },
    targets,
    location: inputs.location,
    reportsGlob: inputs.reports.trim(),
    minFailingLocations: inputs['min-failing-locations'],
    checks: inputs.checks,
    intervalMs: inputs.interval * 1000,
    concurrency: inputs.concurrency,
    timeoutMs,
    idleTimeoutMs: Math.min(inputs['idle-timeout'] * 1000, timeoutMs),
    stream: inputs.stream,
    rateLimitPolicy: inputs['rate-limit-policy'],
    failOn: inputs['fail-on'],
    reportFile: inputs['report-file'],
    tracking: {
      enabled: inputs['tracking-issue'],
      issueOn: inputs['issue-on'],
      labels: inputs['issue-labels'].length > 0 ? inputs['issue-labels'] : ['llm-outage'],
      assignees: inputs['issue-assignees'],
      openAfter: inputs['open-after'],
      closeAfter: inputs['close-after'],
      reopenWindowHours: inputs['reopen-window'],
      token: inputs['github-token'],
    },
  };
}

function thresholdsOf(inputs: ParsedInputs): Thresholds {
  return {
    minSuccessRate: inputs['min-success-rate'],
    maxLatencyMs: inputs['max-latency'],
    maxTtftMs: inputs['max-ttft'],
    latencyPercentile: inputs['latency-percentile'],
    confidence: inputs['success-confidence'],
  };
}

function keyRequired(baseUrl: string, where: string, errors: string[]): void {
  if (!isPrivateHost(baseUrl)) {
    errors.push(
      `${where} is empty: expected an API key for ${baseUrl} (only servers on a private or loopback address may have none).`,
    );
  }
}

const OPENAI_BASE_URL = INPUTS['base-url'].default;

/** Azure needs its endpoint and an API version; the deployment defaults to the model name. */
function providerFields(
  fields: {
    provider: Provider;
    baseUrl: string;
    apiVersion: string | null;
    deployment: string | null;
    model: string;
  },
  where: (key: string) => string,
  errors: string[],
): Pick<Target, 'provider' | 'apiVersion' | 'deployment'> {
  if (fields.provider === 'openai') return { provider: 'openai', apiVersion: null, deployment: null };
  if (fields.baseUrl === OPENAI_BASE_URL) {
    errors.push(
      `${where('base-url')} is ${JSON.stringify(fields.baseUrl)}: expected your Azure OpenAI endpoint such as https://my-resource.openai.azure.com (provider is azure).`,
    );
  }
  if (fields.apiVersion === null) {
    errors.push(
      `${where('api-version')} is empty: expected an Azure OpenAI API version such as 2024-10-21 (provider is azure).`,
    );
  }
  return { provider: 'azure', apiVersion: fields.apiVersion, deployment: fields.deployment ?? fields.model };
}

function singleTarget(inputs: ParsedInputs, errors: string[]): Target[] {
  const model = inputs.model.trim();
  if (model === '') {
    errors.push('Input "model" is empty: expected a model name such as gpt-4o-mini (or a "targets" list).');
    return [];
  }
  if (inputs['api-key'] === '') keyRequired(inputs['base-url'], 'Input "api-key"', errors);
  const provider = providerFields(
    {
      provider: inputs.provider,
      baseUrl: inputs['base-url'],
      apiVersion: inputs['api-version'],
      deployment: inputs.deployment,
      model,
    },
    (key) => `Input "${key}"`,
    errors,
  );
  return [
    {
      name: inputs.name.trim() || model,
      model,
      ...provider,
      headers: inputs.headers,
      baseUrl: inputs['base-url'],
      apiKey: inputs['api-key'],
      apiKeySource: inputs['api-key'] === '' ? 'none' : 'api-key',
      prompt: inputs.prompt,
      expect: inputs.expect,
      maxTokens: inputs['max-tokens'],
      thresholds: thresholdsOf(inputs),
    },
  ];
}

const TargetSchema = z.object({
  ...TARGET_FIELDS,
  name: z.string().trim().min(1, 'a display name'),
  model: z.string().trim().min(1, 'a model name'),
});

function listedTargets(
  inputs: ParsedInputs,
  env: Record<string, string | undefined>,
  errors: string[],
): Target[] {
  const { items, errors: yamlErrors } = parseTargetsYaml(inputs.targets);
  errors.push(...yamlErrors);
  const defaults = thresholdsOf(inputs);
  const targets: Target[] = [];
  for (const item of items) {
    const result = TargetSchema.partial().safeParse(item.fields);
    const where = (key: string) => `${item.label} key "${key}"`;
    if (!result.success) {
      errors.push(...describeIssues(result.error, item.fields, where));
      continue;
    }
    const t = result.data;
    if (t.name === undefined) errors.push(`${where('name')} is missing: expected a display name.`);
    if (t.model === undefined) errors.push(`${where('model')} is missing: expected a model name.`);
    if (t.name === undefined || t.model === undefined) continue;

    const targetBaseUrl = t['base-url'] ?? inputs['base-url'];
    let apiKey = inputs['api-key'];
    let apiKeySource = apiKey === '' ? 'none' : 'api-key';
    if (t['api-key-env'] !== undefined) {
      apiKey = (env[t['api-key-env']] ?? '').trim();
      apiKeySource = `env:${t['api-key-env']}`;
      if (apiKey === '') {
        errors.push(
          `${where('api-key-env')} names ${JSON.stringify(t['api-key-env'])}, which is empty or not set: expected an environment variable holding the key (env: in the workflow step).`,
        );
        continue;
      }
    } else if (apiKey === '') {
      keyRequired(targetBaseUrl, `${where('api-key-env')} is not set and input "api-key"`, errors);
    }
    const provider = providerFields(
      {
        provider: t.provider ?? inputs.provider,
        baseUrl: targetBaseUrl,
        apiVersion: t['api-version'] === undefined ? inputs['api-version'] : t['api-version'],
        // A top-level deployment names one deployment: in a list, each target names its own.
        deployment: t.deployment ?? null,
        model: t.model,
      },
      where,
      errors,
    );
    targets.push({
      name: t.name,
      model: t.model,
      ...provider,
      headers: { ...inputs.headers, ...t.headers },
      baseUrl: targetBaseUrl,
      apiKey,
      apiKeySource,
      prompt: t.prompt ?? inputs.prompt,
      expect: t.expect === undefined ? inputs.expect : t.expect,
      maxTokens: t['max-tokens'] ?? inputs['max-tokens'],
      thresholds: {
        minSuccessRate: t['min-success-rate'] ?? defaults.minSuccessRate,
        maxLatencyMs: t['max-latency'] === undefined ? defaults.maxLatencyMs : t['max-latency'],
        maxTtftMs: t['max-ttft'] === undefined ? defaults.maxTtftMs : t['max-ttft'],
        latencyPercentile: t['latency-percentile'] ?? defaults.latencyPercentile,
        confidence: t['success-confidence'] === undefined ? defaults.confidence : t['success-confidence'],
      },
    });
  }
  return targets;
}
