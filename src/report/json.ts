import type { Config, Target, Thresholds } from '../config/index.js';
import type { CheckResult } from '../probe/result.js';
import { computeStats, type TargetStats } from '../stats.js';
import { reachesFailOn, type Status, severity, worstStatus } from '../status.js';
import { judge, type Verdict } from '../verdict.js';

/** Bumped whenever a field changes meaning or goes away; readers check it. */
export const SCHEMA_VERSION = 1;

export interface RunInfo {
  repository: string | null;
  workflow: string | null;
  runId: string | null;
  runAttempt: string | null;
  /** Link to the workflow run; null outside GitHub Actions. */
  url: string | null;
  sha: string | null;
  ref: string | null;
}

/** What the tracker did to a target's issue in this run. Stable strings: they appear in the outputs. */
export type IssueAction = 'opened' | 'updated' | 'closed' | 'reopened' | 'none';

/** A target's tracking issue as this run left it; number and url are null when it has none. */
export interface TargetIssue {
  action: IssueAction;
  number: number | null;
  url: string | null;
}

/** The tracker's answer for one target, named. */
export interface IssueOutcome extends TargetIssue {
  target: string;
}

export interface TargetReport {
  name: string;
  model: string;
  /** Scheme, host and path only: a query string may carry a secret. */
  baseUrl: string;
  apiKeySource: string;
  prompt: string;
  expect: string | null;
  maxTokens: number;
  thresholds: Thresholds;
  status: Status;
  verdict: Verdict;
  stats: TargetStats;
  checks: CheckResult[];
  /** Null when the tracker did not run (tracking-issue false, no token, not in GitHub Actions). */
  issue: TargetIssue | null;
  /** Aggregate mode only: each location's own view of the target. */
  locations?: LocationView[];
}

/** One location's view of a target, kept in a merged report so disagreements can be shown. */
export interface LocationView {
  location: string;
  status: Status;
  successRate: number | null;
  latencyP95: number | null;
  checks: number;
  breaches: string[];
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: 'llm-heartbeat'; version: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  location: string | null;
  run: RunInfo;
  settings: Pick<
    Config,
    | 'checks'
    | 'intervalMs'
    | 'concurrency'
    | 'timeoutMs'
    | 'idleTimeoutMs'
    | 'stream'
    | 'rateLimitPolicy'
    | 'failOn'
  >;
  status: Status;
  breached: boolean;
  /** Whether the status reaches fail-on, so the step fails. */
  failed: boolean;
  targets: TargetReport[];
  /** Problems the tracker met (GitHub faults); they never change the status. */
  trackerWarnings: string[];
}

export function publicUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
}

/**
 * Where this probe runs. A self-hosted runner's name is stable; a GitHub-hosted runner's name
 * changes every run ("GitHub Actions 17"), so those are named by OS and architecture instead,
 * which keeps metric groups and aggregation keys stable. The location input overrides both.
 */
export function locationFromEnv(env: Record<string, string | undefined>): string | null {
  if (env.RUNNER_ENVIRONMENT === 'github-hosted') {
    return ['github-hosted', env.RUNNER_OS, env.RUNNER_ARCH].filter(Boolean).join(' ');
  }
  const parts = [env.RUNNER_NAME, env.RUNNER_OS && `(${env.RUNNER_OS})`].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : null;
}

export function runInfoFromEnv(env: Record<string, string | undefined>): RunInfo {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repository = env.GITHUB_REPOSITORY ?? null;
  const runId = env.GITHUB_RUN_ID ?? null;
  return {
    repository,
    workflow: env.GITHUB_WORKFLOW ?? null,
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? null,
    url: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : null,
    sha: env.GITHUB_SHA ?? null,
    ref: env.GITHUB_REF ?? null,
  };
}

export function targetReport(target: Target, checks: CheckResult[], config: Config): TargetReport {
  const stats = computeStats(checks, {
    rateLimitPolicy: config.rateLimitPolicy,
    latencyPercentile: target.thresholds.latencyPercentile,
  });
  const verdict = judge(stats, target.thresholds, config.stream);
  return {
    name: target.name,
    model: target.model,
    baseUrl: publicUrl(target.baseUrl),
    apiKeySource: target.apiKeySource,
    prompt: target.prompt,
    expect: target.expect,
    maxTokens: target.maxTokens,
    thresholds: target.thresholds,
    status: verdict.status,
    verdict,
    stats,
    checks,
    issue: null,
  };
}

export function buildReport(
  config: Config,
  checksByTarget: CheckResult[][],
  meta: { startedAt: Date; finishedAt: Date; version: string; location: string | null; run: RunInfo },
): Report {
  const targets = config.targets.map((t, i) => targetReport(t, checksByTarget[i] ?? [], config));
  const status = worstStatus(targets.map((t) => t.status));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'llm-heartbeat', version: meta.version },
    startedAt: meta.startedAt.toISOString(),
    finishedAt: meta.finishedAt.toISOString(),
    durationMs: meta.finishedAt.getTime() - meta.startedAt.getTime(),
    location: meta.location,
    run: meta.run,
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

/** One line per check for log pipelines: flat, self-describing JSON. */
export function checkLine(targetName: string, model: string, result: CheckResult): string {
  return JSON.stringify({
    event: 'llm-heartbeat.check',
    target: targetName,
    requestedModel: model,
    ...result,
  });
}
