import { describeGitHubError, gitHubErrorKind, statusOf } from '../tracker/github-errors.js';
import type { GitHubClient } from '../tracker/octokit.js';
import type { HistoryBackend, WriteResult } from './backend.js';
import type { HistoryRecord } from './record.js';
import {
  type BranchFiles,
  branchStates,
  type PlanOptions,
  pathsToRead,
  planWrite,
  STATE_PATH,
} from './store.js';

/**
 * The data branch through the Git Data API: read the ref, the tree and the blobs needed; write one
 * tree (changed files inline), one commit, and move the ref as a fast-forward. When another run moved
 * the ref first, GitHub refuses (422): read the new head and apply the records again (they are
 * idempotent), at most MAX_ATTEMPTS times. No git binary, no checkout.
 */

export const MAX_ATTEMPTS = 5;

export interface Repository {
  owner: string;
  repo: string;
}

interface Head {
  commit: string;
  tree: string;
  paths: Map<string, string>;
  truncated: boolean;
}

export function historyWarning(err: unknown, repository: string, branch: string): string {
  const kind = gitHubErrorKind(err);
  if (kind === 'forbidden' || (kind === 'not-found' && statusOf(err) === 404))
    return (
      `History not written: the token may not write to the contents of ${repository} (${statusOf(err)}). ` +
      `Give the job \`permissions: contents: write\` (history: true needs it to commit to the ${branch} branch).`
    );
  return `History not written to the ${branch} branch: ${describeGitHubError(err, repository)}`;
}

export function githubHistory(octokit: GitHubClient, repository: Repository, branch: string): HistoryBackend {
  const { owner, repo } = repository;
  const full = `${owner}/${repo}`;
  let requests = 0;
  let cached: { head: Head | null; state: string | null; hours: Map<string, string | null> } | null = null;
  const count = <T>(p: Promise<T>): Promise<T> => {
    requests++;
    return p;
  };

  async function readHead(): Promise<Head | null> {
    let commit: string;
    try {
      const ref = await count(octokit.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }));
      commit = ref.data.object.sha;
    } catch (err) {
      if (statusOf(err) === 404) return null;
      throw err;
    }
    const tree = await count(octokit.rest.git.getTree({ owner, repo, tree_sha: commit, recursive: 'true' }));
    const paths = new Map<string, string>();
    for (const e of tree.data.tree) if (e.type === 'blob' && e.path && e.sha) paths.set(e.path, e.sha);
    return { commit, tree: tree.data.sha, paths, truncated: tree.data.truncated };
  }

  async function blob(head: Head, path: string): Promise<string | null> {
    const sha = head.paths.get(path);
    if (!sha) return null;
    const res = await count(octokit.rest.git.getBlob({ owner, repo, file_sha: sha }));
    return Buffer.from(res.data.content, (res.data.encoding as BufferEncoding) || 'base64').toString('utf8');
  }

  return {
    async read() {
      try {
        const head = await readHead();
        const state = head ? await blob(head, STATE_PATH) : null;
        // The runs not yet folded into the rows are in the newest hour files: read them too.
        const hours = new Map<string, string | null>();
        for (const p of pathsToRead([], state, head?.paths)) hours.set(p, head ? await blob(head, p) : null);
        cached = { head, state, hours };
        const { states, damaged, warnings } = branchStates(state, hours);
        return {
          states,
          warnings: [
            ...(damaged > 0 ? [`History: ${damaged} damaged line(s) in ${STATE_PATH} skipped.`] : []),
            ...warnings,
          ],
        };
      } catch (err) {
        return {
          states: new Map(),
          warnings: [historyWarning(err, full, branch).replace('not written', 'not read')],
        };
      }
    },

    async write(records: HistoryRecord[], options: PlanOptions): Promise<WriteResult> {
      let plan: WriteResult['plan'] = null;
      const warnings: string[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        try {
          const head = attempt === 1 && cached ? cached.head : await readHead();
          if (head?.truncated) warnings.push(`History: the ${branch} tree listing was truncated by GitHub.`);
          const fromRead = attempt === 1 && cached ? cached : null;
          const branchFiles: BranchFiles = {
            paths: head?.paths ?? new Map(),
            state: fromRead ? fromRead.state : head ? await blob(head, STATE_PATH) : null,
            hours: new Map(),
          };
          for (const p of pathsToRead(records, branchFiles.state, branchFiles.paths))
            branchFiles.hours.set(
              p,
              fromRead?.hours.has(p) ? fromRead.hours.get(p)! : head ? await blob(head, p) : null,
            );
          plan = planWrite(branchFiles, records, options);
          if (attempt === 1) warnings.push(...plan.warnings);
          if (plan.files.size === 0 || plan.outcomes.every((o) => o !== 'added'))
            return { plan, written: false, warnings, where: null, requests, attempts: attempt };
          const tree = await count(
            octokit.rest.git.createTree({
              owner,
              repo,
              ...(head ? { base_tree: head.tree } : {}),
              tree: [...plan.files].map(([path, content]) =>
                content === null
                  ? { path, mode: '100644' as const, type: 'blob' as const, sha: null }
                  : { path, mode: '100644' as const, type: 'blob' as const, content },
              ),
            }),
          );
          const added = plan.outcomes.filter((o) => o === 'added').length;
          const commit = await count(
            octokit.rest.git.createCommit({
              owner,
              repo,
              message: `llm-heartbeat: ${added} record(s) of the run at ${records[0]?.t ?? 'unknown'}`,
              tree: tree.data.sha,
              parents: head ? [head.commit] : [],
            }),
          );
          try {
            if (head)
              await count(
                octokit.rest.git.updateRef({
                  owner,
                  repo,
                  ref: `heads/${branch}`,
                  sha: commit.data.sha,
                  force: false,
                }),
              );
            else
              await count(
                octokit.rest.git.createRef({
                  owner,
                  repo,
                  ref: `refs/heads/${branch}`,
                  sha: commit.data.sha,
                }),
              );
          } catch (err) {
            // Another run moved (or made) the branch first: read its head and apply the records again.
            const status = statusOf(err);
            if ((status === 422 || status === 409) && attempt < MAX_ATTEMPTS) continue;
            throw err;
          }
          return { plan, written: true, warnings, where: commit.data.html_url, requests, attempts: attempt };
        } catch (err) {
          warnings.push(historyWarning(err, full, branch));
          return { plan, written: false, warnings, where: null, requests, attempts: attempt };
        }
      }
      warnings.push(`History not written: the ${branch} branch kept moving (${MAX_ATTEMPTS} attempts).`);
      return { plan, written: false, warnings, where: null, requests, attempts: MAX_ATTEMPTS };
    },
  };
}
