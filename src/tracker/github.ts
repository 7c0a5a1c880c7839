/**
 * The tracker's one network edge: finds each target's issue on GitHub, carries out lifecycle.ts's plan,
 * and turns every GitHub fault into a warning. It never throws, and one target's failure does not stop
 * the others. Issues are found by the first label plus the hidden marker, never by title. With open-after
 * above 1, the breached runs counted before an issue opens live in one closed state issue, found by its
 * own label plus its own marker.
 */
import type { TrackingConfig } from '../config/index.js';
import type { IssueAction, IssueOutcome, Report } from '../report/json.js';
import { plain, truncate } from '../text/untrusted.js';
import {
  boundText,
  COMPACT_BODY_BUDGET,
  duplicateComment,
  type RunView,
  STATE_ISSUE_TITLE,
  stateIssueBody,
} from './body.js';
import {
  decideIssue,
  type IssuePlan,
  type KnownIssue,
  opensThisRun,
  pendingAfter,
  updatedStreaks,
} from './lifecycle.js';
import {
  hasPendingBlock,
  type PendingStreak,
  type PendingStreaks,
  pendingOfBody,
  targetOfBody,
} from './marker.js';
import {
  type GitHubClient,
  MAX_WAIT_SECONDS,
  MAX_WAITS_PER_RUN,
  SERVER_ERROR_RETRIES,
  TRACKER_DEADLINE_MS,
} from './octokit.js';

export interface Repository {
  owner: string;
  repo: string;
}

export interface TrackOptions {
  report: Report;
  tracking: TrackingConfig;
  repository: Repository;
  now: Date;
}

export interface TrackResult {
  outcomes: IssueOutcome[];
  warnings: string[];
}

/** The label that finds the issues again gets a colour people notice; the others a quiet one. */
const LABEL_STYLE = [
  {
    color: 'd73a4a',
    description: 'llm-heartbeat: an LLM target is down; one issue per target, closed on recovery',
  },
  { color: 'ededed', description: 'Added by llm-heartbeat to its outage issues' },
] as const;

/** The label of the one closed issue that keeps the pending streaks (open-after above 1). */
export const STATE_LABEL = 'llm-heartbeat-state';
const STATE_LABEL_STYLE = {
  color: 'ededed',
  description: 'llm-heartbeat: keeps breached runs counted for open-after; closed on purpose, do not edit',
};

type ListedIssue = Awaited<ReturnType<GitHubClient['rest']['issues']['listForRepo']>>['data'][number];

interface Tracked extends KnownIssue {
  stateReason: string | null;
}

/** What the tracker needs through a run: the client, the settings and the warnings so far. */
interface Session {
  octokit: GitHubClient;
  repo: Repository;
  tracking: TrackingConfig;
  warnings: string[];
  labelsReady?: Promise<void>;
}

/** A failed request, tagged with what the tracker was doing, for the warning. */
class StepError extends Error {
  readonly step: string;
  constructor(step: string, cause: unknown) {
    super(step, { cause });
    this.step = step;
  }
}

async function step<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    throw err instanceof StepError ? err : new StepError(what, err);
  }
}

// ---- reading GitHub's errors ----

interface HttpFailure {
  name?: string;
  /** Octokit wraps a failed fetch (a timeout, a refused connection) as a 500 with the original here. */
  cause?: { name?: string };
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: { errors?: unknown[] } };
}

const failure = (err: unknown): HttpFailure => (err && typeof err === 'object' ? (err as HttpFailure) : {});
const statusOf = (err: unknown): number | undefined => failure(err).status;

/** The field-level reasons of a 422, flattened to text. */
function validationErrors(err: unknown): string {
  return JSON.stringify(failure(err).response?.data?.errors ?? []);
}

function bodyTooLong(err: unknown): boolean {
  return statusOf(err) === 422 && /too long/i.test(`${failure(err).message} ${validationErrors(err)}`);
}

function assigneesRefused(err: unknown): boolean {
  return statusOf(err) === 422 && /assignee/i.test(validationErrors(err));
}

/** A 5xx or a lost connection may hide a create that went through. */
function mayHaveHappened(err: unknown): boolean {
  const status = statusOf(err);
  return status === undefined || status >= 500;
}

