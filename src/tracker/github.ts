/**
 * The tracker's orchestration: finds each target's issue on GitHub, carries out lifecycle.ts's plan,
 * and turns every GitHub fault into a warning. It never throws, and one target's failure does not stop
 * the others. Issues are found by the first label plus the hidden marker, never by title. With open-after
 * above 1, the breached runs counted before an issue opens live in the state issue (state-issue.ts).
 */

import { randomUUID } from 'node:crypto';
import type { TrackingConfig } from '../config/types.js';
import { type Transition, transitionOf } from '../notify/transitions.js';
import type { IssueAction, IssueOutcome, Report } from '../report/model.js';
import { boundText, COMPACT_BODY_BUDGET, duplicateComment, type RunView, stampText } from './body.js';
import { assigneesRefused, bodyTooLong, mayHaveHappened, pastDeadline, statusOf } from './github-errors.js';
import {
  ensureLabel,
  type FoundIssue,
  foundIssue,
  hasLabel,
  listLabelled,
  pause,
  type Repository,
  step,
  type TrackerSession,
  warn,
} from './github-issues.js';
import {
  decideIssue,
  type IssuePlan,
  isBreached,
  type KnownIssue,
  opensThisRun,
  pendingAfter,
} from './lifecycle.js';
import { type HeldLock, releaseLock, takeLock } from './lock.js';
import { entryOf, type PendingStreak, runMarker, targetOfBody } from './marker.js';
import { type GitHubClient, retryDelayMs, SERVER_ERROR_RETRIES } from './octokit.js';
import { readStateIssue, STATE_LABEL, type StateIssue, saveStreaks } from './state-issue.js';

/** One run of the tracker: this run's report, the tracking settings, and where the issues live. */
export interface TrackerRun {
  report: Report;
  tracking: TrackingConfig;
  repository: Repository;
  now: Date;
  /** notify-reminder: hours between "still down" transitions of an open outage; null or absent: none. */
  reminderHours?: number | null;
}

/** Each target's issue after the run (in the report's order), and the GitHub faults as warnings. */
export interface TrackerResult {
  outcomes: IssueOutcome[];
  warnings: string[];
  /** The changes carried out that notifications tell (notify/transitions.ts); none during maintenance. */
  transitions?: Transition[];
}

/** A run's session, with the lock against overlapping runs opening the same issue (lock.ts). */
interface RunSession extends TrackerSession {
  reminderHours: number | null;
  /** The state issue, where the lock is taken; null when there is none (open-after 1, say). */
  lockOn: number | null;
  /** Taken on the first issue this run opens, released when the run is done with its targets. */
  lock?: Promise<HeldLock | null>;
}

/** The label that finds the issues again gets a colour people notice; the others a quiet one. */
const LABEL_STYLE = [
  {
    color: 'd73a4a',
    description: 'llm-heartbeat: an LLM target is down; one issue per target, closed on recovery',
  },
  { color: 'ededed', description: 'Added by llm-heartbeat to its outage issues' },
] as const;

// ---- finding the issues ----

/**
 * The tracking issues with the first label, by the target their marker names, oldest first. An issue
 * without the marker (one a person wrote, or the state issue) or without the label is never the tracker's.
 */
async function listTracked(
  session: TrackerSession,
  state: 'open' | 'closed',
  since?: string,
): Promise<Map<string, FoundIssue[]>> {
  const byTarget = new Map<string, FoundIssue[]>();
  for (const issue of await listLabelled(session, session.tracking.labels[0]!, state, since)) {
    const target = targetOfBody(issue.body);
    if (target === null) continue;
    byTarget.set(target, [...(byTarget.get(target) ?? []), foundIssue(issue)]);
  }
  for (const list of byTarget.values()) list.sort((a, b) => a.number - b.number);
  return byTarget;
}

/** The target's open tracking issues, oldest first. */
async function openIssuesOf(session: TrackerSession, target: string): Promise<FoundIssue[]> {
  return (await listTracked(session, 'open')).get(target) ?? [];
}

async function openIssueOf(session: TrackerSession, target: string): Promise<FoundIssue | null> {
  return (await openIssuesOf(session, target))[0] ?? null;
}

