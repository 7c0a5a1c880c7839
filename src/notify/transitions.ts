/**
 * The changes of a tracked outage that notifications tell, read off the tracker's own plan (lifecycle.ts
 * decides, github.ts carries it out), so a message and an issue never disagree: opened, reopened,
 * escalated (degraded to down while open), recovered (with how long it lasted), and the "still down"
 * reminder. Pure.
 */
import type { NotifyEvent } from '../config/types.js';
import { type Status, severity } from '../status.js';
import type { RunView } from '../tracker/body.js';
import type { IssuePlan, KnownIssue } from '../tracker/lifecycle.js';
import { stateOfBody } from '../tracker/marker.js';

export type TransitionKind = NotifyEvent | 'reminder';

export interface Transition {
  target: string;
  kind: TransitionKind;
  /** The target's status this run. */
  status: Status;
  /** The status before this change (escalated, recovered); null when there is none to tell. */
  from: Status | null;
  /** When the outage started (its first breached run); null when unknown. */
  startedAt: string | null;
  /** Recovered: when the outage ended (the first healthy run); null otherwise. */
  endedAt: string | null;
  /** Recovered: how long it lasted; reminders and escalations: how long so far. */
  durationMs: number | null;
  issue: { number: number; url: string } | null;
  at: string;
}

const elapsed = (from: string, to: string) => Math.max(0, Date.parse(to) - Date.parse(from));

/**
 * Whether a reminder is due: each time an open outage has lasted another whole `hours` since it
 * started, the first run past that mark reminds, once (the previous run, seen in the state's
 * lastSeenAt, was before the mark). No extra state to keep, so a missed run cannot remind twice.
 */
export function reminderDue(startedAt: string, previousRunAt: string, now: Date, hours: number): boolean {
  const period = hours * 3_600_000;
  const marks = (at: number) => Math.floor((at - Date.parse(startedAt)) / period);
  const nowMarks = marks(now.getTime());
  return nowMarks >= 1 && nowMarks > marks(Date.parse(previousRunAt));
}

/** The change a carried-out plan made, if it is one that notifies; null otherwise. */
export function transitionOf(
  plan: IssuePlan,
  open: KnownIssue | null,
  view: RunView,
  reminderHours: number | null,
  issue: { number: number | null; url: string | null },
): Transition | null {
  const at = view.now.toISOString();
  const status = view.target.status;
  const base = {
    target: view.target.name,
    status,
    at,
    issue: issue.number !== null && issue.url !== null ? { number: issue.number, url: issue.url } : null,
  };
  if (plan.action === 'opened' || plan.action === 'reopened') {
    const state = stateOfBody(plan.action === 'opened' ? plan.body : plan.edit.body);
    const startedAt = state?.startedAt ?? at;
    return {
      ...base,
      kind: plan.action,
      from: null,
      startedAt,
      endedAt: null,
      durationMs: elapsed(startedAt, at),
    };
  }
  if (plan.action === 'closed') {
    const state = stateOfBody(plan.edit.body);
    const startedAt = state?.startedAt ?? open?.createdAt ?? null;
    const endedAt = state?.healthySince ?? at;
    const previous = stateOfBody(open?.body);
    return {
      ...base,
      kind: 'recovered',
      from: previous ? lastBreached(previous.lastStatus) : null,
      startedAt,
      endedAt,
      durationMs: startedAt ? elapsed(startedAt, endedAt) : null,
    };
  }
  if (plan.action !== 'updated' || !open) return null;
  const previous = stateOfBody(open.body);
  const now = stateOfBody(plan.edit.body);
  if (!previous || !now || now.healthyStreak > 0) return null;
  const soFar = { startedAt: previous.startedAt, endedAt: null, durationMs: elapsed(previous.startedAt, at) };
  if (previous.lastStatus === 'degraded' && status === 'down')
    return { ...base, ...soFar, kind: 'escalated', from: 'degraded' };
  if (reminderHours !== null && reminderDue(previous.startedAt, previous.lastSeenAt, view.now, reminderHours))
    return { ...base, ...soFar, kind: 'reminder', from: null };
  return null;
}

/** The status the outage ended on; null when the issue was already recovering (its last status is up). */
function lastBreached(status: Status): Status | null {
  return severity(status) > 0 ? status : null;
}
