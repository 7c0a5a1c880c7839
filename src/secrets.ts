import type { Config, PushgatewayConfig, Target } from './config/types.js';
import { INPUT_NAMES, INPUTS, type InputName } from './inputs.js';

/**
 * The one place that decides what must never be shown: secret inputs (by their mark in the inputs
 * table), header values that are credentials, and every such value a Config holds. Redaction,
 * masking and error messages all ask here.
 */

/** Inputs whose values are credentials: masked, never echoed in an error, never a command-line flag. */
export const SECRET_INPUTS: ReadonlySet<InputName> = new Set(
  INPUT_NAMES.filter((name) => (INPUTS[name] as { secret?: true }).secret === true),
);

/** Header values that are credentials by their name (Authorization, X-Api-Key, Cookie …). */
export function isSecretHeader(name: string): boolean {
  return /auth|key|token|secret|cookie|session|password/i.test(name);
}

export function secretHeaderValues(headers: Record<string, string>): string[] {
  return Object.entries(headers)
    .filter(([name]) => isSecretHeader(name))
    .map(([, value]) => value);
}

/** What must never be echoed from a target's replies: its key and its secret header values. */
export function targetSecrets(target: Target): string[] {
  return [target.apiKey, ...secretHeaderValues(target.headers)].filter((v) => v !== '');
}

/** The credentials a Pushgateway push carries. */
export function pushAuthSecrets(auth: PushgatewayConfig['auth']): string[] {
  if (auth === undefined) return [];
  return ('bearer' in auth ? [auth.bearer] : [auth.password]).filter((v) => v !== '');
}

/** Every secret value a run holds: the runner masks each wherever it would appear in the log. */
export function configSecrets(config: Config): string[] {
  return [
    ...new Set([
      ...config.targets.flatMap(targetSecrets),
      config.tracking.token,
      ...(config.pushgateway ? pushAuthSecrets(config.pushgateway.auth) : []),
    ]),
  ].filter((v) => v !== '');
}