/** The most recently closed issue of each target, leaving out those closed as duplicates. */
function lastClosedOf(closed: Map<string, FoundIssue[]>): Map<string, FoundIssue> {
  const latest = new Map<string, FoundIssue>();
  for (const [target, issues] of closed) {
    const candidates = issues.filter((i) => i.closedAt && i.stateReason !== 'duplicate');
    candidates.sort((a, b) => Date.parse(b.closedAt!) - Date.parse(a.closedAt!));
    if (candidates[0]) latest.set(target, candidates[0]);
  }
  return latest;
}

// ---- writing ----

/**
 * Sends a body stamped with the run's marker for `target`; when GitHub still finds it too long, sends
 * it once more cut to the compact budget (the stamp added after the cut, so it is never cut off).
 */
async function withShorterBodyOnce<T>(
  session: TrackerSession,
  target: string,
  body: string,
  send: (body: string) => Promise<T>,
): Promise<T> {
  const stamp = runMarker(session.run, target);
  try {
    return await send(stampText(body, stamp));
  } catch (err) {
    if (!bodyTooLong(err)) throw err;
    return send(stampText(boundText(body, COMPACT_BODY_BUDGET), stamp));
  }
}

/**
 * Posts a comment at most once. Comments are not retried by the client (a 502 may hide one GitHub
 * applied): after a 5xx or a lost connection, the tracker waits as the retry plugin would, looks for
 * the run's marker among the issue's recent comments, and sends the comment again only if it is not there.
 */
async function postComment(
  session: TrackerSession,
  issue_number: number,
  target: string,
  text: string,
): Promise<void> {
  const { octokit, repo } = session;
  const stamp = runMarker(session.run, target);
  // Comments this run may have posted are at most minutes old; the margin covers a skewed clock.
  const since = new Date(Date.now() - 15 * 60_000).toISOString();
  for (let retry = 1; ; retry++) {
    try {
      await withShorterBodyOnce(session, target, text, (body) =>
        octokit.rest.issues.createComment({ ...repo, issue_number, body, request: { retries: 0 } }),
      );
      return;
    } catch (err) {
      if (!mayHaveHappened(err) || pastDeadline(err) || retry > SERVER_ERROR_RETRIES) throw err;
      await pause(retryDelayMs(octokit, retry));
      const recent = await octokit.paginate(octokit.rest.issues.listComments, {
        ...repo,
        issue_number,
        since,
        per_page: 100,
      });
      if (recent.some((comment) => comment.body?.includes(stamp))) return;
    }
  }
}

async function ensureLabels(session: TrackerSession): Promise<void> {
  for (const [index, name] of session.tracking.labels.entries())
    await ensureLabel(session, 'Tracking issues', name, LABEL_STYLE[Math.min(index, 1)]!);
}

/**
 * POST /issues is never retried blindly: a create that may have gone through is looked for first.
 * Says whether the issue carries the first label, without which no later run can find it.
 */
async function createIssue(
  session: TrackerSession,
  target: string,
  title: string,
  body: string,
): Promise<{ issue: FoundIssue; labelled: boolean }> {
  const { octokit, repo, tracking } = session;
  const label = tracking.labels[0]!;
  const assignees = tracking.assignees.length > 0 ? { assignees: tracking.assignees } : {};
  const attempt = async (fields: { body: string; assignees?: string[] }) => {
    const { data } = await octokit.rest.issues.create({
      ...repo,
      title,
      labels: tracking.labels,
      ...fields,
      body: stampText(fields.body, runMarker(session.run, target)),
      request: { retries: 0 },
    });
    return { issue: foundIssue(data), labelled: hasLabel(data, label) };
  };
  try {
    return await attempt({ body, ...assignees });
  } catch (err) {
    if (assigneesRefused(err)) {
      session.warnings.push(
        `Tracking issue of "${target}": GitHub refused the issue-assignees (${tracking.assignees.join(', ')}); opened it without assignees.`,
      );
      return attempt({ body });
    }
    if (bodyTooLong(err)) return attempt({ body: boundText(body, COMPACT_BODY_BUDGET), ...assignees });
    if (!mayHaveHappened(err)) throw err;
    const landed = await openIssueOf(session, target);
    return landed ? { issue: landed, labelled: true } : attempt({ body, ...assignees });
  }
}

function outcome(target: string, action: IssueAction, issue: KnownIssue | null): IssueOutcome {
  return { target, action, number: issue?.number ?? null, url: issue?.url ?? null };
}