/** The tracker's deadline ended the request (Octokit may have wrapped the abort as a 500). */
function pastDeadline(err: unknown): boolean {
  const f = failure(err instanceof StepError ? err.cause : err);
  return [f.name, f.cause?.name].some((name) => name === 'AbortError' || name === 'TimeoutError');
}

/** A GitHub fault in words a workflow author can act on. GitHub's own message is shown plain and short. */
export function describeGitHubError(err: unknown, repository: string): string {
  const f = failure(err);
  if (pastDeadline(err))
    return `GitHub did not answer within the tracker's ${TRACKER_DEADLINE_MS / 1000} s; the issue catches up on a later run.`;
  const said = truncate(plain(String(f.message ?? err)), 200);
  const headers = f.response?.headers ?? {};
  const status = f.status;
  const rateLimited =
    status === 429 ||
    (status === 403 && (/rate limit/i.test(said) || headers['x-ratelimit-remaining'] === '0'));
  if (rateLimited) {
    const wait = headers['retry-after'] ? `, retry-after ${headers['retry-after']} s` : '';
    return (
      `GitHub's API rate limit (${status}${wait}: ${said}). The tracker waits only for short limits ` +
      `(up to ${MAX_WAIT_SECONDS} s, ${MAX_WAITS_PER_RUN} times a run); the issue catches up on a later run.`
    );
  }
  switch (status) {
    case 401:
      return `GitHub rejected the token (401: ${said}): check github-token.`;
    case 403:
      return (
        `the token may not work with the issues of ${repository} (403: ${said}). Give the job ` +
        '`permissions: issues: write`, and keep github-token at its default or use a token that can write issues.'
      );
    case 404:
      return `GitHub answered 404 for ${repository}: the repository does not exist or the token cannot see it (check GITHUB_REPOSITORY and github-token).`;
    case 410:
      return `Issues are disabled for this repository (${repository}, 410: ${said}). Enable Issues in its settings, or set tracking-issue: false.`;
    case 422:
      return `GitHub refused the request (422: ${said} ${truncate(validationErrors(err), 300)}).`;
    default:
      if (status !== undefined && status >= 500)
        return `GitHub failed (${status}: ${said}) after ${SERVER_ERROR_RETRIES} retries; the issue catches up on a later run.`;
      return said;
  }
}

function warn(session: Session, subject: string, err: unknown): void {
  const what = err instanceof StepError ? err.step : 'reach GitHub';
  const cause = err instanceof StepError ? err.cause : err;
  const repository = `${session.repo.owner}/${session.repo.repo}`;
  session.warnings.push(`${subject}: could not ${what}: ${describeGitHubError(cause, repository)}`);
}

// ---- finding the issues ----

function hasLabel(issue: Pick<ListedIssue, 'labels'>, label: string): boolean {
  return issue.labels.some(
    (l) => (typeof l === 'string' ? l : l.name)?.toLowerCase() === label.toLowerCase(),
  );
}

