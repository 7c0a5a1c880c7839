/**
 * The tracking issue's lifecycle as one pure decision: given a target's figures from this run, the issue
 * found for it on GitHub, its pending streak (breached runs counted before open-after is reached) and the
 * tracking settings, what to do. github.ts carries the plan out.
 */
import type { TrackingConfig } from '../config/types.js';
import { CATEGORIES, type Category } from '../probe/result.js';
import type { IssueAction } from '../report/model.js';
import { type Status, severity } from '../status.js';
import {
  breachedStatus,
  type Change,
  changeComment,
  detailsOfBody,
  issueBody,
  issueTitle,
  outageDetails,
  type Phase,
  type RunView,
  recoveryComment,
  reopenComment,
} from './body.js';
import {
  dict,
  entryOf,
  type OutageState,
  type PendingStreak,
  type PendingStreaks,
  setEntry,
  stateOfBody,
} from './marker.js';

/** A tracking issue as found on GitHub (only the fields the decision needs). */
export interface KnownIssue {
  number: number;
  /** The issue's page, html_url. */
  url: string;
  title: string;
  body: string | null;
  createdAt: string;
  closedAt: string | null;
}

export interface IssueEdit {
  /** Left out when the title should stay as it is (a person may have edited it). */
  title?: string;
  body: string;
  state?: 'open' | 'closed';
  stateReason?: 'completed';
}

export type IssuePlan =
  /** `pending`: the target's streak after this run, kept in the state issue (null: none to keep). */
  | { action: 'none'; issue: KnownIssue | null; pending: PendingStreak | null }
  | { action: 'opened'; title: string; body: string }
  /** The comment (when there is one) goes first, then the edit: a failed edit repeats a comment rather than losing it. */
  | {
      action: Exclude<IssueAction, 'none' | 'opened'>;
      issue: KnownIssue;
      comment: string | null;
      edit: IssueEdit;
    };

/** The tracking settings the decision reads; the token, assignees and the switch matter only on GitHub. */
export type LifecycleSettings = Pick<
  TrackingConfig,
  'issueOn' | 'openAfter' | 'closeAfter' | 'reopenWindowHours' | 'labels'
>;

export interface IssueSituation {
  view: RunView;
  /** The target's open tracking issue (the oldest, when overlapping runs left two). */
  open: KnownIssue | null;
  /** Its most recently closed tracking issue, not a duplicate; reopened when closed within the window. */
  lastClosed: KnownIssue | null;
  /** Breached runs in a row before this one, while the target has no open issue; null when none. */
  pending: PendingStreak | null;
  tracking: LifecycleSettings;
}

/** Whether a status reaches `issue-on`: only then does the target need an open issue. */
export function isBreached(status: Status, issueOn: LifecycleSettings['issueOn']): boolean {
  return severity(status) >= severity(issueOn);
}

/** The streak counted after this run; the first breached run starts it. */
function streakAfter(pending: PendingStreak | null, view: RunView): PendingStreak {
  const now = view.now.toISOString();
  return {
    runs: (pending?.runs ?? 0) + 1,
    since: pending?.since ?? now,
    firstRunUrl: pending ? pending.firstRunUrl : view.runUrl,
    lastSeenAt: now,
  };
}

/** Whether a target without an open issue gets one (opened or reopened) this run. */
export function opensThisRun(
  status: Status,
  pending: PendingStreak | null,
  tracking: Pick<LifecycleSettings, 'issueOn' | 'openAfter'>,
): boolean {
  return isBreached(status, tracking.issueOn) && (pending?.runs ?? 0) + 1 >= tracking.openAfter;
}

/** The target's pending streak once the plan is carried out: an issue, open or not, ends it. */
export function pendingAfter(plan: IssuePlan): PendingStreak | null {
  return plan.action === 'none' ? plan.pending : null;
}

/** Streaks untouched this long belong to targets that left the workflow (a healthy run ends the others). */
export const PENDING_FORGOTTEN_AFTER_DAYS = 7;

