import { constants } from 'node:fs';
import { access, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Config, parseConfig } from '../config/index.js';
import { ConfigError, UsageError } from '../errors.js';
import { probeRun, writeReportFile } from '../pipeline.js';
import { busyNote } from '../probe/loop-delay.js';
import type { Report } from '../report/model.js';
import { resolveLocation } from '../runner-env.js';
import { inertJson, inertLogText } from '../text/log.js';
import { VERSION } from '../version.js';
import { helpText, parseCliArgs } from './args.js';
import { renderTable } from './table.js';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal: the progress line and colours are for people only. */
  isTTY: boolean;
  cwd: string;
}

/** Why a report could not be written at `file`, or null when it can: its folder is made if missing. */
async function reportFileProblem(file: string): Promise<string | null> {
  try {
    if ((await stat(file).catch(() => null))?.isDirectory()) return 'it is a folder';
    await mkdir(path.dirname(file), { recursive: true });
    await access(path.dirname(file), constants.W_OK);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOTDIR' || code === 'EEXIST'
      ? 'a file stands where its folder should be'
      : (code ?? (err as Error).message);
  }
}

/**
 * `llm-heartbeat …` on a laptop: the same config, checks, categories and verdict as the action,
 * a table (or --json) instead of a job summary. Returns the exit code: 0, 1 when the status reaches
 * fail-on, 2 for bad flags or input.
 */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
): Promise<number> {
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`llm-heartbeat: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (options.help) {
    io.stdout(`${helpText()}\n`);
    return 0;
  }
  if (options.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }

  let targets = '';
  if (options.targetsFile !== null) {
    try {
      targets = await readFile(path.resolve(io.cwd, options.targetsFile), 'utf8');
    } catch (err) {
      io.stderr(
        `llm-heartbeat: Flag --targets is ${JSON.stringify(options.targetsFile)}: expected a readable YAML file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).\n`,
      );
      return 2;
    }
  }
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(
      {
        ...options.inputs,
        targets,
        'api-key': env[options.apiKeyEnv] ?? '',
        'pushgateway-password': env.PUSHGATEWAY_PASSWORD ?? '',
        'pushgateway-token': env.PUSHGATEWAY_TOKEN ?? '',
        'tracking-issue': 'false',
        'report-file': options.inputs['report-file'] || 'unused',
      },
      env,
      {
        // On the command line the inputs are flags, and the single target's key comes from $apiKeyEnv.
        naming: {
          input: (name) => `Flag --${name}`,
          missingKey: {
            subject: `No key in $${options.apiKeyEnv}`,
            remedy: 'set it, or name another variable with --api-key-env',
          },
        },
      },
    );
  } catch (err) {
    if (err instanceof ConfigError) {
      io.stderr(`llm-heartbeat: ${err.message.replace(/\n/g, '\nllm-heartbeat: ')}\n`);
      return 2;
    }
    throw err;
  }
  if (config.mode === 'aggregate') {
    io.stderr('llm-heartbeat: Flag --mode aggregate is for the action; on the command line, probe.\n');
    return 2;
  }

  // The report file is checked before the first request: a burst must not run only to be lost.
  const reportFile = options.inputs['report-file']
    ? path.resolve(io.cwd, options.inputs['report-file'])
    : null;
  if (reportFile !== null) {
    const problem = await reportFileProblem(reportFile);
    if (problem !== null) {
      io.stderr(
        `llm-heartbeat: Flag --report-file is ${JSON.stringify(options.inputs['report-file'])}: expected a file that can be written (${problem}).\n`,
      );
      return 2;
    }
  }

  const total = config.targets.length * config.checks;
  let done = 0;
  let failed = 0;
  const progress = (final = false) => {
    if (!io.isTTY || options.json) return;
    io.stderr(`\r${done}/${total} checks · ${done - failed} ok · ${failed} failed${final ? '\n' : ''}`);
  };
  progress();
  const probed = await probeRun(config, {
    env,
    version: VERSION,
    location: resolveLocation(config.location, env, 'cli'),
    onResult: (_target, result) => {
      done++;
      if (result.category !== 'ok') failed++;
      progress();
    },
  });
  progress(true);
  let report = probed;
  let historyLines: string[] = [];
  if (options.historyDir !== null) {
    const [{ localHistory }, history] = await Promise.all([
      import('../history/local.js'),
      import('../history/run.js'),
    ]);
    const dir = path.resolve(io.cwd, options.historyDir);
    const opened = await history.openHistory(localHistory(dir));
    const judged = history.judgeWithHistory(probed, opened, config.history);
    report = judged.report;
    const recorded = await history.recordHistory(report, opened, judged.changes, {
      config: config.history,
      now: new Date(),
      title: 'llm-heartbeat status',
      repositoryUrl: null,
      rawBase: null,
    });
    const { historyLine } = await import('../history/summary.js');
    historyLines = [
      ...[...recorded.histories].map(([name, h]) => `${name}: ${historyLine(h)}`),
      ...judged.changes.map(
        (c) =>
          `${c.target}: ${(c.from.model ?? '') !== (c.to.model ?? '') ? 'model' : 'fingerprint'} changed since the previous run`,
      ),
      ...[...opened.warnings, ...recorded.result.warnings].map((w) => `warning: ${w}`),
      `status page: ${path.join(dir, 'index.html')}`,
    ];
  } else report = history0(probed, config);

  if (reportFile !== null) {
    try {
      await writeReportFile(report, reportFile);
      if (!options.json) io.stderr(`report: ${reportFile}\n`);
    } catch (err) {
      io.stderr(
        `llm-heartbeat: the report could not be written to ${reportFile}: ${(err as Error).message}\n`,
      );
      return 2;
    }
  }
  const color = options.color === 'auto' && io.isTTY && !env.NO_COLOR;
  // Server text is in both: inert for a runner that may be reading (colours mean a person at a terminal).
  const table = renderTable(report, color);
  io.stdout(
    options.json
      ? `${inertJson(JSON.stringify(report, null, 2))}\n`
      : `${color ? table : inertLogText(table)}\n`,
  );
  if (historyLines.length > 0 && !options.json) io.stdout(`${inertLogText(historyLines.join('\n'))}\n`);
  const busy = busyNote(report.loopDelay);
  if (busy !== null && !options.json) io.stderr(`llm-heartbeat: warning: ${busy}\n`);
  return report.failed ? 1 : 0;
}

/** Without a history folder, regression limits cannot be judged: the report says so. */
function history0(report: Report, config: Config): Report {
  if (config.history.maxLatencyRegression === null && config.history.maxTtftRegression === null)
    return report;
  const note = 'max-latency-regression and max-ttft-regression need --history-dir';
  return {
    ...report,
    targets: report.targets.map((t) => ({
      ...t,
      verdict: { ...t.verdict, notes: [...t.verdict.notes, note] },
    })),
  };
}
