/**
 * The simulated provider: what one request gets, as a CheckResult the product's stats take as they
 * would a real one. Its luck is keyed by run and check, so every policy meets the same provider.
 */
import type { Category, CheckResult } from '../src/probe/result.ts';
import { keyedRandom } from './random.ts';
import { during, type Run, type World } from './world.ts';

interface Outcome {
  category: Category;
  latencyMs: number;
  httpStatus: number | null;
  error: string | null;
}

const failed = (
  category: Category,
  latencyMs: number,
  httpStatus: number | null,
  error: string,
): Outcome => ({
  category,
  latencyMs,
  httpStatus,
  error,
});

/** What the request sent at `t` as check `check` of `run` gets. */
export function outcomeAt(world: World, run: Run, check: number, t: number, timeoutMs: number): Outcome {
  const a = world.assumptions;
  const luck = (draw: number) => keyedRandom(world.seed, run.index, check, draw);
  if (run.runnerBlip) return failed('network', 20, null, 'getaddrinfo EAI_AGAIN (the runner’s network)');
  const outage = during(run.nearby.outages, t);
  if (outage && luck(1) < outage.failureRate) {
    return luck(2) < 0.7
      ? failed('server_error', 300, 503, 'outage: 503 Service Unavailable')
      : failed('timeout', timeoutMs, null, 'outage: no reply before the deadline');
  }
  if (during(run.nearby.rateLimitBursts, t) && luck(3) < a.rateLimitShare)
    return failed('rate_limited', 100, 429, 'Rate limit reached');
  if (luck(4) < a.serverErrorRate) return failed('server_error', 200, 500, 'transient 500');
  // Log-normal latency (Box–Muller), stretched during a spike; past the deadline it is a timeout.
  const normal = Math.sqrt(-2 * Math.log(1 - luck(5))) * Math.cos(2 * Math.PI * luck(6));
  const spike = during(run.nearby.latencySpikes, t)?.factor ?? 1;
  const latencyMs = a.medianLatencyMs * Math.exp(a.latencySigma * normal) * spike;
  if (latencyMs > timeoutMs) return failed('timeout', timeoutMs, null, 'no reply before the deadline');
  return { category: 'ok', latencyMs, httpStatus: 200, error: null };
}

function checkResult(index: number, startedAt: number, outcome: Outcome): CheckResult {
  const ok = outcome.category === 'ok';
  return {
    index,
    category: outcome.category,
    startedAt: new Date(startedAt).toISOString(),
    startDelayMs: 0,
    latencyMs: Math.round(outcome.latencyMs),
    ttftMs: ok ? Math.round(outcome.latencyMs * 0.4) : null,
    outputTokens: ok ? 8 : null,
    tokensFromServer: ok,
    tokensPerSecond: ok ? 50 : null,
    httpStatus: outcome.httpStatus,
    errorCode: null,
    finishReason: ok ? 'stop' : null,
    model: 'sim-model',
    systemFingerprint: null,
    requestId: null,
    gateway: null,
    retryAfter: null,
    error: outcome.error,
    reply: ok ? 'pong' : null,
  };
}

export interface BurstPlan {
  checks: number;
  /** Start to start; a check also waits for the one before (concurrency 1). */
  intervalMs: number;
  timeoutMs: number;
  /** Upptime's re-test: stop at the first success. */
  stopOnSuccess: boolean;
}

/** One run's checks, one after the other from the run's start. */
export function burst(world: World, run: Run, plan: BurstPlan): CheckResult[] {
  const results: CheckResult[] = [];
  let t = run.startedAt;
  for (let index = 0; index < plan.checks; index++) {
    const outcome = outcomeAt(world, run, index, t, plan.timeoutMs);
    results.push(checkResult(index, t, outcome));
    if (plan.stopOnSuccess && outcome.category === 'ok') break;
    t += Math.max(plan.intervalMs, outcome.latencyMs);
  }
  return results;
}

/** When a burst's last check ended: when the run decides about its issue. */
export function burstEnd(results: readonly CheckResult[]): number {
  const last = results.at(-1);
  return last ? Date.parse(last.startedAt) + last.latencyMs : 0;
}
