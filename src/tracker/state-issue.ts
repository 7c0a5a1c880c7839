/**
 * The pending streaks' store: with open-after above 1, the breached runs counted before an issue opens
 * live in one closed issue, found by its own label plus its hidden pending block, shared by every
 * workflow of the repository, and written only when they change (merged per target, read back).
 */
import { STATE_ISSUE_TITLE, stateIssueBody } from './body.js';
import { mayHaveHappened, type StepError } from './github-errors.js';
import {
  ensureLabel,
  type FoundIssue,
  foundIssue,
  hasLabel,
  type LabelStyle,
  listLabelled,
  pause,
  step,
  type TrackerSession,
} from './github-issues.js';
import { sameStreaks, streaksKept, updatedStreaks } from './lifecycle.js';
import { dict, hasPendingBlock, type PendingStreak, type PendingStreaks, pendingOfBody } from './marker.js';
import { retryDelayMs } from './octokit.js';

/** The label of the one closed issue that keeps the pending streaks (open-after above 1). */
export const STATE_LABEL = 'llm-heartbeat-state';
const STATE_LABEL_STYLE: LabelStyle = {
  color: 'ededed',
  description: 'llm-heartbeat: keeps breached runs counted for open-after; closed on purpose, do not edit',
};

/** The state issue as this run found it (null: none yet), and the streaks it holds (empty when unreadable). */
export interface StateIssue {
  issue: FoundIssue | null;
  streaks: PendingStreaks;
  readable: boolean;
}

/**
 * The oldest issue with the state label and the pending block: never an issue a person wrote (no
 * block), never a tracking issue (other marker). Overlapping runs may create two: the oldest wins.
 */
export async function readStateIssue(session: TrackerSession): Promise<StateIssue> {
  const found = (await listLabelled(session, STATE_LABEL, 'all')).filter((i) => hasPendingBlock(i.body));
  const oldest = found.sort((a, b) => a.number - b.number)[0];
  if (!oldest) return { issue: null, streaks: dict(), readable: true };
  const streaks = pendingOfBody(oldest.body);
  if (streaks === null) {
    session.warnings.push(
      `Pending outage streaks: the hidden block of #${oldest.number} (labelled "${STATE_LABEL}") is unreadable, perhaps edited by hand; breached runs are counted again from this run, and the block is rewritten.`,
    );
  }
  return { issue: foundIssue(oldest), streaks: streaks ?? dict(), readable: streaks !== null };
}

/** Writes of the pending block that another writer may overwrite before this run gives up, with a warning. */
export const STATE_WRITE_TRIES = 3;

/**
 * Saves this run's streaks (`updates`: its targets under `namespace`, null for a streak that ended) in
 * the state issue, without losing another run's: separate workflows, other labels, overlapping runs
 * share the one issue. Each try reads the block again right before writing and merges per target (this
 * run's entries change, every other entry stays as that read has it), then reads it back: when another
 * writer overwrote this run's entries from an older read, it tries again, up to STATE_WRITE_TRIES times.
 * Nothing is written when nothing changes, so most runs only read.
 */
export async function saveStreaks(
  session: TrackerSession,
  first: StateIssue,
  namespace: string,
  updates: ReadonlyMap<string, PendingStreak | null>,
  now: Date,
): Promise<void> {
  const nothingToDo = (found: StateIssue) => {
    const merged = updatedStreaks(found.streaks, namespace, updates, now);
    return found.issue
      ? found.readable && sameStreaks(found.streaks, merged)
      : Object.keys(merged).length === 0;
  };
  if (nothingToDo(first)) return;
  for (let attempt = 1; attempt <= STATE_WRITE_TRIES; attempt++) {
    if (attempt > 1) await pause(Math.random() * retryDelayMs(session.octokit, attempt - 1));
    const fresh = await step('read the pending streaks again before writing them', () =>
      readStateIssue(session),
    );
    if (nothingToDo(fresh)) return;
    try {
      await writeStateIssue(session, fresh, updatedStreaks(fresh.streaks, namespace, updates, now));
    } catch (err) {
      // A create that may have gone through is looked for by the next try's read, not sent blindly.
      if (
        !(fresh.issue === null && mayHaveHappened((err as StepError).cause)) ||
        attempt === STATE_WRITE_TRIES
      )
        throw err;
      continue;
    }
    const after = await step('read the pending streaks back', () => readStateIssue(session));
    if (streaksKept(after.streaks, namespace, updates, now)) return;
  }
  session.warnings.push(
    `Pending outage streaks: other runs kept overwriting the hidden block of the issue labelled "${STATE_LABEL}" (${STATE_WRITE_TRIES} tries); this run is not counted, the next one counts on.`,
  );
}

/**
 * Writes the streaks. The first time, the issue is created and closed at once: watchers hear of it
 * once, and edits notify no one.
 */
async function writeStateIssue(
  session: TrackerSession,
  found: StateIssue,
  streaks: PendingStreaks,
): Promise<void> {
  const { octokit, repo } = session;
  const body = stateIssueBody(streaks);
  if (found.issue) {
    const issue_number = found.issue.number;
    await step(`update the state issue #${issue_number}`, () =>
      octokit.rest.issues.update({ ...repo, issue_number, body, state: 'closed' }),
    );
    return;
  }
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
