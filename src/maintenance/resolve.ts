/**
 * Which targets are in a maintenance window this run: the `maintenance` input's windows, and those of
 * open issues labelled `maintenance` (Upptime's format), read with the run's token when it has one.
 * A GitHub fault is a warning: the input's windows still hold.
 */
import type { Config } from '../config/types.js';
import type { Report } from '../report/model.js';
import type { GitHubClient } from '../tracker/octokit.js';
import {
  configuredMark,
  type IssueWindow,
  issueMark,
  type MaintenanceMark,
  windowOfIssue,
} from './windows.js';

export const MAINTENANCE_LABEL = 'maintenance';

/** The windows of the repository's open issues labelled maintenance. */
export async function issueWindows(
  octokit: GitHubClient,
  repo: { owner: string; repo: string },
): Promise<IssueWindow[]> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    labels: MAINTENANCE_LABEL,
    state: 'open',
    per_page: 100,
  });
  return issues
    .filter((i) => !i.pull_request)
    .map((i) => windowOfIssue({ number: i.number, url: i.html_url, body: i.body ?? null }))
    .filter((w): w is IssueWindow => w !== null);
}

/** Each target's window now (by name); the input's first, then the issues'. */
export function marksFor(
  config: Pick<Config, 'maintenance'>,
  targets: readonly string[],
  fromIssues: readonly IssueWindow[],
  now: Date,
): Map<string, MaintenanceMark> {
  const marks = new Map<string, MaintenanceMark>();
  for (const name of targets) {
    const mark = configuredMark(config.maintenance, name, now) ?? issueMark(fromIssues, name, now);
    if (mark) marks.set(name, mark);
  }
  return marks;
}

/** The report with each target's window (null for none). */
export function withMaintenance(report: Report, marks: ReadonlyMap<string, MaintenanceMark>): Report {
  return {
    ...report,
    targets: report.targets.map((t) => ({ ...t, maintenance: marks.get(t.name) ?? null })),
  };
}
