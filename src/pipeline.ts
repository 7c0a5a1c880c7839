import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config, Target } from './config/types.js';
import { listingNotice, type ModelListing, modelListings } from './probe/model-list.js';
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
export function judgeTarget(
  target: Target,
  checks: CheckResult[],
  config: Config,
  listing: ModelListing | null = null,
): TargetReport {
  const stats = computeStats(checks, {
    rateLimitPolicy: config.rateLimitPolicy,
    latencyPercentile: target.thresholds.latencyPercentile,
  });
  const verdict = judge(stats, target.thresholds, config.stream);
  // A model leaving the provider's list is a notice, never a breach: its requests may still answer for months.
  const notice = listingNotice(target.model, listing);
  const noticed = notice === null ? verdict : { ...verdict, notes: [...verdict.notes, notice] };
  return targetReport(target, checks, stats, noticed, listing);
}

/** Every target judged (checks in config order), as one report. Pure. */
export function judgeRun(
  config: Config,
  checksByTarget: CheckResult[][],
  meta: RunMeta,
  listings: (ModelListing | null)[] = [],
): Report {
  const targets = config.targets.map((t, i) =>
    judgeTarget(t, checksByTarget[i] ?? [], config, listings[i] ?? null),
  );
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
  // check-model-listed: one GET /models per target, before the burst, so the list is read on a quiet server.
  const listings = await modelListings(config, options.fetch);
  const { checks, loopDelay } = await probeTargets(config, options.onResult, options.fetch);
  return judgeRun(
    config,
    checks,
    {
      startedAt,
      finishedAt: new Date(),
      version: options.version,
      location: options.location,
      run: runInfoFromEnv(options.env),
      loopDelay,
    },
    listings,
  );
}

/** The JSON report on disk, its folder made if missing. */
export async function writeReportFile(report: Report, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
}
