import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

import type { InputName } from '../inputs.js';
import { SECRET_INPUTS } from '../secrets.js';
import { FAIL_ON } from '../status.js';
import {
  apiVersion,
  baseUrl,
  boolean,
  branchName,
  confidence,
  envName,
  headers,
  list,
  locationCount,
  nonNegativeSeconds,
  numberField,
  numberText,
  oneOf,
  optional,
  optionalCount,
  optionalMs,
  optionalPositive,
  optionalText,
  percent,
  percentile,
  positiveSeconds,
  pricePerMtok,
  pushgatewayUrl,
  regex,
  regression,
  slo,
  webhookUrl,
  wholeNumber,
} from './fields.js';
import { KINDS, NOTIFY_EVENTS, REASONING_EFFORTS } from './types.js';

const reasoningEffort = optional((text, ctx) => {
  if ((REASONING_EFFORTS as readonly string[]).includes(text))
    return text as (typeof REASONING_EFFORTS)[number];
  ctx.addIssue({ code: 'custom', message: `one of ${REASONING_EFFORTS.join(', ')}, or empty` });
  return z.NEVER;
});

const notifyOn = list.transform((items, ctx) => {
  const bad = items.find((i) => !(NOTIFY_EVENTS as readonly string[]).includes(i));
  if (bad !== undefined) {
    ctx.addIssue({ code: 'custom', message: `a comma-separated list of ${NOTIFY_EVENTS.join(', ')}` });
    return z.NEVER;
  }
  return items as (typeof NOTIFY_EVENTS)[number][];
});

/** Fields a target in `targets` may set; the same schemas as the top-level inputs. */
export const TARGET_FIELDS = {
  name: z.string(),
  model: z.string(),
  provider: oneOf(['openai', 'azure'] as const),
  'base-url': baseUrl,
  'api-version': apiVersion,
  deployment: optionalText,
  headers,
  'api-key-env': envName,
  kind: oneOf(KINDS),
  'embedding-dimensions': optional(
    numberText(
      'a whole number of dimensions from 1 to 100000, or empty to record the first seen',
      /^\d+$/,
      (n) => n >= 1 && n <= 100_000,
    ),
  ),
  prompt: z.string(),
  expect: regex,
  'max-tokens': wholeNumber(1, 100_000),
  'reasoning-effort': reasoningEffort,
  'price-per-mtok': pricePerMtok,
  'min-success-rate': percent,
  'success-confidence': confidence,
  'max-latency': optionalMs,
  'max-ttft': optionalMs,
  'latency-percentile': percentile,
} as const;
export type TargetKey = keyof typeof TARGET_FIELDS;

export const InputSchema = z.object({
  'base-url': TARGET_FIELDS['base-url'],
  provider: TARGET_FIELDS.provider,
  'api-key': z.string(),
  model: z.string(),
  name: z.string(),
  'api-version': TARGET_FIELDS['api-version'],
  deployment: TARGET_FIELDS.deployment,
  headers: TARGET_FIELDS.headers,
  'secret-headers': list,
  targets: z.string(),
  kind: TARGET_FIELDS.kind,
  'embedding-dimensions': TARGET_FIELDS['embedding-dimensions'],
  'check-model-listed': boolean,
  prompt: TARGET_FIELDS.prompt,
  expect: TARGET_FIELDS.expect,
  'max-tokens': TARGET_FIELDS['max-tokens'],
  'reasoning-effort': TARGET_FIELDS['reasoning-effort'],
  'price-per-mtok': TARGET_FIELDS['price-per-mtok'],
  'max-tokens-per-day': optionalCount('a whole number of tokens, 1 or more, or empty'),
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
  'min-failing-locations': locationCount,
  'pushgateway-url': pushgatewayUrl,
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
  history: boolean,
  'history-branch': branchName,
  slo,
  'max-latency-regression': regression,
  'max-ttft-regression': regression,
  'slack-webhook-url': webhookUrl,
  'discord-webhook-url': webhookUrl,
  'teams-webhook-url': webhookUrl,
  'webhook-url': webhookUrl,
  'webhook-secret': z.string(),
  'notify-on': notifyOn,
  'notify-reminder': optionalPositive(
    'a number of hours above 0 (decimals allowed), or empty for none',
    8760,
  ),
  maintenance: z.string(),
  'github-token': z.string(),
} satisfies Record<InputName, z.ZodType>);

export type ParsedInputs = z.output<typeof InputSchema>;

/** A target in `targets`: name and model are required there, though not as inputs. */
export const TargetSchema = z.object({
  ...TARGET_FIELDS,
  name: z.string().trim().min(1, 'a display name'),
  model: z.string().trim().min(1, 'a model name'),
});

/**
 * How an error names what the user set: action inputs in the workflow, flags on the command line.
 * Only the start of each message changes; what was expected reads the same everywhere.
 */
export interface Naming {
  /** The subject of an error about an input: `Input "checks"`, `Flag --checks`. */
  input: (name: InputName) => string;
  /** The single target has no key and its server needs one: what is empty, and how to give a key. */
  missingKey: { subject: string; remedy: string | null };
}

export const INPUT_NAMING: Naming = {
  input: (name) => `Input "${name}"`,
  missingKey: { subject: 'Input "api-key" is empty', remedy: null },
};

/** Inputs holding URLs: their userinfo and query may carry a key. */
const URL_INPUTS = new Set(['base-url', 'pushgateway-url']);

/** A URL as an error may show it: no userinfo, no query values. Text that is not a URL is shown cut. */
function shownUrl(text: string): string {
  try {
    const url = new URL(text.trim());
    if (!url.username && !url.password && !url.search && !url.hash) return text;
    const userinfo = url.username || url.password ? '(credentials hidden)@' : '';
    const query = url.search ? `?${[...url.searchParams.keys()].map((k) => `${k}=(hidden)`).join('&')}` : '';
    return `${url.protocol}//${userinfo}${url.host}${url.pathname}${query}${url.hash ? '#…' : ''}`;
  } catch {
    // Not a URL, so no userinfo to hide; still, anything after an @ or ? stays out.
    return text.replace(/[@?].*$/s, '…');
  }
}

/** Header names only: a value may be a credential (and which ones are is for secrets.ts to say). */
function shownHeaders(value: unknown): string {
  let mapping: unknown = value;
  if (typeof value === 'string') {
    try {
      mapping = parseYaml(value, { schema: 'failsafe', logLevel: 'error' });
    } catch {
      return '(hidden: not a mapping)';
    }
  }
  if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping))
    return '(hidden: not a mapping)';
  return `(names ${Object.keys(mapping)
    .map((k) => JSON.stringify(k.slice(0, 60)))
    .join(', ')}; values hidden)`;
}

/** A value as an error may show it: quoted and cut short, or hidden where it is or may hold a secret. */
export function shown(name: string, value: unknown): string {
  if (SECRET_INPUTS.has(name as InputName)) return '(hidden)';
  if (name === 'headers') return shownHeaders(value);
  const text = String(value ?? '');
  return JSON.stringify((URL_INPUTS.has(name) ? shownUrl(text) : text).slice(0, 200));
}

/** One sentence per issue: where (the input, or a key of a target), the value, and what was expected. */
export function describeIssues(
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
