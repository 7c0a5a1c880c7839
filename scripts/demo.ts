/**
 * `npm run demo`: the action's main job on a built-in example, no key and no network.
 * Starts the fake provider (a healthy model, a flaky one with 429s and 5xx, a slow one, and one target
 * of each other kind: tool calls, structured output that drifts, embeddings, the Responses API) on
 * 127.0.0.1, runs the committed bundle against it as the runner would, and prints the job summary.
 */
import './ts-resolve.ts';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_SCRIPT, startFakeProvider } from '../test/support/fake-provider.ts';
import { ROOT, runAction } from '../test/support/run-action.ts';

const provider = await startFakeProvider(DEMO_SCRIPT);
const targets = `
- name: GPT-4o mini
  model: gpt-4o-mini
- name: Llama 3.1 8B (flaky)
  model: llama-3.1-8b-flaky
- name: Claude (slow)
  model: claude-slow
  max-ttft: 2000
- name: Tool calls
  model: gpt-4.1-mini
  kind: tools
  max-tokens: 64
- name: Structured output (drifting)
  model: mistral-small-json
  kind: json
  max-tokens: 64
- name: Embeddings
  model: text-embedding-3-small
  kind: embeddings
  embedding-dimensions: 1536
- name: Responses API
  model: gpt-4.1-mini
  kind: responses
`;
console.log(`Fake provider on ${provider.url}; running dist/index.js against it (7 targets × 10 checks)…\n`);
try {
  const run = await runAction({
    inputs: {
      'base-url': provider.url,
      targets,
      checks: '10',
      interval: '0.5',
      concurrency: '4',
      'max-latency': '4000',
      'tracking-issue': 'false',
    },
  });
  const reportDir = path.join(ROOT, '.demo');
  await mkdir(reportDir, { recursive: true });
  const reportFile = path.join(reportDir, 'llm-heartbeat-report.json');
  await copyFile(run.outputs['report-file'] ?? '', reportFile);
  const checkLines = run.stdout.split('\n').filter((line) => line.startsWith('{')).length;

  console.log('──────── job summary (GITHUB_STEP_SUMMARY) ────────\n');
  console.log(run.summary);
  console.log('──────── outputs (GITHUB_OUTPUT) ────────');
  for (const [name, value] of Object.entries(run.outputs)) console.log(`${name.padEnd(18)} ${value}`);
  console.log(
    `\n${checkLines} JSON lines went to stdout (one per check); ${provider.requests.length} requests reached the provider.`,
  );
  console.log(
    `The step exited with code ${run.exitCode} after ${(run.durationMs / 1000).toFixed(1)} s (fail-on: degraded).`,
  );
  console.log(`Report: ${path.relative(process.cwd(), reportFile)}`);
  await replayHistory(path.join(reportDir, 'history'), JSON.parse(await readFile(reportFile, 'utf8')));
} finally {
  await provider.close();
}

/**
 * History: a scripted past (three days every 30 minutes: an outage, a slow afternoon, a new
 * fingerprint) replayed into a local data folder, as --history-dir keeps it, then this run on top.
 */
async function replayHistory(dir: string, report: import('../src/report/model.ts').Report): Promise<void> {
  const { localHistory } = await import('../src/history/local.ts');
  const { openHistory, recordHistory, judgeWithHistory } = await import('../src/history/run.ts');
  const { historyLine } = await import('../src/history/summary.ts');
  const { reportAt } = await import('../test/support/history.ts');
  await rm(dir, { recursive: true, force: true });
  const config = {
    enabled: true,
    branch: 'local',
    slo: 99.5,
    maxLatencyRegression: 100,
    maxTtftRegression: null,
  };
  const now = Date.parse(report.startedAt);
  const write = async (r: typeof report, at: number) => {
    const opened = await openHistory(localHistory(dir));
    const judged = judgeWithHistory(r, opened, config);
    return recordHistory(judged.report, opened, judged.changes, {
      config,
      now: new Date(at),
      title: 'llm-heartbeat demo status',
      repositoryUrl: null,
      rawBase: null,
    });
  };
  const names = report.targets.map((t) => t.name);
  for (let t = now - 3 * 86_400_000; t < now - 60_000; t += 30 * 60_000) {
    const hoursAgo = (now - t) / 3_600_000;
    const runs = names.map(
      (name, i) =>
        reportAt(
          t,
          {
            name,
            ok: i === 1 && hoursAgo > 20 && hoursAgo < 22 ? 0 : 10,
            latencyMs: (i === 2 ? 1500 : 400) * (hoursAgo > 40 && hoursAgo < 44 ? 2.5 : 1),
            fingerprint: hoursAgo < 30 ? 'fp_b' : 'fp_a',
          },
          { targets: '' },
        ).targets[0]!,
    );
    await write({ ...report, startedAt: new Date(t).toISOString(), location: 'demo', targets: runs }, t);
  }
  const last = await write(report, Date.now());
  console.log('\n──────── history (a scripted past of 3 days, then this run) ────────');
  for (const [name, h] of last.histories) console.log(`${name}: ${historyLine(h)}`);
  console.log(
    `Status page: ${path.relative(process.cwd(), path.join(dir, 'index.html'))} (open it in a browser)`,
  );
}
