import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { expectProblem } from '../text/pattern.js';

/**
 * Field schemas: each turns the text of an input (or of a key in `targets`) into a value, or fails
 * with "what was expected", which the error description completes into a sentence.
 */

type Ctx = z.RefinementCtx<string>;
/** Reads the trimmed text of a field: a value, or z.NEVER after fail(). */
type Parse<T> = (text: string, ctx: Ctx) => T;

function fail(ctx: Ctx, expected: string): never {
  ctx.addIssue({ code: 'custom', message: expected });
  return z.NEVER;
}

/** A field read from its trimmed text. */
const trimmed = <T>(parse: Parse<T>) => z.string().transform((raw, ctx) => parse(raw.trim(), ctx));

/** A field that may be left empty: empty (after trimming) means null, "not set". */
export const optional = <T>(parse: Parse<T>) =>
  z.string().transform((raw, ctx): T | null => {
    const text = raw.trim();
    return text === '' ? null : parse(text, ctx);
  });

/** A number written as `pattern` and accepted by `valid`. */
export const numberText =
  (expected: string, pattern: RegExp, valid: (n: number) => boolean): Parse<number> =>
  (text, ctx) => {
    const value = Number(text);
    return pattern.test(text) && valid(value) ? value : fail(ctx, expected);
  };

export const numberField = (expected: string, valid: (n: number) => boolean, pattern = /^-?\d+(\.\d+)?$/) =>
  trimmed(numberText(expected, pattern, (n) => Number.isFinite(n) && valid(n)));

export const wholeNumber = (min: number, max: number) =>
  numberField(`a whole number from ${min} to ${max}`, (n) => n >= min && n <= max, /^\d+$/);

const DECIMAL = /^\d+(\.\d+)?$/;

export const optionalMs = optional(
  numberText(
    'a number of milliseconds above 0 and at most 86400000, or empty for no limit',
    DECIMAL,
    (n) => n > 0 && n <= 86_400_000,
  ),
);

export const percent = numberField('a percentage from 0 to 100', (n) => n >= 0 && n <= 100);
export const percentile = numberField('a percentile from 1 to 100', (n) => n >= 1 && n <= 100);
/**
 * Node's timers hold at most 2^31 − 1 ms (24.8 days) and fire after 1 ms beyond that, which would make
 * every check "time out" at once; a day is already far past any check or spacing that makes sense.
 */
const MAX_SECONDS = 86_400;
export const positiveSeconds = numberField(
  `a number of seconds above 0 and at most ${MAX_SECONDS} (a day; decimals allowed)`,
  (n) => n > 0 && n <= MAX_SECONDS,
);
export const nonNegativeSeconds = numberField(
  `a number of seconds, 0 or more and at most ${MAX_SECONDS} (a day; decimals allowed)`,
  (n) => n >= 0 && n <= MAX_SECONDS,
);

/** Confidence in percent for the Wilson interval; empty or off judges the raw rate. */
export const confidence = optional((text, ctx) =>
  text.toLowerCase() === 'off'
    ? null
    : numberText(
        'a confidence in percent from 50 to 99.9, or off for the raw rate',
        DECIMAL,
        (n) => n >= 50 && n <= 99.9,
      )(text, ctx),
);

/** How many locations must agree; empty means a majority. */
export const locationCount = optional(
  numberText(
    'a whole number of locations from 1 to 1000, or empty for a majority',
    /^\d+$/,
    (n) => n >= 1 && n <= 1000,
  ),
);

export const boolean = trimmed((text, ctx) => {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return fail(ctx, 'true or false');
});

export const oneOf = <const T extends string>(values: readonly T[]) =>
  trimmed(
    (text, ctx): T => (values.includes(text as T) ? (text as T) : fail(ctx, `one of ${values.join(', ')}`)),
  );

export const baseUrl = trimmed((text, ctx) => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(ctx, 'an http(s) URL such as https://api.openai.com/v1');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(ctx, 'an http(s) URL such as https://api.openai.com/v1');
  }
  if (url.username || url.password) return fail(ctx, 'a URL without credentials (pass the key in api-key)');
  // The SDK appends paths to the text as given: after a #fragment they would never reach the server.
  if (text.includes('#')) return fail(ctx, 'a URL without a #fragment, such as https://api.openai.com/v1');
  return text.replace(/\/+$/, '');
});

