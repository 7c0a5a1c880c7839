// Runs of the tracker against the GitHub stand-in: reports of targets up or down, each with its own run
// id, and the tracking settings the tests start from.
import { parseConfig, type TrackingConfig } from '../../src/config/index.js';
import { judgeRun } from '../../src/pipeline.js';
import type { CheckResult } from '../../src/probe/result.js';
import type { Report } from '../../src/report/model.js';
import { runInfoFromEnv } from '../../src/runner-env.js';
import { type TrackerResult, trackOutages } from '../../src/tracker/github.js';
import type { FakeGitHub } from './fake-github.js';
import { check } from './fixtures.js';
import { testGitHubClient } from './github-client.js';

export const DOWN = (): CheckResult[] => [0, 1, 2].map((index) => check('server_error', 100, { index }));
export const UP = (): CheckResult[] => [0, 1, 2].map((index) => check('ok', 200, { index }));

let runNumber = 7000;

/** A report of one run (a new run id each time): each named target up or down. */
export function reportOf(targets: Record<string, CheckResult[]>, workflow = 'heartbeat'): Report {
  const yaml = Object.keys(targets)
    .map((name) => `- name: ${JSON.stringify(name)}\n  model: gpt-4o-mini`)
    .join('\n');
  const config = parseConfig({ targets: yaml, 'base-url': 'http://127.0.0.1:9/v1' });
  runNumber++;
  return judgeRun(config, Object.values(targets), {
    startedAt: new Date(),
    finishedAt: new Date(),
    version: 'test',
    location: null,
    run: runInfoFromEnv({
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_RUN_ID: String(runNumber),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_WORKFLOW: workflow,
    }),
  });
}

/** open-after and close-after 1 unless a test says otherwise, whatever the defaults are. */
export function trackingOf(extra: Partial<TrackingConfig> = {}): TrackingConfig {
  return {
    ...parseConfig({ model: 'm', 'base-url': 'http://127.0.0.1:9/v1', 'open-after': '1', 'close-after': '1' })
      .tracking,
    token: 't',
    ...extra,
  };
}

/** One run of the tracker, with its own client (as each workflow run has). */
export function trackOn(
  fake: FakeGitHub,
  report: Report,
  tracking = trackingOf(),
  now = new Date(),
  octokit = testGitHubClient(fake.url),
): Promise<TrackerResult> {
  return trackOutages(octokit, { report, tracking, repository: { owner: fake.owner, repo: fake.repo }, now });
}