/**
 * The state issue's streaks after a run: this run's streak of each target it tracked under `namespace`
 * (its first label, lower case), the others as they were, minus those forgotten. `streaks` is the
 * freshest read, so a run changes only its own targets' entries: another workflow's (another label, or
 * other targets under the same label) are kept as that read has them. Labels and targets are keyed in
 * objects without a prototype, so `__proto__` and `constructor` are names like any other.
 */
export function updatedStreaks(
  streaks: PendingStreaks,
  namespace: string,
  updates: ReadonlyMap<string, PendingStreak | null>,
  now: Date,
): PendingStreaks {
  const oldest = now.getTime() - PENDING_FORGOTTEN_AFTER_DAYS * 86_400_000;
  const mine = dict(Object.entries(entryOf(streaks, namespace) ?? {}));
  for (const [target, streak] of updates) {
    if (streak) setEntry(mine, target, streak);
    else delete mine[target];
  }
  const merged = dict(Object.entries(streaks));
  setEntry(merged, namespace, mine);
  const kept = dict<Record<string, PendingStreak>>();
  for (const [key, targets] of Object.entries(merged)) {
    const live = Object.entries(targets).filter(([, s]) => Date.parse(s.lastSeenAt) >= oldest);
    if (live.length > 0) setEntry(kept, key, dict(live));
  }
  return kept;
}

const sameStreak = (a: PendingStreak, b: PendingStreak): boolean =>
  a.runs === b.runs &&
  a.since === b.since &&
  a.firstRunUrl === b.firstRunUrl &&
  a.lastSeenAt === b.lastSeenAt;

/** The same labels, targets and streaks, in whatever order. */
export function sameStreaks(a: PendingStreaks, b: PendingStreaks): boolean {
  const labels = Object.keys(a);
  if (labels.length !== Object.keys(b).length) return false;
  return labels.every((label) => {
    const [x, y] = [entryOf(a, label)!, entryOf(b, label)];
    if (!y || Object.keys(x).length !== Object.keys(y).length) return false;
    return Object.entries(x).every(([target, s]) => {
      const other = entryOf(y, target);
      return other !== undefined && sameStreak(s, other);
    });
  });
}

/**
 * Whether the streaks read back after a write still hold this run's updates: each of its targets as it
 * wrote it, or as a later run of the same target (same first label, same name: the same target, one
 * count) has written it since. Otherwise another writer overwrote the block from an older read, and
 * the run writes again.
 */
export function streaksKept(
  streaks: PendingStreaks,
  namespace: string,
  updates: ReadonlyMap<string, PendingStreak | null>,
  now: Date,
): boolean {
  const mine = entryOf(streaks, namespace);
  return [...updates].every(([target, streak]) => {
    const found = entryOf(mine, target);
    if (streak === null) return found === undefined || Date.parse(found.lastSeenAt) >= now.getTime();
    return (
      found !== undefined &&
      (sameStreak(found, streak) || Date.parse(found.lastSeenAt) >= Date.parse(streak.lastSeenAt))
    );
  });
}

function failureCategories(view: RunView): Category[] {
  return CATEGORIES.filter((c) => c !== 'ok' && view.target.stats.byCategory[c] > 0);
}

/** The state of an outage as its issue opens: it started with the first run of the streak. */
function freshState(view: RunView, streak: PendingStreak, outages: number): OutageState {
  return {
    startedAt: streak.since,
    firstRunUrl: streak.firstRunUrl,
    lastSeenAt: streak.lastSeenAt,
    lastRunUrl: view.runUrl,
    runsSeenDown: streak.runs,
    healthyStreak: 0,
    healthySince: null,
    lastStatus: view.target.status,
    categories: failureCategories(view),
    outages,
  };
}

