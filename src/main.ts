import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { parseConfig } from './config/index.js';
import type { Config } from './config/types.js';
import { UserError } from './errors.js';
import { INPUT_NAMES, type RawInputs } from './inputs.js';
import { probeRun, writeReportFile } from './pipeline.js';
import { busyNote } from './probe/loop-delay.js';
import { withTracking } from './report/build.js';
import { checkLine } from './report/log-line.js';
import { escapeInline } from './report/markdown.js';
import type { Report } from './report/model.js';
import { probeOutputs } from './report/outputs.js';
import { locationsSection, renderSummary, trackingSection } from './report/summary.js';
import { resolveLocation, runInfoFromEnv } from './runner-env.js';
import { configSecrets, maskedSecrets } from './secrets.js';
import { inertLogText } from './text/log.js';
// The tracker (Octokit), the Pushgateway push, history, notifications and aggregate mode are imported
// where they run: most runs use few of them, and each is a chunk file beside dist/index.js that a run
// without it never parses (scripts/bundle.ts writes one licenses.txt for them all).
import type { TrackerResult } from './tracker/github.js';
import { VERSION } from './version.js';

/** The parts of @actions/core the run uses: tests and the CLI hand in their own. */
export type Core = Pick<
  typeof core,
  'getInput' | 'setSecret' | 'setOutput' | 'setFailed' | 'info' | 'warning' | 'notice' | 'summary'
>;

export interface Dependencies {
  core: Core;
  env: Record<string, string | undefined>;
  /** The fetch the OpenAI clients use; the global one unless a test hands in another. */
  fetch?: typeof fetch;
}

function readInputs(actions: Core): RawInputs {
  return Object.fromEntries(INPUT_NAMES.map((name) => [name, actions.getInput(name)])) as RawInputs;
}

/** Every secret the run holds, so the runner masks it wherever it would appear in the log. */
function maskSecrets(actions: Core, config: Config): void {
  for (const secret of maskedSecrets(config)) actions.setSecret(secret);
}

/** Aggregate mode: the reports of a matrix of probe jobs, merged into one verdict per target. */
async function aggregateReport(config: Config, deps: Dependencies): Promise<Report> {
  const [{ aggregateReports }, { readReports }] = await Promise.all([
    import('./aggregate.js'),
    import('./report/read.js'),
  ]);
  const workspace = deps.env.GITHUB_WORKSPACE ?? process.cwd();
  const files = await readReports(config.reportsGlob, workspace);
  return aggregateReports(files, {
    minFailingLocations: config.minFailingLocations,
    failOn: config.failOn,
    pattern: config.reportsGlob,
    run: runInfoFromEnv(deps.env),
  });
}

/** One metrics group per target to the Pushgateway; a failed push is a warning, nothing more. */
async function pushMetrics(
  config: Config,
  report: Report,
  location: string | null,
  deps: Dependencies,
): Promise<void> {
  if (!config.pushgateway) return;
  const { pushReportMetrics } = await import('./metrics/pushgateway.js');
  const pushes = await pushReportMetrics(report, {
    url: config.pushgateway.url,
    job: config.pushgateway.job,
    location: location ?? 'unknown',
    auth: config.pushgateway.auth,
  });
  const failed = pushes.filter((p) => !p.result.ok);
  for (const { target, result } of failed)
    deps.core.warning(`Metrics of ${target} not pushed: ${result.error}`);
  if (failed.length < pushes.length)
    deps.core.info(`Metrics pushed for ${pushes.length - failed.length} target(s).`);
}

/**
 * Opens, updates or closes the targets' tracking issues. Null when the tracker does not run:
 * tracking-issue false makes no GitHub call at all, and without a token or a repository (a local run,
 * the demo) it says so in one line and skips. Never throws: GitHub faults come back as warnings.
 */
