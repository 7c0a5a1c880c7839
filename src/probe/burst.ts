import type { CheckResult } from './result.js';

export interface Schedule {
  checks: number;
  /** Start-to-start spacing of a target's checks. */
  intervalMs: number;
  /** Checks of one target in flight at once. */
  concurrency: number;
}

/** Runs one check: given its index and how late it starts against its slot. */
export type CheckRunner = (index: number, startDelayMs: number) => Promise<CheckResult>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One target's burst. Check i is due at start + i × interval; it starts then, or as soon as one of
 * the `concurrency` slots is free. Start-to-start spacing keeps a slow reply from stretching the
 * burst: ten checks at 1 s take about nine seconds plus one check.
 */
export async function runTargetBurst(
  schedule: Schedule,
  runCheck: CheckRunner,
  onResult: (result: CheckResult) => void = () => {},
  offsetMs = 0,
): Promise<CheckResult[]> {
  const start = performance.now() + offsetMs;
  const results: CheckResult[] = new Array(schedule.checks);
  let next = 0;
  const slot = async () => {
    for (let index = next++; index < schedule.checks; index = next++) {
      const due = start + index * schedule.intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const result = await runCheck(index, Math.max(0, performance.now() - due));
      results[index] = result;
      onResult(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(schedule.concurrency, schedule.checks) }, slot));
  return results;
}

/**
 * When the k-th of n targets starts its burst: the targets' first checks are spread evenly over the
 * first interval, as Prometheus spreads its scrapes, so n targets never send at the same instant.
 * Sent all at once, their requests and replies queue behind each other in this one process (and in
 * any gateway they share), and every target's timings carry the others' work (BENCHMARKS.md has the
 * figures). The last target's burst ends at most one interval later.
 */
export function burstOffsetMs(k: number, targets: number, intervalMs: number): number {
  return targets > 1 ? (k * intervalMs) / targets : 0;
}

/** All targets side by side, their starts spread over one interval: a slow target does not delay the others. */
export function runBursts<T>(
  targets: readonly T[],
  schedule: Schedule,
  runCheck: (target: T, index: number, startDelayMs: number) => Promise<CheckResult>,
  onResult: (target: T, result: CheckResult) => void = () => {},
): Promise<CheckResult[][]> {
  return Promise.all(
    targets.map((target, k) =>
      runTargetBurst(
        schedule,
        (index, delay) => runCheck(target, index, delay),
        (result) => onResult(target, result),
        burstOffsetMs(k, targets.length, schedule.intervalMs),
      ),
    ),
  );
}
