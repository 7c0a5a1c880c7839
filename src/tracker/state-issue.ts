/**
 * The pending streaks' store: with open-after above 1, the breached runs counted before an issue opens
 * live in one closed issue, found by its own label plus its hidden pending block, and written only when
 * they change.
 */
import { STATE_ISSUE_TITLE, stateIssueBody } from './body.js';
import {
  ensureLabel,
  type FoundIssue,
  foundIssue,
  hasLabel,
  type LabelStyle,
  listLabelled,
  step,
  type TrackerSession,
} from './github-issues.js';
import { hasPendingBlock, type PendingStreaks, pendingOfBody } from './marker.js';

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
  if (!oldest) return { issue: null, streaks: {}, readable: true };
  const streaks = pendingOfBody(oldest.body);
  if (streaks === null) {
    session.warnings.push(
      `Pending outage streaks: the hidden block of #${oldest.number} (labelled "${STATE_LABEL}") is unreadable, perhaps edited by hand; breached runs are counted again from this run, and the block is rewritten.`,
    );
  }
  return { issue: foundIssue(oldest), streaks: streaks ?? {}, readable: streaks !== null };
}

/**
 * Writes the streaks when they changed (or the block was unreadable), so most runs write nothing. The
 * first time, the issue is created and closed at once: watchers hear of it once, and edits notify no one.
 */
export async function writeStateIssue(
  session: TrackerSession,
  found: StateIssue,
  streaks: PendingStreaks,
): Promise<void> {
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