async function trackIssues(
  config: Config,
  report: Report,
  deps: Dependencies,
): Promise<TrackerResult | null> {
  if (!config.tracking.enabled) return null;
  const repository = /^([^/\s]+)\/([^/\s]+)$/.exec(deps.env.GITHUB_REPOSITORY ?? '');
  const missing = !config.tracking.token
    ? 'github-token is empty'
    : !repository
      ? 'GITHUB_REPOSITORY is not set to owner/repo (not running in GitHub Actions)'
      : null;
  if (missing || !repository) {
    deps.core.info(`Tracking issues skipped: ${missing}.`);
    return null;
  }
  try {
    const [{ trackOutages }, { createGitHubClient }] = await Promise.all([
      import('./tracker/github.js'),
      import('./tracker/octokit.js'),
    ]);
    const octokit = createGitHubClient(config.tracking.token, {
      baseUrl: deps.env.GITHUB_API_URL || 'https://api.github.com',
      log: (message) => deps.core.info(message),
    });
    return await trackOutages(octokit, {
      report,
      tracking: config.tracking,
      repository: { owner: repository[1]!, repo: repository[2]! },
      now: new Date(),
      reminderHours: config.notify.reminderHours,
    });
  } catch (err) {
    return {
      outcomes: [],
      warnings: [`Tracking issues failed unexpectedly: ${(err as Error)?.message ?? err}`],
    };
  }
}

/** The repository the run belongs to, from GITHUB_REPOSITORY; null outside GitHub Actions. */
function repositoryOf(env: Dependencies['env']): { owner: string; repo: string } | null {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(env.GITHUB_REPOSITORY ?? '');
  return m ? { owner: m[1]!, repo: m[2]! } : null;
}

/**
 * Marks each target in a maintenance window: the maintenance input's windows, and open issues labelled
 * maintenance when there is a token and a repository. A GitHub fault is a warning.
 */
async function markMaintenance(
  config: Config,
  report: Report,
  deps: Dependencies,
  now: Date,
): Promise<Report> {
  if (config.mode !== 'probe') return report;
  const { marksFor, withMaintenance, issueWindows } = await import('./maintenance/resolve.js');
  let fromIssues: Awaited<ReturnType<typeof issueWindows>> = [];
  const repository = repositoryOf(deps.env);
  // Issues are read only where the tracker or the notifications run: otherwise no GitHub call at all.
  const notifies = [
    config.notify.slack,
    config.notify.discord,
    config.notify.teams,
    config.notify.webhook,
  ].some((url) => url !== null);
  if ((config.tracking.enabled || notifies) && config.tracking.token && repository) {
    try {
      const { createGitHubClient } = await import('./tracker/octokit.js');
      const octokit = createGitHubClient(config.tracking.token, {
        baseUrl: deps.env.GITHUB_API_URL || 'https://api.github.com',
        log: (message) => deps.core.info(message),
      });
      fromIssues = await issueWindows(octokit, repository);
    } catch (err) {
      deps.core.warning(
        `Maintenance issues (labelled "maintenance") not read: ${(err as Error)?.message ?? err}; the maintenance input's windows still apply.`,
      );
    }
  }
  const marks = marksFor(
    config,
    report.targets.map((t) => t.name),
    fromIssues,
    now,
  );
  for (const [name, mark] of marks)
    deps.core.info(`🔧 ${name} is in a maintenance window until ${mark.end}: no issue, no notification.`);
  return withMaintenance(report, marks);
}

