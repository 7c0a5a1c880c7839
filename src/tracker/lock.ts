/**
 * A lock around opening tracking issues, so that overlapping runs open one issue rather than one each
 * (every new issue notifies the repository's watchers). GitHub has no lock, but a reaction is unique
 * per user and content: `POST …/issues/{n}/reactions` answers 201 when it created the reaction and 200
 * when this user had it already. Every run of a repository's workflows uses the same GITHUB_TOKEN user,
 * so a 201 takes the lock and a 200 means another run holds it; deleting the reaction releases it.
 *
 * The reaction goes on the state issue, which exists once open-after (2 by default) has counted a run,
 * that is before any issue opens. Without it (open-after 1, or tokens of different users) runs open
 * without the lock, and the duplicate check right after creating keeps one issue open. A lock older
 * than LOCK_STALE_MS (a cancelled run's) is broken; a run that cannot take the lock in time opens
 * without it. The lock only narrows the race: the tracker never depends on it.
 */
import { statusOf } from './github-errors.js';
import { pause, step, type TrackerSession, warn } from './github-issues.js';
import { retryDelayMs } from './octokit.js';

export const LOCK_REACTION = 'eyes';
/** A run's whole conversation with GitHub ends within 2 minutes: a lock older than this is a dead run's. */
export const LOCK_STALE_MS = 5 * 60_000;
/** Tries to take the lock, one to two seconds apart, before opening without it. */
export const LOCK_TRIES = 10;

export interface HeldLock {
  issueNumber: number;
  reactionId: number;
}

/** Takes the lock on `issueNumber`; null when another run kept it all along, or GitHub failed (a warning). */
export async function takeLock(session: TrackerSession, issueNumber: number): Promise<HeldLock | null> {
  const { octokit, repo } = session;
  const where = { ...repo, issue_number: issueNumber };
  try {
    for (let attempt = 1; attempt <= LOCK_TRIES; attempt++) {
      const { status, data } = await step(`take the lock (a reaction on #${issueNumber})`, () =>
        octokit.rest.reactions.createForIssue({ ...where, content: LOCK_REACTION }),
      );
      if (status === 201) return { issueNumber, reactionId: data.id };
      if (Date.now() - Date.parse(data.created_at) > LOCK_STALE_MS) {
        await step(`break a stale lock on #${issueNumber}`, async () => {
          try {
            await octokit.rest.reactions.deleteForIssue({ ...where, reaction_id: data.id });
          } catch (err) {
            // Another run broke it first: fine.
            if (statusOf(err) !== 404) throw err;
          }
        });
        continue;
      }
      if (attempt < LOCK_TRIES) await pause(retryDelayMs(octokit, 1) * (1 + Math.random()));
    }
  } catch (err) {
    warn(session, 'Tracking issues (opened without the lock against overlapping runs)', err);
  }
  return null;
}

export async function releaseLock(session: TrackerSession, lock: HeldLock): Promise<void> {
  const { octokit, repo } = session;
  try {
    await step(`release the lock (a reaction on #${lock.issueNumber}; it expires within minutes)`, () =>
      octokit.rest.reactions.deleteForIssue({
        ...repo,
        issue_number: lock.issueNumber,
        reaction_id: lock.reactionId,
      }),
    );
  } catch (err) {
    warn(session, 'Tracking issues', err);
  }
}
