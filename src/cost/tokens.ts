/**
 * What probing costs: the tokens each check spent as the server reported them, summed per target and
 * per run, turned into money when `price-per-mtok` is set, and projected over a month of the workflow's
 * schedule. No price table is built in: prices change, and a stale table would lie.
 */
import type { CheckResult } from '../probe/result.js';

/** INPUT/OUTPUT per million tokens, in the user's currency. */
export interface Price {
  input: number;
  output: number;
}

/** Tokens as the servers reported them; checks without a usage report add nothing. */
export interface TokenCounts {
  prompt: number;
  /** Completion tokens as the API reports them: reasoning included. */
  completion: number;
  /** The reasoning part of completion, shown apart. */
  reasoning: number;
  /** Checks whose server reported usage. */
  checksReported: number;
}

export const NO_TOKENS: TokenCounts = { prompt: 0, completion: 0, reasoning: 0, checksReported: 0 };

/** `0.15/0.60`: the price per million input and output tokens; null when the text is not that. */
export function parsePrice(text: string): Price | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  return m ? { input: Number(m[1]), output: Number(m[2]) } : null;
}

/** A check's completion tokens, reasoning included (outputTokens holds the answer's part only). */
export function completionOf(check: CheckResult): number | null {
  if (!check.tokensFromServer || check.outputTokens === null) return null;
  return check.outputTokens + (check.reasoningTokens ?? 0);
}

export function countTokens(checks: readonly CheckResult[]): TokenCounts {
  const out = { ...NO_TOKENS };
  for (const c of checks) {
    const completion = completionOf(c);
    if (completion === null && c.promptTokens == null) continue;
    out.prompt += c.promptTokens ?? 0;
    out.completion += completion ?? 0;
    out.reasoning += c.reasoningTokens ?? 0;
    out.checksReported++;
  }
  return out;
}

export function addTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  return {
    prompt: a.prompt + b.prompt,
    completion: a.completion + b.completion,
    reasoning: a.reasoning + b.reasoning,
    checksReported: a.checksReported + b.checksReported,
  };
}

/** Money for these tokens; reasoning bills as output (it is inside completion). */
export function costOf(tokens: TokenCounts, price: Price): number {
  return (tokens.prompt * price.input + tokens.completion * price.output) / 1_000_000;
}

/** A small amount of money written so its first figures show: 0.0042, 1.23, 1,234. */
export function money(amount: number): string {
  if (amount === 0) return '0';
  if (amount >= 100) return Math.round(amount).toLocaleString('en-US');
  if (amount >= 1) return amount.toFixed(2);
  return amount.toPrecision(2).replace(/^0\.0*$/, '0');
}