/** The cron of a scheduled run, from the event payload; null for other events or when unreadable. */
async function scheduleFromEvent(env: Dependencies['env']): Promise<string | null> {
  if (env.GITHUB_EVENT_NAME !== 'schedule' || !env.GITHUB_EVENT_PATH) return null;
  try {
    const { scheduleOf } = await import('./cost/summary.js');
    return scheduleOf(JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')));
  } catch {
    return null;
  }
}

/** The notifications this run sent, one line each. */
function notificationsSection(report: Report): string {
  if (!report.notifications?.length) return '';
  return ['### Notifications', ...report.notifications.map((line) => `- 📣 ${escapeInline(line, 300)}`)].join(
    '\n',
  );
}

/**
 * tracking-issue false with a channel set: the tracker's transitions without its issues, from the
 * outages kept in the state issue (needs the token and issues write, as the README says).
 */
async function untracked(config: Config, report: Report, deps: Dependencies) {
  const repository = repositoryOf(deps.env);
  if (config.tracking.enabled || !config.tracking.token || !repository) {
    deps.core.info('Notifications skipped: they need github-token and a repository to keep outages in.');
    return [];
  }
  const [{ untrackedTransitions }, { createGitHubClient }] = await Promise.all([
    import('./notify/untracked.js'),
    import('./tracker/octokit.js'),
  ]);
  const octokit = createGitHubClient(config.tracking.token, {
    baseUrl: deps.env.GITHUB_API_URL || 'https://api.github.com',
    log: (message) => deps.core.info(message),
  });
  const result = await untrackedTransitions(octokit, {
    report,
    tracking: config.tracking,
    repository,
    now: new Date(),
    reminderHours: config.notify.reminderHours,
  });
  for (const warning of result.warnings) deps.core.warning(warning);
  return result.transitions;
}

/** Tells the tracker's transitions to the configured channels; faults are warnings. */
async function notify(
  config: Config,
  report: Report,
  tracked: TrackerResult | null,
  deps: Dependencies,
): Promise<Report> {
  const { channelsOf, sendNotifications } = await import('./notify/index.js');
  if (channelsOf(config.notify).length === 0) return report;
  const transitions = tracked ? (tracked.transitions ?? []) : await untracked(config, report, deps);
  if (transitions.length === 0) return report;
  try {
    const result = await sendNotifications({
      notify: config.notify,
      report,
      transitions,
      version: VERSION,
      secrets: configSecrets(config),
    });
    for (const line of result.sent) deps.core.info(line);
    for (const warning of result.warnings) deps.core.warning(warning);
    return { ...report, notifications: result.sent };
  } catch (err) {
    deps.core.warning(`Notifications failed unexpectedly: ${(err as Error)?.message ?? err}`);
    return report;
  }
}

/**
 * History's backend, the data branch: null when history is off; without a token or a repository, one
 * warning naming the permission it needs.
 */
async function historyBackend(config: Config, deps: Dependencies) {
  if (!config.history.enabled) return null;
  const repository = /^([^/\s]+)\/([^/\s]+)$/.exec(deps.env.GITHUB_REPOSITORY ?? '');
  if (!config.tracking.token || !repository) {
    deps.core.warning(
      `History skipped: ${!config.tracking.token ? 'github-token is empty' : 'GITHUB_REPOSITORY is not set to owner/repo'}. ` +
        'history: true needs a token that may write the repository: give the job `permissions: contents: write` and keep github-token at its default.',
    );
    return null;
  }
  const [{ githubHistory }, { createGitHubClient }, history] = await Promise.all([
    import('./history/github.js'),
    import('./tracker/octokit.js'),
    import('./history/run.js'),
  ]);
  const octokit = createGitHubClient(config.tracking.token, {
    baseUrl: deps.env.GITHUB_API_URL || 'https://api.github.com',
    log: (message) => deps.core.info(message),
  });
  const owner = repository[1]!;
  const repo = repository[2]!;
  const server = (deps.env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '');
  return {
    history,
    opened: await history.openHistory(githubHistory(octokit, { owner, repo }, config.history.branch)),
    title: `${owner}/${repo} status`,
    repositoryUrl: `${server}/${owner}/${repo}`,
    rawBase:
      server === 'https://github.com'
        ? `https://raw.githubusercontent.com/${owner}/${repo}/${config.history.branch}`
        : null,
  };
}

/**
 * The runner parses the log for workflow commands: every plain line the action prints goes out inert.
 * (warning, notice and setFailed are commands themselves; @actions/core escapes their line breaks.)
 */
function inertInfo(actions: Core): Core {
  return { ...actions, info: (message: string) => actions.info(inertLogText(message)) };
}

function failureReasons(report: Report): string {
  const lines = report.targets
    .filter((t) => t.status !== 'up')
    .flatMap((t) => t.verdict.breaches.map((b) => `${t.name}: ${b.text}`));
  return `llm-heartbeat: ${report.status} (fail-on: ${report.settings.failOn})\n${lines.join('\n')}`;
}

/**
 * The whole job: inputs -> burst -> stats -> verdict -> tracking issues -> report -> exit. The one place
 * that decides the exit code. Faults after the verdict (GitHub, report file, summary) are warnings:
 * nothing else is lost, and the exit follows the verdict alone.
 */
export async function run(deps: Dependencies = { core, env: process.env }): Promise<Report | undefined> {
  const actions = inertInfo(deps.core);
  deps = { ...deps, core: actions };
  try {
    const config = parseConfig(readInputs(actions), deps.env);
    maskSecrets(actions, config);

    if (config.maxTokensPerDay !== null)
      actions.notice(
        `max-tokens-per-day (${config.maxTokensPerDay}) is not applied: the day's token count comes from history, which this workflow does not keep yet.`,
      );
    const location = resolveLocation(config.location, deps.env);
    const probed =
      config.mode === 'aggregate'
        ? await aggregateReport(config, deps)
        : await probeRun(config, {
            env: deps.env,
            version: VERSION,
            location,
            // One JSON line per check on stdout, as it lands.
            onResult: (target, result) => deps.core.info(checkLine(target.name, target.model, result)),
            fetch: deps.fetch,
          });
    const busy = busyNote(probed.loopDelay);
    if (busy !== null) deps.core.warning(`The timings may read high: ${busy}.`);
    // Judged against each target's own past before the tracker, so a regression can open an issue.
    const history = await historyBackend(config, deps).catch((err: unknown) => {
      actions.warning(`History skipped: ${(err as Error)?.message ?? err}`);
      return null;
    });
    const { judgeWithHistory } = await import('./history/run.js');
    const judged = judgeWithHistory(probed, history?.opened ?? null, config.history);
    const marked = await markMaintenance(config, judged.report, deps, new Date());
    // Before the report, outputs and summary are written, so they carry each target's issue.
    const tracked = await trackIssues(config, marked, deps);
    const withIssues = tracked ? withTracking(marked, tracked) : marked;
    for (const warning of withIssues.trackerWarnings) actions.warning(warning);
    const report = await notify(config, withIssues, tracked, deps);
    await pushMetrics(config, report, location, deps);

    const reportPath = path.resolve(deps.env.GITHUB_WORKSPACE ?? process.cwd(), config.reportFile);
    try {
      await writeReportFile(report, reportPath);
    } catch (err) {
      actions.warning(`Could not write the report to ${reportPath}: ${(err as Error).message}`);
    }

    // One commit on the data branch; a failed write is a warning and the figures still show.
    const recorded = history
      ? await history.history
          .recordHistory(report, history.opened, judged.changes, {
            config: config.history,
            now: new Date(),
            title: history.title,
            repositoryUrl: history.repositoryUrl,
            rawBase: history.rawBase,
          })
          .catch((err: unknown) => {
            actions.warning(`History not written: ${(err as Error)?.message ?? err}`);
            return null;
          })
      : null;
    if (recorded) {
      for (const w of [...history!.opened.warnings, ...recorded.result.warnings]) actions.warning(w);
      if (recorded.result.written)
        actions.info(
          `History: ${recorded.result.where} (${recorded.result.requests} GitHub requests, ${recorded.result.attempts} attempt(s)).`,
        );
    }

    for (const [name, value] of Object.entries(probeOutputs(report, reportPath, recorded?.outputs ?? null)))
      actions.setOutput(name, value);

    const { costLine } = await import('./cost/summary.js');
    const summary = renderSummary(
      report,
      [
        costLine(report, await scheduleFromEvent(deps.env)),
        locationsSection(report),
        recorded?.section ?? '',
        trackingSection(report),
        notificationsSection(report),
      ].filter((block) => block !== ''),
    );
    try {
      await actions.summary.addRaw(summary).write();
    } catch (err) {
      actions.warning(`Could not write the job summary: ${(err as Error).message}`);
      actions.info(summary);
    }

    if (report.failed) actions.setFailed(failureReasons(report));
    else actions.info(`llm-heartbeat: ${report.status}`);
    return report;
  } catch (err) {
    if (err instanceof UserError) actions.setFailed(err.message);
    else
      actions.setFailed(
        `llm-heartbeat stopped on an unexpected error: ${(err as Error)?.stack ?? String(err)}`,
      );
    return undefined;
  }
}
