/**
 * `npm run demo`: the action's main job on a built-in example, no key and no network.
 * Starts the fake provider (a healthy model, a flaky one with 429s and 5xx, a slow one, and one target
 * of each other kind: tool calls, structured output that drifts, embeddings, the Responses API) on
 * 127.0.0.1, runs the committed bundle against it as the runner would, and prints the job summary.
 */
import { copyFile, mkdir } from 'node:fs/promises';
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
} finally {
  await provider.close();
}
