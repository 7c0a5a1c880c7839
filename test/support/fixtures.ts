import type { Target } from '../../src/config/types.js';
import type { Category, CheckResult } from '../../src/probe/result.js';
import { secretHeaderNames } from '../../src/secrets.js';

/** A CheckResult with plausible defaults, for pure tests. */
export function check(category: Category, latencyMs = 100, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    index: 0,
    category,
    startedAt: '2026-01-01T00:00:00.000Z',
    startDelayMs: 0,
    latencyMs,
    ttftMs: category === 'ok' ? latencyMs / 2 : null,
    outputTokens: 10,
    tokensFromServer: true,
    tokensPerSecond: category === 'ok' ? 50 : null,
    httpStatus: category === 'ok' ? 200 : 500,
    errorCode: null,
    finishReason: category === 'ok' ? 'stop' : null,
    model: 'gpt-4o-mini',
    systemFingerprint: 'fp_1',
    requestId: 'req_1',
    gateway: null,
    retryAfter: null,
    error: category === 'ok' ? null : 'boom',
    reply: null,
    ...extra,
  };
}

/** A target with the action's defaults, aimed at `baseUrl`, for tests that run checks directly. */
export function targetAt(baseUrl: string, overrides: Partial<Target> = {}): Target {
  return {
    name: 'test',
    model: 'm',
    provider: 'openai',
    apiVersion: null,
    deployment: null,
    headers: {},
    // As the config decides them, unless a test names its own.
    secretHeaderNames: secretHeaderNames(overrides.headers ?? {}),
    baseUrl,
    apiKey: '',
    apiKeySource: 'none',
    prompt: 'ping',
    expect: null,
    maxTokens: 16,
    thresholds: {
      minSuccessRate: 95,
      maxLatencyMs: null,
      maxTtftMs: null,
      latencyPercentile: 95,
      confidence: null,
    },
    ...overrides,
  };
}
