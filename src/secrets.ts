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

/**
 * Words that make a header name a credential, matched as whole words of the name (split at `-`, `_`
 * and `.`): `Authorization`, `X-Api-Key`, `Ocp-Apim-Subscription-Key`, `X-Auth-Token`, `Cookie` —
 * but not `X-Portkey-Provider` or `X-Session-Affinity-Hint`... unless the user says so.
 */
const SECRET_HEADER_WORDS = new Set([
  'authorization',
  'auth',
  'cookie',
  'key',
  'apikey',
  'token',
  'secret',
  'password',
  'passwd',
  'credential',
  'credentials',
  'session',
  'signature',
]);

export function isSecretHeaderName(name: string): boolean {
  return name
    .toLowerCase()
    .split(/[-_.]/)
    .some((word) => SECRET_HEADER_WORDS.has(word));
}

/**
 * The names in `headers` whose values are secrets: those named like a credential, plus those the
 * `secret-headers` input names, minus those it names with a leading `!`. Case-insensitive.
 */
export function secretHeaderNames(
  headers: Record<string, string>,
  overrides: readonly string[] = [],
): string[] {
  const lower = (name: string) => name.trim().toLowerCase();
  const more = new Set(overrides.filter((n) => !n.startsWith('!')).map(lower));
  const fewer = new Set(overrides.filter((n) => n.startsWith('!')).map((n) => lower(n.slice(1))));
  return Object.keys(headers).filter((name) => {
    const key = lower(name);
    return !fewer.has(key) && (more.has(key) || isSecretHeaderName(name));
  });
}

export function secretHeaderValues(
  headers: Record<string, string>,
  overrides: readonly string[] = [],
): string[] {
  return secretHeaderNames(headers, overrides).map((name) => headers[name]!);
}

/** What must never be echoed from a target's replies: its key and its secret header values. */
export function targetSecrets(target: Target): string[] {
  return [target.apiKey, ...target.secretHeaderNames.map((name) => target.headers[name] ?? '')].filter(
    (v) => v !== '',
  );
}

/** The credentials a Pushgateway push carries. */
export function pushAuthSecrets(auth: PushgatewayConfig['auth']): string[] {
  if (auth === undefined) return [];
  return ('bearer' in auth ? [auth.bearer] : [auth.password]).filter((v) => v !== '');
}

/**
 * A webhook URL is a credential as a whole (Slack's, Discord's and Teams' carry the token in the path
 * or query): the URL, its path and its query are each redacted; so is the signing key.
 */
export function notifySecrets(notify: Config['notify'] | undefined): string[] {
  if (!notify) return [];
  const urls = [notify.slack, notify.discord, notify.teams, notify.webhook].filter((u): u is string => !!u);
  const parts = urls.flatMap((u) => {
    const url = new URL(u);
    return [u, `${url.pathname}${url.search}`, url.search.slice(1)].filter((p) => p.length >= 8 && p !== '/');
  });
  return [...parts, notify.webhookSecret].filter((v) => v !== '');
}

/**
 * What the runner is asked to mask. It hides a masked value in every later log line, so a short or
 * common value (`openai`, `true`) would blank out ordinary words: those are still redacted from server
 * text, but not masked. A credential's scheme (`Bearer …`) is masked without the scheme word.
 */
export function maskedSecrets(config: Config): string[] {
  const values = configSecrets(config).flatMap((secret) => {
    const credential = /^(?:Bearer|Basic|Token)\s+(\S+)$/i.exec(secret)?.[1];
    return credential ? [secret, credential] : [secret];
  });
  return [...new Set(values)].filter((v) => v.length >= 8 && !/^[a-z]+$/i.test(v));
}

/** Every secret value a run holds, for redaction wherever it would appear. */
export function configSecrets(config: Config): string[] {
  return [
    ...new Set([
      ...config.targets.flatMap(targetSecrets),
      config.tracking.token,
      ...notifySecrets(config.notify),
      ...(config.pushgateway ? pushAuthSecrets(config.pushgateway.auth) : []),
    ]),
  ].filter((v) => v !== '');
}

/** Shorter forms would redact ordinary text: a secret of fewer characters is only masked, never searched for. */
const MIN_SECRET_CHARS = 4;
const MIN_ENCODED_CHARS = 8;

/**
 * The base64 text of `secret` wherever it sits in a longer base64 text: the characters that depend on
 * it alone, at each of the three byte alignments (standard and URL-safe alphabets).
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  const forms: string[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8) / 6);
    const inner = offset === 0 && (bytes.length * 8) % 6 === 0 ? encoded : encoded.slice(start, end);
    if (inner.length >= MIN_ENCODED_CHARS) forms.push(inner, inner.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/**
 * Every form a secret takes in what a server may echo: as it is, URL-encoded (a query string, a
 * redirect's Location), and base64 (a Basic credential, a token echoed inside another token).
 * Longest first, so a form is replaced whole before a shorter one could match inside it.
 */
export function secretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_CHARS) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
    for (const form of base64Forms(secret)) forms.add(form);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}
