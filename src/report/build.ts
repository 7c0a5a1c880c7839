import type { Config, Target } from '../config/types.js';
import { addTokens, costOf, countTokens, NO_TOKENS } from '../cost/tokens.js';
import type { LoopDelay } from '../probe/loop-delay.js';
import type { ModelListing } from '../probe/model-list.js';
import type { CheckResult } from '../probe/result.js';
import type { TargetStats } from '../stats.js';
import { reachesFailOn, type Status, severity, worstStatus } from '../status.js';
import type { Verdict } from '../verdict.js';
import { type IssueOutcome, type Report, type RunInfo, SCHEMA_VERSION, type TargetReport } from './model.js';

/** When and where a run happened, for the report's header. */
export interface RunMeta {
  startedAt: Date;
  finishedAt: Date;
  version: string;
  location: string | null;
  run: RunInfo;
  /** How late the event loop ran during the bursts; absent when nothing was probed here. */
  loopDelay?: LoopDelay | null;
}

/** Scheme, host and path only: a query string or userinfo may carry a secret. */
export function publicUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

/** A target's checks with the figures and verdict they earned, as the report keeps them. */
export function targetReport(
  target: Target,
  checks: CheckResult[],
  stats: TargetStats,
  verdict: Verdict,
  listing: ModelListing | null = null,
): TargetReport {
  return {
    name: target.name,
    model: target.model,
    baseUrl: publicUrl(target.baseUrl),
    apiKeySource: target.apiKeySource,
    prompt: target.prompt,
    expect: target.expect,
    maxTokens: target.maxTokens,
    ...(target.kind && target.kind !== 'chat' ? { kind: target.kind } : {}),
    ...(listing ? { modelListing: listing } : {}),
    thresholds: target.thresholds,
    status: verdict.status,
    verdict,
    stats,
    checks,
    issue: null,
    tokens: countTokens(checks),
    cost: target.price ? costOf(countTokens(checks), target.price) : null,
  };
}

/** The run's report: its targets (in config order), the overall status and whether it fails the step. */
export function buildReport(config: Config, targets: TargetReport[], meta: RunMeta): Report {
  const status = worstStatus(targets.map((t) => t.status));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'llm-heartbeat', version: meta.version },
    startedAt: meta.startedAt.toISOString(),
    finishedAt: meta.finishedAt.toISOString(),
    durationMs: meta.finishedAt.getTime() - meta.startedAt.getTime(),
    location: meta.location,
    run: meta.run,
    loopDelay: meta.loopDelay ?? null,
    settings: {
      checks: config.checks,
      intervalMs: config.intervalMs,
      concurrency: config.concurrency,
      timeoutMs: config.timeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      stream: config.stream,
      rateLimitPolicy: config.rateLimitPolicy,
      failOn: config.failOn,
    },
    status,
    breached: targets.some((t) => t.verdict.breaches.length > 0),
    failed: reachesFailOn(status, config.failOn),
    targets,
    trackerWarnings: [],
    tokens: targets.reduce((sum, t) => addTokens(sum, t.tokens ?? NO_TOKENS), NO_TOKENS),
    // A total only when every target that spent tokens has a price: a partial sum would understate.
    cost:
      targets.some((t) => t.cost != null) && targets.every((t) => t.cost != null || !t.tokens?.checksReported)
        ? targets.reduce((sum, t) => sum + (t.cost ?? 0), 0)
        : null,
  };
}

/** The report with the tracker's outcome per target (by name) and its warnings. */
export function withTracking(
  report: Report,
  tracked: { outcomes: IssueOutcome[]; warnings: string[] },
): Report {
  const byName = new Map(tracked.outcomes.map(({ target, ...issue }) => [target, issue]));
  return {
    ...report,
    targets: report.targets.map((t) => ({
      ...t,
      issue: byName.get(t.name) ?? { action: 'none', number: null, url: null },
    })),
    trackerWarnings: [...report.trackerWarnings, ...tracked.warnings],
  };
}

/** The target the single-valued outputs describe: the most severe, first in order on a tie. */
export function mostSevere<T extends { status: Status }>(targets: readonly T[]): T | undefined {
  return targets.reduce<T | undefined>(
    (worst, t) => (worst === undefined || severity(t.status) > severity(worst.status) ? t : worst),
    undefined,
  );
}