function tracked(issue: ListedIssue): Tracked {
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
async function listLabelled(
  session: Session,
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

/**
 * The tracking issues with the first label, by the target their marker names, oldest first. An issue
 * without the marker (one a person wrote, or the state issue) or without the label is never the tracker's.
 */
async function listTracked(
  session: Session,
  state: 'open' | 'closed',
  since?: string,
): Promise<Map<string, Tracked[]>> {
  const byTarget = new Map<string, Tracked[]>();
  for (const issue of await listLabelled(session, session.tracking.labels[0]!, state, since)) {
    const target = targetOfBody(issue.body);
    if (target === null) continue;
    byTarget.set(target, [...(byTarget.get(target) ?? []), tracked(issue)]);
  }
  for (const list of byTarget.values()) list.sort((a, b) => a.number - b.number);
  return byTarget;
}

async function openIssueOf(session: Session, target: string): Promise<Tracked | null> {
  return (await listTracked(session, 'open')).get(target)?.[0] ?? null;
}

/** The most recently closed issue of each target, leaving out those closed as duplicates. */
function lastClosedOf(closed: Map<string, Tracked[]>): Map<string, Tracked> {
  const latest = new Map<string, Tracked>();
  for (const [target, issues] of closed) {
    const candidates = issues.filter((i) => i.closedAt && i.stateReason !== 'duplicate');
    candidates.sort((a, b) => Date.parse(b.closedAt!) - Date.parse(a.closedAt!));
    if (candidates[0]) latest.set(target, candidates[0]);
  }
  return latest;
}

// ---- writing ----

/** Sends a body; when GitHub still finds it too long, sends it once more cut to the compact budget. */
async function withShorterBodyOnce<T>(body: string, send: (body: string) => Promise<T>): Promise<T> {
  try {
    return await send(body);
  } catch (err) {
    if (!bodyTooLong(err)) throw err;
    return send(boundText(body, COMPACT_BODY_BUDGET));
  }
}

/** Creates a label that is missing; a failure is a warning (issues still get the label, without its colour). */
async function ensureLabel(
  session: Session,
  subject: string,
  name: string,
  style: { color: string; description: string },
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

async function ensureLabels(session: Session): Promise<void> {
  for (const [index, name] of session.tracking.labels.entries())
    await ensureLabel(session, 'Tracking issues', name, LABEL_STYLE[Math.min(index, 1)]!);
}

/**
 * POST /issues is never retried blindly: a create that may have gone through is looked for first.
 * Says whether the issue carries the first label, without which no later run can find it.
 */
async function createIssue(
  session: Session,
  target: string,
  title: string,
  body: string,
): Promise<{ issue: Tracked; labelled: boolean }> {
  const { octokit, repo, tracking } = session;
  const label = tracking.labels[0]!;
  const assignees = tracking.assignees.length > 0 ? { assignees: tracking.assignees } : {};
  const attempt = async (fields: { body: string; assignees?: string[] }) => {
    const { data } = await octokit.rest.issues.create({
      ...repo,
      title,
      labels: tracking.labels,
      ...fields,
      request: { retries: 0 },
    });
    return { issue: tracked(data), labelled: hasLabel(data, label) };
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

async function carryOut(session: Session, plan: Extract<IssuePlan, { issue: KnownIssue; edit: unknown }>) {
  const { octokit, repo } = session;
  const issue_number = plan.issue.number;
  const { comment, edit } = plan;
  if (comment !== null) {
    await step(`comment on #${issue_number}`, () =>
      withShorterBodyOnce(comment, (body) =>
        octokit.rest.issues.createComment({ ...repo, issue_number, body }),
      ),
    );
  }
  const verb = { updated: 'update', closed: 'close', reopened: 'reopen' }[plan.action];
  await step(`${verb} #${issue_number}`, () =>
    withShorterBodyOnce(edit.body, (body) =>
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
interface Tracking {
  outcome: IssueOutcome;
  pending: PendingStreak | null;
}

async function trackTarget(
  session: Session,
  view: RunView,
  found: { open: Tracked | null; lastClosed: Tracked | null; pending: PendingStreak | null },
): Promise<Tracking> {
  const name = view.target.name;
  const plan = decideIssue({ view, ...found, tracking: session.tracking });
  const done = (action: IssueAction, issue: KnownIssue | null): Tracking => ({
    outcome: outcome(name, action, issue),
    pending: pendingAfter(plan),
  });
  if (plan.action === 'none') return done('none', plan.issue);
  if (plan.action !== 'opened') {
    await carryOut(session, plan);
    return done(plan.action, plan.issue);
  }
  session.labelsReady ??= ensureLabels(session);
  await session.labelsReady;
  // Look again right before creating: an overlapping run may have opened it since this run listed.
  const meanwhile = await step('look for its issue again', () => openIssueOf(session, name));
  if (meanwhile) return trackTarget(session, view, { open: meanwhile, lastClosed: null, pending: null });
  const created = await step('open it', () => createIssue(session, name, plan.title, plan.body));
  if (!created.labelled) {
    const label = session.tracking.labels[0];
    session.warnings.push(
      `Tracking issue of "${name}": #${created.issue.number} was opened without the label "${label}", so later runs cannot find it: let the token create labels, or create "${label}" by hand.`,
    );
  }
  return done('opened', created.issue);
}

// ---- the state issue: pending streaks while open-after is not reached ----

/** The state issue as this run found it (null: none yet), and the streaks it holds (empty when unreadable). */
interface StateIssue {
  issue: Tracked | null;
  streaks: PendingStreaks;
  readable: boolean;
}

/**
 * The oldest issue with the state label and the pending block: never an issue a person wrote (no
 * block), never a tracking issue (other marker). Overlapping runs may create two: the oldest wins.
 */
async function readStateIssue(session: Session): Promise<StateIssue> {
  const found = (await listLabelled(session, STATE_LABEL, 'all')).filter((i) => hasPendingBlock(i.body));
  const oldest = found.sort((a, b) => a.number - b.number)[0];
  if (!oldest) return { issue: null, streaks: {}, readable: true };
  const streaks = pendingOfBody(oldest.body);
  if (streaks === null) {
    session.warnings.push(
      `Pending outage streaks: the hidden block of #${oldest.number} (labelled "${STATE_LABEL}") is unreadable, perhaps edited by hand; breached runs are counted again from this run, and the block is rewritten.`,
    );
  }
  return { issue: tracked(oldest), streaks: streaks ?? {}, readable: streaks !== null };
}

/**
 * Writes the streaks when they changed (or the block was unreadable), so most runs write nothing. The
 * first time, the issue is created and closed at once: watchers hear of it once, and edits notify no one.
 */
async function writeStateIssue(session: Session, found: StateIssue, streaks: PendingStreaks): Promise<void> {
  const { octokit, repo } = session;
  const body = stateIssueBody(streaks);
  if (found.issue) {
    const issue_number = found.issue.number;
    if (found.readable && JSON.stringify(found.streaks) === JSON.stringify(streaks)) return;
    await step(`update the state issue #${issue_number}`, () =>
      octokit.rest.issues.update({ ...repo, issue_number, body, state: 'closed' }),
    );
    return;
  }
  if (Object.keys(streaks).length === 0) return;
  await ensureLabel(session, 'Pending outage streaks', STATE_LABEL, STATE_LABEL_STYLE);
  const { data } = await step('create the state issue', () =>
    octokit.rest.issues.create({
      ...repo,
      title: STATE_ISSUE_TITLE,
      body,
      labels: [STATE_LABEL],
      request: { retries: 0 },
    }),
  );
  if (!hasLabel(data, STATE_LABEL)) {
    session.warnings.push(
      `Pending outage streaks: #${data.number} was created without the label "${STATE_LABEL}", so later runs cannot find it and open-after cannot count: let the token create labels, or create "${STATE_LABEL}" by hand.`,
    );
  }
  await step(`close the state issue #${data.number}`, () =>
    octokit.rest.issues.update({
      ...repo,
      issue_number: data.number,
      state: 'closed',
      state_reason: 'not_planned',
    }),
  );
}

/** Overlapping runs may leave two open issues for one target: keep the oldest, close the others. */
async function closeDuplicates(session: Session, target: string, issues: Tracked[]): Promise<void> {
  const [kept, ...extra] = issues;
  const { octokit, repo } = session;
  for (const duplicate of kept ? extra : []) {
    const issue_number = duplicate.number;
    try {
      await step(`comment on the duplicate #${issue_number}`, () =>
        octokit.rest.issues.createComment({ ...repo, issue_number, body: duplicateComment(kept!.number) }),
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

export async function trackOutages(octokit: GitHubClient, options: TrackOptions): Promise<TrackResult> {
  const { report, tracking, now } = options;
  const session: Session = { octokit, repo: options.repository, tracking, warnings: [] };
  const none = () => report.targets.map((t) => outcome(t.name, 'none', null));
  const finish = (outcomes: IssueOutcome[]) => ({ outcomes, warnings: [...new Set(session.warnings)] });
  const label = tracking.labels[0];
  if (label === undefined) return finish(none());

  let open: Map<string, Tracked[]>;
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
  const namespace = label.toLowerCase();
  const pendingOf = (name: string) => state?.streaks[namespace]?.[name] ?? null;

  // Closed issues matter only to a target that gets an issue this run, and only within the window.
  let lastClosed = new Map<string, Tracked>();
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
    if (deadlinePassed) {
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
    } catch (err) {
      warn(session, `Tracking issue of "${target.name}"`, err);
      outcomes.push(outcome(target.name, 'none', openIssue));
      deadlinePassed = pastDeadline(err);
    }
  }
  // A target whose plan failed keeps its streak as it was: the next run counts on from there.
  if (state && !deadlinePassed) {
    try {
      await writeStateIssue(session, state, updatedStreaks(state.streaks, namespace, streaks, now));
    } catch (err) {
      warn(session, 'Pending outage streaks (this run is not counted)', err);
    }
  }
  return finish(outcomes);
}