/** When a person broke the state block: what the issue itself still tells. */
function restoredState(issue: KnownIssue, issueOn: LifecycleSettings['issueOn']): OutageState {
  return {
    startedAt: issue.createdAt,
    firstRunUrl: null,
    lastSeenAt: issue.createdAt,
    lastRunUrl: null,
    runsSeenDown: 1,
    healthyStreak: 0,
    healthySince: null,
    lastStatus: issueOn,
    categories: [],
    outages: 1,
  };
}

function changeSince(previous: OutageState, status: Status, categories: Category[]): Change | null {
  const newCategories = categories.filter((c) => !previous.categories.includes(c));
  if (previous.lastStatus === status && newCategories.length === 0) return null;
  return { from: previous.lastStatus, to: status, newCategories };
}

function closedWithin(issue: KnownIssue | null, now: Date, hours: number): issue is KnownIssue {
  if (!issue?.closedAt || hours <= 0) return false;
  return now.getTime() - Date.parse(issue.closedAt) < hours * 3_600_000;
}

export function decideIssue({ view, open, lastClosed, pending, tracking }: IssueSituation): IssuePlan {
  const { target, now, runUrl } = view;
  const body = (state: OutageState, phase: Phase, details: string | null) =>
    issueBody({
      name: target.name,
      state,
      phase,
      details,
      closeAfter: tracking.closeAfter,
      labels: tracking.labels,
    });

  if (isBreached(target.status, tracking.issueOn)) {
    const status = breachedStatus(target.status);
    const title = issueTitle(target.name, status);
    const categories = failureCategories(view);
    if (open) {
      const previous = stateOfBody(open.body);
      const base = previous ?? restoredState(open, tracking.issueOn);
      const state: OutageState = {
        ...base,
        lastSeenAt: now.toISOString(),
        lastRunUrl: runUrl,
        runsSeenDown: base.runsSeenDown + 1,
        healthyStreak: 0,
        healthySince: null,
        lastStatus: status,
        categories: [...new Set([...base.categories, ...categories])],
      };
      // Without the previous state there is no telling what changed: no comment rather than a wrong one.
      const change = previous && changeSince(previous, status, categories);
      // The title follows the status; otherwise it is left alone, in case a person edited it.
      const retitle = !previous || previous.lastStatus !== status;
      return {
        action: 'updated',
        issue: open,
        comment: change ? changeComment(view, change) : null,
        edit: { ...(retitle ? { title } : {}), body: body(state, 'breached', outageDetails(view)) },
      };
    }
    const streak = streakAfter(pending, view);
    if (!opensThisRun(target.status, pending, tracking))
      return { action: 'none', issue: null, pending: streak };
    if (closedWithin(lastClosed, now, tracking.reopenWindowHours)) {
      const outages = (stateOfBody(lastClosed.body)?.outages ?? 1) + 1;
      return {
        action: 'reopened',
        issue: lastClosed,
        comment: reopenComment(view, lastClosed.closedAt!, tracking.reopenWindowHours),
        edit: {
          title,
          body: body(freshState(view, streak, outages), 'breached', outageDetails(view)),
          state: 'open',
        },
      };
    }
    return {
      action: 'opened',
      title,
      body: body(freshState(view, streak, 1), 'breached', outageDetails(view)),
    };
  }

  // A healthy run ends the pending streak.
  if (!open) return { action: 'none', issue: null, pending: null };
  const base = stateOfBody(open.body) ?? restoredState(open, tracking.issueOn);
  const state: OutageState = {
    ...base,
    healthyStreak: base.healthyStreak + 1,
    healthySince: base.healthySince ?? now.toISOString(),
    lastStatus: target.status,
  };
  // The figures of the outage stay in the body; the recovery comment carries the figures now.
  const details = detailsOfBody(open.body);
  if (state.healthyStreak >= tracking.closeAfter) {
    return {
      action: 'closed',
      issue: open,
      comment: recoveryComment(view, state, tracking.issueOn),
      edit: { body: body(state, 'resolved', details), state: 'closed', stateReason: 'completed' },
    };
  }
  return {
    action: 'updated',
    issue: open,
    comment: null,
    edit: { body: body(state, 'recovering', details) },
  };
}
