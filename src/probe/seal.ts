import { plain, redact, truncate } from '../text/untrusted.js';
import type { CheckResult } from './result.js';

/**
 * The one way out of the probe for what a server said. Every string in a check result, at any depth,
 * is untrusted (ids, names, codes, error texts, the reply sample, gateway headers …): each is redacted
 * of the target's secrets, made plain (no control, bidi or zero-width characters, one line) and bounded
 * before anything stores or shows it. It walks the result generically, so a field added later cannot
 * skip it.
 */

/** Characters a field may keep: enough to diagnose, short enough to render anywhere. */
export const FIELD_CHARS = 200;
const FIELD_LIMITS: Partial<Record<keyof CheckResult, number>> = { error: 300, reply: 120 };

/** Written by the probe itself, never by a server. */
const OWN_FIELDS = new Set<string>(['startedAt', 'category']);

function sealValue(value: unknown, secrets: readonly string[], max: number): unknown {
  if (typeof value === 'string') return truncate(plain(redact(value, secrets)), max);
  if (Array.isArray(value)) return value.map((v) => sealValue(v, secrets, max));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = sealValue(v, secrets, max);
    return out;
  }
  return value;
}

export function sealResult(result: CheckResult, secrets: readonly string[]): CheckResult {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result)) {
    out[key] = OWN_FIELDS.has(key)
      ? value
      : sealValue(value, secrets, FIELD_LIMITS[key as keyof CheckResult] ?? FIELD_CHARS);
  }
  return out as unknown as CheckResult;
}
