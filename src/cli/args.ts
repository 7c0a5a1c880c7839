import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { INPUT_NAMES, INPUTS, type InputName, type RawInputs } from '../inputs.js';
import { SECRET_INPUTS } from '../secrets.js';

/**
 * Flags mirror the inputs, but for secrets (a flag's value shows in `ps` and the shell's history;
 * they come from the environment) and for the inputs of the GitHub issue tracker.
 */
export const FLAG_NAMES = INPUT_NAMES.filter(
  (name) => !SECRET_INPUTS.has(name) && (INPUTS[name] as { actionOnly?: true }).actionOnly !== true,
);

export interface CliOptions {
  inputs: Partial<RawInputs>;
  /** Environment variable that holds the key of a single target. */
  apiKeyEnv: string;
  /** When set, `targets` is read from this file. */
  targetsFile: string | null;
  json: boolean;
  help: boolean;
  version: boolean;
  color: 'auto' | 'never';
  /** --history-dir: keep the records and the status page in this folder. */
  historyDir: string | null;
}

/**
 * argv -> the same raw inputs the action reads, plus the CLI's own switches. Flags mirror the
 * input names (`--base-url`, `--checks` …); `--targets` takes a YAML file. Pure.
 */
export function parseCliArgs(argv: string[]): CliOptions {
  const options = {
    ...Object.fromEntries(FLAG_NAMES.map((name) => [name, { type: 'string' as const }])),
    'api-key-env': { type: 'string' as const },
    json: { type: 'boolean' as const },
    help: { type: 'boolean' as const, short: 'h' },
    version: { type: 'boolean' as const, short: 'v' },
    'no-color': { type: 'boolean' as const },
    'history-dir': { type: 'string' as const },
  };
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof options; strict: true; allowPositionals: false }>
  >;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (err) {
    const message = (err as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`${message}. Run llm-heartbeat --help for the flags.`);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const inputs: Partial<RawInputs> = {};
  for (const name of FLAG_NAMES) {
    const value = values[name];
    if (typeof value === 'string') inputs[name] = value;
  }
  const targetsFile = typeof values.targets === 'string' ? values.targets : null;
  delete inputs.targets;
  const apiKeyEnv = typeof values['api-key-env'] === 'string' ? values['api-key-env'] : 'OPENAI_API_KEY';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) {
    throw new UsageError(
      `Flag --api-key-env is ${JSON.stringify(apiKeyEnv)}: expected an environment variable name such as OPENAI_API_KEY.`,
    );
  }
  return {
    inputs,
    apiKeyEnv,
    targetsFile,
    json: values.json === true,
    help: values.help === true,
    version: values.version === true,
    color: values['no-color'] === true ? 'never' : 'auto',
    historyDir: typeof values['history-dir'] === 'string' ? values['history-dir'] : null,
  };
}

const CLI_DEFAULTS: Partial<Record<InputName, string>> = { 'report-file': '' };

/** --help: every flag with its default, from the same table as action.yml. */
export function helpText(): string {
  const flag = (name: string) => `  --${name}`;
  const lines = FLAG_NAMES.map((name) => {
    const fallback = CLI_DEFAULTS[name] ?? INPUTS[name].default;
    const shown =
      name === 'targets' ? 'FILE (a YAML list of targets)' : fallback === '' ? '' : `(default: ${fallback})`;
    return `${flag(name).padEnd(26)} ${INPUTS[name].description}${shown ? ` ${shown}` : ''}`;
  });
  return [
    'llm-heartbeat: probe LLM chat-completion endpoints with a burst of real requests.',
    '',
    'Usage: llm-heartbeat --model gpt-4o-mini [--base-url URL] [--checks N] [flags]',
    '       llm-heartbeat --targets targets.yml [flags]',
    '',
    'Flags (the same names as the action inputs):',
    ...lines,
    `${flag('api-key-env').padEnd(26)} Environment variable holding the key of a single target. (default: OPENAI_API_KEY)`,
    'Secrets come from the environment, never from flags: the key from --api-key-env, the Pushgateway',
    'password and token from $PUSHGATEWAY_PASSWORD and $PUSHGATEWAY_TOKEN.',
    `${flag('history-dir').padEnd(26)} DIR: keep every run in this folder (the data branch's files: records, status page, badges) and print the uptime line.`,
    `${flag('json').padEnd(26)} Print the JSON report on stdout instead of the table.`,
    `${flag('no-color').padEnd(26)} No colours (they are only used on a terminal anyway, and never with NO_COLOR set).`,
    `${'  -h, --help'.padEnd(26)} This help.`,
    `${'  -v, --version'.padEnd(26)} The version.`,
    '',
    'Exit codes: 0 the status does not reach --fail-on; 1 it does; 2 bad flags or input.',
    'Without --report-file no report file is written.',
  ].join('\n');
}
