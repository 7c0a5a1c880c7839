import type { Config, Kind, Thresholds } from '../config/types.js';
import type { TokenCounts } from '../cost/tokens.js';
import type { MaintenanceMark } from '../maintenance/windows.js';
import type { LoopDelay } from '../probe/loop-delay.js';
import type { ModelListing } from '../probe/model-list.js';
import type { CheckResult } from '../probe/result.js';
import type { TargetStats } from '../stats.js';
import type { Status } from '../status.js';
import type { Verdict } from '../verdict.js';

/** The JSON report: what a run found, as written to report-file and read back in aggregate mode. */

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
  /** What each check asked of the model; absent for chat (and in reports written before kinds). */
  kind?: Kind;
  /** check-model-listed: what GET /models said about the model. */
  modelListing?: ModelListing;
  thresholds: Thresholds;
  status: Status;
  verdict: Verdict;
  stats: TargetStats;
  checks: CheckResult[];
  /** Null when the tracker did not run (tracking-issue false, no token, not in GitHub Actions). */
  issue: TargetIssue | null;
  /** Aggregate mode only: each location's own view of the target. */
  locations?: LocationView[];
  /**
   * The maintenance window in force for the target during this run; null or absent when none. The run
   * still probed and judged it, but opened, escalated and notified nothing; history leaves the time
   * out of uptime and the SLO.
   */
  maintenance?: MaintenanceMark | null;
  /** Tokens the target's checks spent, as the server reported them. */
  tokens?: TokenCounts;
  /** What those tokens cost at the target's price-per-mtok; null without a price. */
  cost?: number | null;
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
  /**
   * How late this process's event loop ran during the bursts (src/probe/loop-delay.ts): every timing
   * can read high by up to that much. The worst location's in a merged report; null or absent when
   * unknown (reports written before it).
   */
  loopDelay?: LoopDelay | null;
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
  /** Tokens the whole run spent (all targets). */
  tokens?: TokenCounts;
  /** What they cost, when every target that spent tokens has a price; null otherwise. */
  cost?: number | null;
  /** The notifications this run sent, one line each (channel, change, target). */
  notifications?: string[];
}
