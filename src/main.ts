import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as core from '@actions/core';
import { type Config, ConfigError, INPUT_NAMES, parseConfig, type RawInputs } from './config.js';
import { runBursts } from './probe/burst.js';
import { createClient, runCheck } from './probe/check.js';
import { buildReport, checkLine, type Report, runInfoFromEnv } from './report/json.js';
import { probeOutputs } from './report/outputs.js';
import { renderSummary } from './report/summary.js';
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

/** Where the runner is: recorded in the report so a matrix of runners can be told apart. */
export function locationFromEnv(env: Record<string, string | undefined>): string | null {
  const parts = [env.RUNNER_NAME, env.RUNNER_OS && `(${env.RUNNER_OS})`].filter(Boolean);
  return parts.length > 0 ? parts.join(' ') : null;
}

function maskSecrets(actions: Core, config: Config): void {
  for (const target of config.targets) if (target.apiKey) actions.setSecret(target.apiKey);
  if (config.tracking.token) actions.setSecret(config.tracking.token);
}

/** Sends every target's burst, printing one JSON line per check as it lands. */
export async function probe(config: Config, actions: Pick<Core, 'info'>, fetchImpl?: typeof fetch) {
  const clients = new Map(config.targets.map((t) => [t, createClient(t, fetchImpl)]));
  const settings = {
    stream: config.stream,
    timeoutMs: config.timeoutMs,
    idleTimeoutMs: config.idleTimeoutMs,
  };
  return runBursts(
    config.targets,
    { checks: config.checks, intervalMs: config.intervalMs, concurrency: config.concurrency },
    (target, index, delay) => runCheck(clients.get(target)!, target, settings, index, delay),
    (target, result) => actions.info(checkLine(target.name, target.model, result)),
  );
}

async function writeReport(report: Report, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
}

function failureReasons(report: Report): string {
  const lines = report.targets
    .filter((t) => t.status !== 'up')
    .flatMap((t) => t.verdict.breaches.map((b) => `${t.name}: ${b.text}`));
  return `llm-heartbeat: ${report.status} (fail-on: ${report.settings.failOn})\n${lines.join('\n')}`;
}

/**
 * The whole job: inputs -> burst -> stats -> verdict -> report -> exit. The one place that decides
 * the exit code. Faults after the verdict (report file, summary) are warnings: nothing else is lost.
 */
export async function run(deps: Dependencies = { core, env: process.env }): Promise<Report | undefined> {
  const actions = deps.core;
  try {
    const config = parseConfig(readInputs(actions), deps.env);
    maskSecrets(actions, config);

    const startedAt = new Date();
    const checks = await probe(config, actions, deps.fetch);
    const report = buildReport(config, checks, {
      startedAt,
      finishedAt: new Date(),
      version: VERSION,
      location: locationFromEnv(deps.env),
      run: runInfoFromEnv(deps.env),
    });

    const reportPath = path.resolve(deps.env.GITHUB_WORKSPACE ?? process.cwd(), config.reportFile);
    try {
      await writeReport(report, reportPath);
    } catch (err) {
      actions.warning(`Could not write the report to ${reportPath}: ${(err as Error).message}`);
    }

    for (const [name, value] of Object.entries(probeOutputs(report, reportPath)))
      actions.setOutput(name, value);

    const summary = renderSummary(report);
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
    if (err instanceof ConfigError) actions.setFailed(err.message);
    else
      actions.setFailed(
        `llm-heartbeat stopped on an unexpected error: ${(err as Error)?.stack ?? String(err)}`,
      );
    return undefined;
  }
}
