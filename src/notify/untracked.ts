/**
 * Notifications with `tracking-issue: false`: the same decisions as the tracker (lifecycle.ts
 * decideIssue), with no tracking issue. The outage each notification follows is kept where the pending
 * streaks are, in the one closed state issue, under the key `<first label>#notify`: a pending entry
 * while open-after counts, the outage's state once it "opens". So notifications still need
 * `issues: write`, and nothing but the state issue is ever written.
 */
import type { TrackingConfig } from '../config/types.js';
import type { Report } from '../report/model.js';
import type { RunView } from '../tracker/body.js';
import { type Repository, step, type TrackerSession, warn } from '../tracker/github-issues.js';
import { decideIssue, isBreached, type KnownIssue } from '../tracker/lifecycle.js';
import { entryOf, type PendingStreak, stateBlock, stateOfBody } from '../tracker/marker.js';
import type { GitHubClient } from '../tracker/octokit.js';
import { readStateIssue, STATE_LABEL, saveStreaks } from '../tracker/state-issue.js';
import { type Transition, transitionOf } from './transitions.js';

export interface UntrackedRun {
  report: Report;
  tracking: TrackingConfig;
  repository: Repository;
  now: Date;
  reminderHours: number | null;
}

/** The outage kept for a target, as the issue the lifecycle would have found. */
function virtualIssue(entry: PendingStreak): KnownIssue {
  return {
    number: 0,
    url: '',
    title: '',
    body: stateBlock(entry.outage!),
    createdAt: entry.outage!.startedAt,
    closedAt: null,
  };
}

export async function untrackedTransitions(
  octokit: GitHubClient,
  options: UntrackedRun,
): Promise<{ transitions: Transition[]; warnings: string[] }> {
  const { report, now } = options;
  const session: TrackerSession = {
    octokit,
    repo: options.repository,
    tracking: options.tracking,
    warnings: [],
    run: `${report.run.runId ?? 'local'}-${report.run.runAttempt ?? 1}`,
  };
  const namespace = `${(options.tracking.labels[0] ?? 'llm-outage').toLowerCase()}#notify`;
  const transitions: Transition[] = [];
  try {
    const state = await step(`read the notifications' outages (the issue labelled "${STATE_LABEL}")`, () =>
      readStateIssue(session),
    );
    const updates = new Map<string, PendingStreak | null>();
    for (const target of report.targets) {
      const entry = entryOf(entryOf(state.streaks, namespace), target.name) ?? null;
      // During maintenance a breached run is left out, as the tracker leaves it out.
      if (target.maintenance && isBreached(target.status, options.tracking.issueOn)) continue;
      const view: RunView = { target, stream: report.settings.stream, runUrl: report.run.url, now };
      const open = entry?.outage ? virtualIssue(entry) : null;
      const plan = decideIssue({
        view,
        open,
        lastClosed: null,
        pending: entry?.outage ? null : entry,
        tracking: options.tracking,
      });
      const kept = plan.action === 'opened' ? plan.body : plan.action === 'updated' ? plan.edit.body : null;
      const outage = kept === null ? null : stateOfBody(kept);
      updates.set(
        target.name,
        plan.action === 'none'
          ? plan.pending
          : outage
            ? // lastSeenAt is this run's, so every run with an open outage is saved (its healthy streak counts).
              {
                runs: outage.runsSeenDown,
                since: outage.startedAt,
                firstRunUrl: outage.firstRunUrl,
                lastSeenAt: now.toISOString(),
                outage,
              }
            : null,
      );
      const transition =
        plan.action === 'none'
          ? null
          : transitionOf(plan, open, view, options.reminderHours, { number: null, url: null });
      if (transition && !target.maintenance) transitions.push(transition);
    }
    await saveStreaks(session, state, namespace, updates, now);
  } catch (err) {
    warn(session, 'Notifications without tracking issues (nothing is notified this run)', err);
    return { transitions: [], warnings: [...new Set(session.warnings)] };
  }
  return { transitions, warnings: [...new Set(session.warnings)] };
}
