/**
 * The GitHub calls both of the tracker's issue stores share (the tracking issues, and the state issue of
 * the pending streaks): one session per run, listing issues by label, creating a missing label, and
 * tagging each failed request with what the tracker was doing for the warning.
 */
import type { TrackingConfig } from '../config/types.js';
import { StepError, statusOf, stepWarning } from './github-errors.js';
import type { KnownIssue } from './lifecycle.js';
import type { GitHubClient } from './octokit.js';

export interface Repository {
  owner: string;
  repo: string;
}

/** What the tracker needs through a run: the client, the settings and the warnings so far. */
export interface TrackerSession {
  octokit: GitHubClient;
  repo: Repository;
  tracking: TrackingConfig;
  warnings: string[];
  /** This run's stamp, `<run id>-<attempt>`, in the hidden run marker of everything it writes. */
  run: string;
  labelsReady?: Promise<void>;
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export type ListedIssue = Awaited<ReturnType<GitHubClient['rest']['issues']['listForRepo']>>['data'][number];

/** An issue as found on GitHub: what the lifecycle reads, plus how it was closed (duplicates are skipped). */
export interface FoundIssue extends KnownIssue {
  stateReason: string | null;
}

export interface LabelStyle {
  color: string;
  description: string;
}

/** Runs one request (or several), tagging its failure with `what` unless an inner step tagged it already. */
export async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw err instanceof StepError ? err : new StepError(what, err);
  }
}

export function warn(session: TrackerSession, subject: string, err: unknown): void {
  session.warnings.push(stepWarning(subject, err, `${session.repo.owner}/${session.repo.repo}`));
}

export function hasLabel(issue: Pick<ListedIssue, 'labels'>, label: string): boolean {
  return issue.labels.some(
    (l) => (typeof l === 'string' ? l : l.name)?.toLowerCase() === label.toLowerCase(),
  );
}

export function foundIssue(issue: ListedIssue): FoundIssue {
  return {
    number: issue.number,
    url: issue.html_url,
    title: issue.title,
    body: issue.body ?? null,
    createdAt: issue.created_at,
    closedAt: issue.closed_at,
    stateReason: issue.state_reason ?? null,
  };
}

/** The issues (not pull requests) that carry `label`, oldest first. */
export async function listLabelled(
  session: TrackerSession,
  label: string,
  state: 'open' | 'closed' | 'all',
  since?: string,
): Promise<ListedIssue[]> {
  const issues = await session.octokit.paginate(session.octokit.rest.issues.listForRepo, {
    ...session.repo,
    labels: label,
    state,
    sort: 'created',
    direction: 'asc',
    per_page: 100,
    ...(since ? { since } : {}),
  });
  return issues.filter((issue) => !issue.pull_request && hasLabel(issue, label));
}

/** Creates a label that is missing; a failure is a warning (issues still get the label, without its colour). */
export async function ensureLabel(
  session: TrackerSession,
  subject: string,
  name: string,
  style: LabelStyle,
): Promise<void> {
  const { octokit, repo } = session;
  try {
    await step(`look up the label "${name}"`, () => octokit.rest.issues.getLabel({ ...repo, name }));
  } catch (err) {
    if (statusOf((err as StepError).cause) !== 404) {
      warn(session, subject, err);
      return;
    }
    try {
      await step(`create the label "${name}" (issues still get it, without its colour)`, () =>
        octokit.rest.issues.createLabel({ ...repo, name, ...style }),
      );
    } catch (createErr) {
      // Another run created it meanwhile: fine.
      if (statusOf((createErr as StepError).cause) !== 422) warn(session, subject, createErr);
    }
  }
}
