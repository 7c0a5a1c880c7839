import type { RunInfo } from './report/model.js';

/** What the GitHub runner's environment says about where and in which run this is. */

/**
 * Where this probe runs. A self-hosted runner's name is stable; a GitHub-hosted runner's name
 * changes every run ("GitHub Actions 17"), so those are named by OS and architecture instead,
 * which keeps metric groups and aggregation keys stable. The location input overrides both.
 */
export function locationFromEnv(env: Record<string, string | undefined>): string | null {
  if (env.RUNNER_ENVIRONMENT === 'github-hosted') {
    return ['github-hosted', env.RUNNER_OS, env.RUNNER_ARCH].filter(Boolean).join(' ');
  }
  const parts = [env.RUNNER_NAME, env.RUNNER_OS && `(${env.RUNNER_OS})`].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : null;
}

export function runInfoFromEnv(env: Record<string, string | undefined>): RunInfo {
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const repository = env.GITHUB_REPOSITORY ?? null;
  const runId = env.GITHUB_RUN_ID ?? null;
  return {
    repository,
    workflow: env.GITHUB_WORKFLOW ?? null,
    runId,
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? null,
    url: repository && runId ? `${server}/${repository}/actions/runs/${runId}` : null,
    sha: env.GITHUB_SHA ?? null,
    ref: env.GITHUB_REF ?? null,
  };
}

/**
 * Where this run is, decided once per run: the location input, else what the runner says, else the
 * face's own fallback (`cli` on the command line; none in the action outside GitHub Actions).
 */
export function resolveLocation(
  configured: string | null,
  env: Record<string, string | undefined>,
  fallback: string | null = null,
): string | null {
  return configured ?? locationFromEnv(env) ?? fallback;
}