export const pushgatewayUrl = optional((text, ctx) => {
  try {
    if (/^https?:$/.test(new URL(text).protocol)) return text.replace(/\/+$/, '');
  } catch {}
  return fail(ctx, 'an http(s) URL of a Pushgateway such as http://pushgateway:9091, or empty');
});

/** Not optional(): a pattern is taken as written, so spaces around it are part of it. */
export const regex = z.string().transform((raw, ctx): string | null => {
  if (raw === '') return null;
  const problem = expectProblem(raw);
  if (problem !== null) {
    return fail(
      ctx,
      `a valid regular expression in RE2 syntax, matched in linear time: no backreferences or lookaround (${problem})`,
    );
  }
  return raw;
});

export const list = z.string().transform((raw) =>
  raw
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Headers that framing and the connection own: Node's fetch refuses some (Expect, Transfer-Encoding,
 * Keep-Alive, Upgrade, a Content-Length that is not the body's) and the rest would send the request
 * somewhere or somehow else than configured. Every check would fail as if the server were down.
 */
const FORBIDDEN_HEADERS = new Set([
  'connection',
  'content-length',
  'expect',
  'host',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** What a header value may hold: Latin-1 text (what HTTP/1.1 carries), no control character but tab. */
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Extra headers: a YAML or JSON mapping of names to plain values (the YAML text, or a mapping inside targets). */
export const headers = z.unknown().transform((raw, ctx): Record<string, string> => {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return {};
    try {
      value = parseYaml(raw, { schema: 'failsafe', logLevel: 'error' });
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
    if (FORBIDDEN_HEADERS.has(name.toLowerCase())) {
      ctx.addIssue({
        code: 'custom',
        message: `${expected}; ${JSON.stringify(name)} is set by the HTTP client itself and cannot be sent`,
      });
      return z.NEVER;
    }
    if (!HEADER_VALUE.test(text)) {
      ctx.addIssue({
        code: 'custom',
        message: `${expected}; the value of ${JSON.stringify(name)} has a character HTTP headers cannot carry (only Latin-1 text, no control characters)`,
      });
      return z.NEVER;
    }
    out[name] = text;
  }
  return out;
});

export const apiVersion = optional((text, ctx) =>
  /^\d{4}-\d{2}-\d{2}(-preview)?$/.test(text)
    ? text
    : fail(ctx, 'an Azure OpenAI API version such as 2024-10-21'),
);

export const optionalText = optional((text) => text);

export const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as GROQ_API_KEY');

/** A percent above a baseline, such as 50; empty = off. */
export const regression = optional(
  numberText(
    'a percentage above 0 and at most 10000, or empty for off',
    DECIMAL,
    (n) => n > 0 && n <= 10_000,
  ),
);

/** An uptime objective in percent, below 100; empty = none. */
export const slo = optional(
  numberText(
    'a percentage from 50 to below 100, such as 99.5, or empty for none',
    DECIMAL,
    (n) => n >= 50 && n < 100,
  ),
);

/** A branch name git accepts (the common subset), not the default branch's usual names. */
export const branchName = trimmed((text, ctx) =>
  /^(?!\/|.*\/\/|.*\.\.|.*\.lock$|.*\/$)[A-Za-z0-9._/-]{1,200}$/.test(text) && !text.startsWith('-')
    ? text
    : fail(ctx, 'a branch name such as llm-heartbeat-data'),
);

/** A webhook URL: any http(s) URL (loopback too). Empty means the channel is off. */
export const webhookUrl = optional((text, ctx) => {
  try {
    if (/^https?:$/.test(new URL(text).protocol)) return text;
  } catch {}
  return fail(ctx, 'an http(s) webhook URL, or empty');
});

/** `INPUT/OUTPUT` per million tokens, such as 0.15/0.60. */
export const pricePerMtok = optional((text, ctx) => {
  const m = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(text);
  return m
    ? { input: Number(m[1]), output: Number(m[2]) }
    : fail(ctx, 'INPUT/OUTPUT prices per million tokens such as 0.15/0.60, or empty');
});

/** A whole number, 1 or more; empty for none. */
export const optionalCount = (expected: string) =>
  optional(numberText(expected, /^\d+$/, (n) => n >= 1 && Number.isSafeInteger(n)));

/** A decimal number above 0 and at most `max`; empty for none. */
export const optionalPositive = (expected: string, max: number) =>
  optional(numberText(expected, DECIMAL, (n) => n > 0 && n <= max));