async function carryOut(
  session: TrackerSession,
  target: string,
  plan: Extract<IssuePlan, { issue: KnownIssue; edit: unknown }>,
) {
  const { octokit, repo } = session;
  const issue_number = plan.issue.number;
  const { comment, edit } = plan;
  if (comment !== null) {
    await step(`comment on #${issue_number}`, () => postComment(session, issue_number, target, comment));
  }
  const verb = { updated: 'update', closed: 'close', reopened: 'reopen' }[plan.action];
  await step(`${verb} #${issue_number}`, () =>
    withShorterBodyOnce(session, target, edit.body, (body) =>
      octokit.rest.issues.update({
        ...repo,
        issue_number,
        body,
        ...(edit.title === undefined ? {} : { title: edit.title }),
        ...(edit.state === undefined ? {} : { state: edit.state }),
        ...(edit.stateReason === undefined ? {} : { state_reason: edit.stateReason }),
      }),
    ),
  );
}

/** What a target's plan came to: its issue, and its pending streak for the state issue. */
interface AppliedPlan {
  outcome: IssueOutcome;
  pending: PendingStreak | null;
  transition: Transition | null;
}

async function trackTarget(
  session: RunSession,
  view: RunView,
  found: { open: FoundIssue | null; lastClosed: FoundIssue | null; pending: PendingStreak | null },
): Promise<AppliedPlan> {
  const name = view.target.name;
  const plan = decideIssue({ view, ...found, tracking: session.tracking });
  const done = (action: IssueAction, issue: KnownIssue | null): AppliedPlan => ({
    outcome: outcome(name, action, issue),
    pending: pendingAfter(plan),
    // Notifications tell what was carried out, never what was only planned.
    transition:
      action === 'none'
        ? null
        : transitionOf(plan, found.open, view, session.reminderHours, outcome(name, action, issue)),
  });
  if (plan.action === 'none') return done('none', plan.issue);
  if (plan.action !== 'opened') {
    await carryOut(session, name, plan);
    return done(plan.action, plan.issue);
  }
  session.labelsReady ??= ensureLabels(session);
  await session.labelsReady;
  if (session.lockOn !== null) {
    session.lock ??= takeLock(session, session.lockOn);
    await session.lock;
  }
  // Look again right before creating: an overlapping run may have opened it since this run listed.
  const meanwhile = await step('look for its issue again', () => openIssueOf(session, name));
  if (meanwhile) return trackTarget(session, view, { open: meanwhile, lastClosed: null, pending: null });
  const created = await step('open it', () => createIssue(session, name, plan.title, plan.body));
  if (!created.labelled) {
    const label = session.tracking.labels[0];
    session.warnings.push(
      `Tracking issue of "${name}": #${created.issue.number} was opened without the label "${label}", so later runs cannot find it: let the token create labels, or create "${label}" by hand.`,
    );
    return done('opened', created.issue);
  }
  // An overlapping run may have created one too between the look and the create: list again at once.
  // The oldest wins; a run whose issue is not the oldest closes its own as a duplicate (only its own,
  // so the losers never comment twice on one issue), and reports the oldest.
  const oldest = (await step('look for a duplicate of it', () => openIssuesOf(session, name)))[0];
  if (oldest && oldest.number < created.issue.number) {
    await closeDuplicates(session, name, [oldest, created.issue]);
    return done('none', oldest);
  }
  return done('opened', created.issue);
}

/** Overlapping runs may leave two open issues for one target: keep the oldest, close the others. */
async function closeDuplicates(session: TrackerSession, target: string, issues: FoundIssue[]): Promise<void> {
  const [kept, ...extra] = issues;
  const { octokit, repo } = session;
  for (const duplicate of kept ? extra : []) {
    const issue_number = duplicate.number;
    try {
      await step(`comment on the duplicate #${issue_number}`, () =>
        postComment(session, issue_number, target, duplicateComment(kept!.number)),
      );
      const close = (state_reason: 'duplicate' | 'not_planned') =>
        octokit.rest.issues.update({ ...repo, issue_number, state: 'closed', state_reason });
      await step(`close the duplicate #${issue_number}`, async () => {
        try {
          await close('duplicate');
        } catch (err) {
          // Older GitHub Enterprise servers know no `duplicate` reason.
          if (statusOf(err) !== 422) throw err;
          await close('not_planned');
        }
      });
    } catch (err) {
      warn(session, `Tracking issue of "${target}"`, err);
    }
  }
}

