import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config, Target } from './config/types.js';
import { probeTargets } from './probe/probe-targets.js';
import type { CheckResult } from './probe/result.js';
import { buildReport, type RunMeta, targetReport } from './report/build.js';
import type { Report, TargetReport } from './report/model.js';
import { runInfoFromEnv } from './runner-env.js';
import { computeStats } from './stats.js';
import { judge } from './verdict.js';

/**
 * Probe mode, the same for the action and the CLI: every target's burst, each target's figures and
 * verdict, gathered into one report. Writing it out and showing it are each face's own business.
 */

/** A target's checks -> its figures -> its verdict: the step every status rests on. Pure. */
export function judgeTarget(target: Target, checks: CheckResult[], config: Config): TargetReport {
  const stats = computeStats(checks, {
    rateLimitPolicy: config.rateLimitPolicy,
    latencyPercentile: target.thresholds.latencyPercentile,
  });
  const verdict = judge(stats, target.thresholds, config.stream);
  return targetReport(target, checks, stats, verdict);
}

/** Every target judged (checks in config order), as one report. Pure. */
export function judgeRun(config: Config, checksByTarget: CheckResult[][], meta: RunMeta): Report {
  const targets = config.targets.map((t, i) => judgeTarget(t, checksByTarget[i] ?? [], config));
  return buildReport(config, targets, meta);
}

export interface ProbeRunOptions {
  env: Record<string, string | undefined>;
  version: string;
  /** Where this probe runs, resolved once by the caller (runner-env.ts `resolveLocation`). */
  location: string | null;
  /** Hears each check as it lands: the action prints a JSON line, the CLI a progress line. */
  onResult: (target: Target, result: CheckResult) => void;
  /** The fetch the OpenAI clients use; the global one unless a test hands in another. */
  fetch?: typeof fetch;
}

export async function probeRun(config: Config, options: ProbeRunOptions): Promise<Report> {
  const startedAt = new Date();
  const checks = await probeTargets(config, options.onResult, options.fetch);
  return judgeRun(config, checks, {
    startedAt,
    finishedAt: new Date(),
    version: options.version,
    location: options.location,
    run: runInfoFromEnv(options.env),
  });
}

/** The JSON report on disk, its folder made if missing. */
export async function writeReportFile(report: Report, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
}
