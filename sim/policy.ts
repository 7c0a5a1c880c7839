/**
 * One alert policy over the simulated month, through the product's own logic: each run's checks go
 * through computeStats and judge (judgeTarget), then decideIssue, and the plan is applied to an
 * in-memory issue store the way src/tracker/github.ts applies it on GitHub.
 */
import { parseConfig, type RawInputs } from '../src/config/index.ts';
import { judgeTarget } from '../src/pipeline.ts';
import type { IssueAction } from '../src/report/model.ts';
import { decideIssue, type IssuePlan, type KnownIssue } from '../src/tracker/lifecycle.ts';
import type { PendingStreak } from '../src/tracker/marker.ts';
import { burst, burstEnd } from './provider.ts';
import type { World } from './world.ts';

export interface Policy {
  name: string;
  /** Action inputs as a workflow would set them; the rest keep their defaults. */
  inputs: Partial<RawInputs>;
  /** Upptime's re-test: checks stop at the first success (checks: 3 = one try and two re-tests). */
  stopOnSuccess?: boolean;
}

/** What GitHub would hold for the target between runs: its issues, and the state issue's streak. */
export interface IssueStore {
  open: KnownIssue | null;
  lastClosed: KnownIssue | null;
  pending: PendingStreak | null;
  issuesCreated: number;
}

export const EMPTY_STORE: IssueStore = { open: null, lastClosed: null, pending: null, issuesCreated: 0 };

/** The store after a plan is carried out at `now`, as github.ts would leave GitHub. */
export function applyPlan(store: IssueStore, plan: IssuePlan, now: Date): IssueStore {
  const at = now.toISOString();
  switch (plan.action) {
    case 'none':
      return { ...store, pending: plan.pending };
    case 'opened': {
      const number = store.issuesCreated + 1;
      const issue = {
        number,
        url: `#${number}`,
        title: plan.title,
        body: plan.body,
        createdAt: at,
        closedAt: null,
      };
      return { ...store, open: issue, pending: null, issuesCreated: number };
    }
    case 'updated':
      return {
        ...store,
        open: { ...plan.issue, title: plan.edit.title ?? plan.issue.title, body: plan.edit.body },
      };
    case 'closed':
      return { ...store, open: null, lastClosed: { ...plan.issue, body: plan.edit.body, closedAt: at } };
    case 'reopened':
      return {
        ...store,
        open: {
          ...plan.issue,
          title: plan.edit.title ?? plan.issue.title,
          body: plan.edit.body,
          closedAt: null,
        },
        lastClosed: null,
        pending: null,
      };
  }
}

export interface IssueEvent {
  /** When the run decided: the end of its burst. */
  at: number;
  /** When that run started. */
  runStartedAt: number;
  action: Exclude<IssueAction, 'none' | 'updated'>;
}

export interface PolicyRun {
  policy: Policy;
  /** Openings, reopenings and closings, in time order. */
  events: IssueEvent[];
  /** Requests sent over the month. */
  requests: number;
}

export function runPolicy(world: World, policy: Policy): PolicyRun {
  const config = parseConfig({ model: 'sim-model', 'base-url': 'http://127.0.0.1:9/v1', ...policy.inputs });
  const target = config.targets[0]!;
  const plan = {
    checks: config.checks,
    intervalMs: config.intervalMs,
    timeoutMs: config.timeoutMs,
    stopOnSuccess: policy.stopOnSuccess ?? false,
  };
  let store = EMPTY_STORE;
  const events: IssueEvent[] = [];
  let requests = 0;
  for (const run of world.runs) {
    const checks = burst(world, run, plan);
    requests += checks.length;
    const now = new Date(burstEnd(checks));
    const view = { target: judgeTarget(target, checks, config), stream: config.stream, runUrl: null, now };
    const decided = decideIssue({ view, ...store, tracking: config.tracking });
    store = applyPlan(store, decided, now);
    if (decided.action !== 'none' && decided.action !== 'updated')
      events.push({ at: now.getTime(), runStartedAt: run.startedAt, action: decided.action });
  }
  return { policy, events, requests };
}
