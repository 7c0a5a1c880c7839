import type { Config, Target } from '../config/types.js';
import { runBursts } from './burst.js';
import { createClient, runCheck } from './check.js';
import { type LoopDelay, watchLoopDelay } from './loop-delay.js';
import type { CheckResult } from './result.js';
import { warmUp } from './warm-up.js';

export interface ProbeOutcome {
  /** Each target's checks, in config order. */
  checks: CheckResult[][];
  /** How late the event loop ran during the bursts (loop-delay.ts). */
  loopDelay: LoopDelay;
}

/**
 * Every target's burst, side by side, with one client per target (kept-alive connections);
 * `onResult` hears each check as it lands (the action prints a JSON line, the CLI a progress line).
 */
export async function probeTargets(
  config: Config,
  onResult: (target: Target, result: CheckResult) => void,
  fetchImpl?: typeof fetch,
): Promise<ProbeOutcome> {
  const clients = new Map(config.targets.map((t) => [t, createClient(t, fetchImpl)]));
  const settings = {
    stream: config.stream,
    timeoutMs: config.timeoutMs,
    idleTimeoutMs: config.idleTimeoutMs,
  };
  if (config.targets[0]) await warmUp(config.targets[0], settings);
  // Watched from the bursts' start: the warm-up's compiling is not the runner being busy.
  const stopWatching = watchLoopDelay();
  const checks = await runBursts(
    config.targets,
    { checks: config.checks, intervalMs: config.intervalMs, concurrency: config.concurrency },
    (target, index, delay) => runCheck(clients.get(target)!, target, settings, index, delay),
    onResult,
  );
  return { checks, loopDelay: stopWatching() };
}