export async function trackOutages(octokit: GitHubClient, options: TrackerRun): Promise<TrackerResult> {
  const { report, tracking, now } = options;
  const { runId, runAttempt } = report.run;
  // Outside GitHub Actions there is no run id: a random one still tells this run's writes from others'.
  const run = `${runId ?? randomUUID()}-${runAttempt ?? 1}`;
  const session: RunSession = {
    octokit,
    repo: options.repository,
    tracking,
    warnings: [],
    run,
    lockOn: null,
    reminderHours: options.reminderHours ?? null,
  };
  const none = () => report.targets.map((t) => outcome(t.name, 'none', null));
  const transitions: Transition[] = [];
  const finish = (outcomes: IssueOutcome[]) => ({
    outcomes,
    warnings: [...new Set(session.warnings)],
    ...(transitions.length > 0 ? { transitions } : {}),
  });
  const label = tracking.labels[0];
  if (label === undefined) return finish(none());

  let open: Map<string, FoundIssue[]>;
  try {
    open = await step(`list the open issues labelled "${label}"`, () => listTracked(session, 'open'));
  } catch (err) {
    warn(session, 'Tracking issues', err);
    return finish(none());
  }
  for (const t of report.targets) {
    const issues = open.get(t.name) ?? [];
    if (issues.length > 1) await closeDuplicates(session, t.name, issues);
  }

  // open-after above 1: the breached runs counted so far, kept in the state issue.
  let state: StateIssue | null = null;
  if (tracking.openAfter > 1) {
    try {
      state = await step(`read the pending streaks (the issue labelled "${STATE_LABEL}")`, () =>
        readStateIssue(session),
      );
    } catch (err) {
      warn(session, 'Pending outage streaks (this run counts from nothing and keeps nothing)', err);
    }
  }
  session.lockOn = state?.issue?.number ?? null;
  const namespace = label.toLowerCase();
  const pendingOf = (name: string) => entryOf(entryOf(state?.streaks, namespace), name) ?? null;

  // Closed issues matter only to a target that gets an issue this run, and only within the window.
  let lastClosed = new Map<string, FoundIssue>();
  const mayReopen = report.targets.some(
    (t) => !open.has(t.name) && opensThisRun(t.status, pendingOf(t.name), tracking),
  );
  if (mayReopen && tracking.reopenWindowHours > 0) {
    const since = new Date(now.getTime() - tracking.reopenWindowHours * 3_600_000).toISOString();
    try {
      lastClosed = lastClosedOf(
        await step(`list the recently closed issues labelled "${label}"`, () =>
          listTracked(session, 'closed', since),
        ),
      );
    } catch (err) {
      warn(session, 'Tracking issues (no reopening this run)', err);
    }
  }

  const outcomes: IssueOutcome[] = [];
  const streaks = new Map<string, PendingStreak | null>();
  let deadlinePassed = false;
  for (const target of report.targets) {
    const view: RunView = { target, stream: report.settings.stream, runUrl: report.run.url, now };
    const openIssue = open.get(target.name)?.[0] ?? null;
    // Past the deadline every request would fail at once (after retries): leave the rest for the next run.
    // In a maintenance window a breached run is left out: no issue opens or escalates, the streak keeps.
    if (deadlinePassed || (target.maintenance && isBreached(target.status, tracking.issueOn))) {
      outcomes.push(outcome(target.name, 'none', openIssue));
      continue;
    }
    try {
      const result = await trackTarget(session, view, {
        open: openIssue,
        lastClosed: lastClosed.get(target.name) ?? null,
        pending: pendingOf(target.name),
      });
      outcomes.push(result.outcome);
      streaks.set(target.name, result.pending);
      if (result.transition && !target.maintenance) transitions.push(result.transition);
    } catch (err) {
      warn(session, `Tracking issue of "${target.name}"`, err);
      outcomes.push(outcome(target.name, 'none', openIssue));
      deadlinePassed = pastDeadline(err);
    }
  }
  const held = await session.lock;
  if (held && !deadlinePassed) await releaseLock(session, held);
  // A target whose plan failed keeps its streak as it was: the next run counts on from there.
  if (state && !deadlinePassed) {
    try {
      await saveStreaks(session, state, namespace, streaks, now);
    } catch (err) {
      warn(session, 'Pending outage streaks (this run is not counted)', err);
    }
  }
  return finish(outcomes);
}
