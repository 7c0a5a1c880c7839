import { ConfigError } from '../errors.js';
import { INPUT_NAMES, INPUTS, type InputName, type RawInputs } from '../inputs.js';
import { parseWindows } from '../maintenance/windows.js';
import { describeIssues, INPUT_NAMING, InputSchema, type Naming } from './schema.js';
import { listedTargets, singleTarget } from './targets.js';
import type { Config } from './types.js';

export type { Naming } from './schema.js';
export { isPrivateHost } from './targets.js';
export type {
  Config,
  HistoryConfig,
  Kind,
  Provider,
  PushgatewayConfig,
  Target,
  Thresholds,
  TrackingConfig,
} from './types.js';
export { INPUT_NAMES, type InputName, type RawInputs };

/** The default of every input, as the runner applies it when the value is empty. */
export const INPUT_DEFAULTS = Object.fromEntries(
  INPUT_NAMES.map((name) => [name, INPUTS[name].default]),
) as RawInputs;

export interface ParseOptions {
  /** How errors name the inputs; action inputs unless told otherwise. */
  naming?: Naming;
}

/**
 * Turns the raw input strings (action inputs or CLI flags) and the environment into a Config.
 * Pure: throws ConfigError listing every problem, each naming the input, the value and what was expected.
 */
export function parseConfig(
  rawInputs: Partial<RawInputs>,
  env: Record<string, string | undefined> = {},
  { naming = INPUT_NAMING }: ParseOptions = {},
): Config {
  const raw: RawInputs = { ...INPUT_DEFAULTS };
  for (const name of INPUT_NAMES) {
    const value = rawInputs[name];
    if (value !== undefined && value.trim() !== '') raw[name] = name === 'api-key' ? value.trim() : value;
  }
  const parsed = InputSchema.safeParse(raw);
  if (!parsed.success) {
    // Every issue's key is an input: InputSchema has one field per input.
    throw new ConfigError(
      describeIssues(parsed.error, raw, (key) => naming.input(key as InputName)).join('\n'),
    );
  }
  const inputs = parsed.data;
  const errors: string[] = [];
  const aggregate = inputs.mode === 'aggregate';
  if (aggregate && inputs.reports.trim() === '') {
    errors.push(
      `${naming.input('reports')} is empty: expected a glob of JSON reports such as reports/**/*.json (mode is aggregate).`,
    );
  }
  const targets = aggregate
    ? []
    : inputs.targets.trim() === ''
      ? singleTarget(inputs, naming, errors)
      : listedTargets(inputs, env, naming, errors);
  const names = new Set<string>();
  for (const target of targets) {
    if (names.has(target.name))
      errors.push(
        `${naming.input('targets')} names ${JSON.stringify(target.name)} twice: expected unique names.`,
      );
    names.add(target.name);
  }
  const maintenance = parseWindows(inputs.maintenance, naming.input('maintenance'), errors);
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
    checkModelListed: inputs['check-model-listed'],
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
    history: {
      enabled: inputs.history,
      branch: inputs['history-branch'],
      slo: inputs.slo,
      maxLatencyRegression: inputs['max-latency-regression'],
      maxTtftRegression: inputs['max-ttft-regression'],
    },
    notify: {
      slack: inputs['slack-webhook-url'],
      discord: inputs['discord-webhook-url'],
      teams: inputs['teams-webhook-url'],
      webhook: inputs['webhook-url'],
      webhookSecret: inputs['webhook-secret'],
      on: inputs['notify-on'],
      reminderHours: inputs['notify-reminder'],
    },
    maintenance,
    maxTokensPerDay: inputs['max-tokens-per-day'],
  };
}
