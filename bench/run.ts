/**
 * The benchmark phases behind `npm run bench`: how close the probe comes to the limit, each figure measured side by side
 * with its baseline in this one process run, against the fake provider on 127.0.0.1.
 *
 *   npm run bench                  the table on stdout, progress on stderr
 *   npm run -s bench -- --json     exactly one JSON object on stdout (-s keeps npm's banner off stdout)
 *   npm run bench -- --write       also rewrites BENCHMARKS.md (its hand-written notes are kept)
 *   npm run bench -- --only scale,error   only those phases, each figure on a line (for comparing variants)
 *   npm run bench -- --only kinds         the per-check overhead of each kind of check (not in the full table)
 *
 * The in-process comparisons run the product's own src/probe code; the others run the bundle,
 * dist/index.js, in a child process as the GitHub runner does (test/support/run-action.ts).
 */
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Kind, Target } from '../src/config/types.ts';
import type { CheckResult } from '../src/probe/result.ts';
import { type Behaviour, type FakeProvider, startFakeProvider } from '../test/support/fake-provider.ts';
import { actionDefaults, ROOT, runAction } from '../test/support/run-action.ts';
import {
  benchJson,
  type Figure,
  formatValue,
  type Machine,
  type Method,
  median,
  notesOf,
  percentile,
  renderMarkdown,
  renderTable,
} from './figures.ts';
import { runSeedLoop } from './seed-loop.ts';

// Imported dynamically: scripts/bench.ts puts the resolve hook in place first.
const { createClient, runCheck } = await import('../src/probe/check.ts');
const { burstOffsetMs, runTargetBurst } = await import('../src/probe/burst.ts');
const { parseConfig } = await import('../src/config/index.ts');
const { KINDS: KIND_NAMES } = await import('../src/config/types.ts');
const { TOOL_PARAMETERS } = await import('../src/probe/kinds/tools.ts');
const { ANSWER_SCHEMA } = await import('../src/probe/kinds/json.ts');

// ---- what is measured: every reply shape, count and repetition in one place ----

type OkReply = Extract<Behaviour, { kind: 'ok' }>;

/** The issue's reply: TTFT 300 ms, then 10 tokens 20 ms apart. */
const SLOW_START: OkReply = { kind: 'ok', ttftMs: 300, tokens: 10, tokenDelayMs: 20 };
/** Our second shape: a fast model streaming many small chunks, which stresses per-chunk work. */
const FAST_STREAM: OkReply = { kind: 'ok', ttftMs: 40, tokens: 60, tokenDelayMs: 3 };

const OVERHEAD = { reps: 5, pairs: 80, warmup: 20, reply: { kind: 'ok', tokens: 5 } as OkReply };
/** `--only kinds`: the same comparison for every kind of check, briefer. */
const KINDS_OVERHEAD = { reps: 3, pairs: 40, warmup: 10 };
const ERROR = {
  reps: 3,
  checks: 8,
  intervalS: 0.5,
  shapes: [
    { model: 'slow-start', label: 'TTFT 300 ms + 10 tokens 20 ms apart', reply: SLOW_START },
    { model: 'fast-stream', label: 'TTFT 40 ms + 60 tokens 3 ms apart', reply: FAST_STREAM },
  ],
};
const DRIFT = { reps: 3, checks: 100, intervalS: 0.05, reply: { kind: 'ok', tokens: 1 } as OkReply };
const SCALE = {
  reps: 3,
  targets: 100,
  checks: 20,
  intervalS: 0.25,
  concurrency: 1,
  reply: { kind: 'ok', ttftMs: 100, tokens: 10, tokenDelayMs: 10 } as OkReply,
};
const COLD = { runs: 10, reply: { kind: 'ok', tokens: 1 } as OkReply };
const SEED = { reps: 3, checks: 10, intervalS: 1, reply: SLOW_START };

/** The scale run's ideal: the last target's start (spread over the first interval), its checks, one reply. */
function scaleIdealMs(): number {
  const intervalMs = SCALE.intervalS * 1000;
  return (
    burstOffsetMs(SCALE.targets - 1, SCALE.targets, intervalMs) +
    (SCALE.checks - 1) * intervalMs +
    replyMs(SCALE.reply)
  );
}

/** Bytes of the chunk files beside dist/index.js (scripts/bundle.ts). */
function chunkBytes(): number {
  const dist = path.join(ROOT, 'dist');
  return readdirSync(dist)
    .filter((name) => /^\d+\.index\.js$/.test(name))
    .reduce((sum, name) => sum + statSync(path.join(dist, name)).size, 0);
}

/** How long a scripted reply takes on the server, from the request to the last token. */
function replyMs(reply: OkReply): number {
  return (reply.ttftMs ?? 0) + ((reply.tokens ?? 1) - 1) * (reply.tokenDelayMs ?? 0);
}

const METHODS: Method[] = [
  {
    title: 'Overhead',
    keys: ['overhead_ms_p50', 'overhead_ms_p99'],
    text: `the latency the action reports for a check (src/probe/check.ts \`runCheck\`, in this process, streaming as by default) minus the time of a raw \`node:http\` request (keep-alive agent) with the same body that reads the same streamed reply to its end (${OVERHEAD.reply.tokens} chunks, no TTFT). A and B alternate request by request (the order flips every pair), ${OVERHEAD.pairs} pairs per repetition after ${OVERHEAD.warmup} warm-up pairs; each repetition gives p50(A) − p50(B) and p99(A) − p99(B); the figure is the median over ${OVERHEAD.reps} repetitions.`,
  },
  {
    title: 'TTFT and latency error',
    keys: ['ttft_error_ms_p99', 'latency_error_ms_p99', 'raw_ttft_error_ms_p99', 'raw_latency_error_ms_p99'],
    text: `the bundle (dist/index.js in a child process) probes two targets side by side, one per reply shape (${ERROR.shapes.map((s) => s.label).join('; ')}), ${ERROR.checks} checks each at interval ${ERROR.intervalS} s. Each check in the report is matched to the server's record by its x-request-id; the truth is the fake provider's own clock: TTFT = first content chunk written − request received, latency = response ended − request received. Error = |reported − truth|; p99 per shape per repetition (over ${ERROR.checks} checks, nearly the maximum), median over ${ERROR.reps} repetitions, the worse shape is the figure. The first check of each target (a new connection; the action warms its request path against a server of its own on 127.0.0.1 before the burst) is included. One discarded round of the bare client warms the fake provider before the first repetition. Baseline, alternated run by run: bench/raw-client.js, a bare \`node:http\` client in its own process with the same schedule and shapes, measured the same way. Both clients' TTFT and latency count from the request being written on its connection (the action's definition: a new connection's DNS, connect and TLS are phases of their own, and the server's clock starts when the request arrives); the details also give the bare client's figures counted from its request call.`,
  },
  {
    title: 'Start-to-start error',
    keys: ['interval_drift_ms_p99', 'raw_interval_drift_ms_p99'],
    text: `the bundle runs ${DRIFT.checks} checks of one target at interval ${DRIFT.intervalS} s against an instant reply. By the server's clock, each spacing between consecutive requests' arrival minus ${DRIFT.intervalS * 1000} ms is one error; the figure is the p99 of their absolute values, median over ${DRIFT.reps} repetitions. Accumulation: each arrival minus i × interval is its offset from the schedule; the median offset of the last ten checks minus that of checks 2–11 (check 1 pays for the first connection) must stay near 0. Baseline, alternated run by run: bench/raw-client.js (setTimeout to each start, bare \`node:http\`) on the same schedule.`,
  },
  {
    title: 'Scale',
    keys: ['scale_wall_ratio', 'scale_rss_mb'],
    text: `the bundle, as users run it, with a \`targets\` YAML of ${SCALE.targets} items × ${SCALE.checks} checks, interval ${SCALE.intervalS} s, concurrency ${SCALE.concurrency}, every reply ${replyMs(SCALE.reply)} ms long (TTFT ${SCALE.reply.ttftMs} ms + ${SCALE.reply.tokens} tokens ${SCALE.reply.tokenDelayMs} ms apart). Wall = spawn to exit of the process (startup, burst, report and summary included); ideal = the last target's start ((targets − 1) / targets × interval: the action spreads the targets' first checks over one interval) + (checks − 1) × interval + one reply = ${Math.round(scaleIdealMs())} ms. Peak memory = the process's own maxRSS (getrusage), read on exit by a preloaded bench/peak-rss.js. Medians of ${SCALE.reps} repetitions.`,
  },
  {
    title: 'Cold start and size',
    keys: ['cold_start_ratio', 'dist_bytes'],
    text: `time from spawning \`node <bundle>\` to the server receiving its first request, for dist/index.js (1 check) against bench/minimal-action.js (imports @actions/core, reads two inputs, one fetch), which the bench bundles with ncc the same way as \`npm run bundle\` so both load one file (dist/index.js's chunk files are loaded only by runs that use what they hold); same environment and inputs. Alternated, ${COLD.runs} runs each, ratio of the medians. Size = bytes of dist/index.js, the chunk files' total in the details.`,
  },
  {
    title: 'Against the sleep loop',
    keys: ['seed_script_ratio'],
    text: `wall time of the product's burst (src/probe/burst.ts \`runTargetBurst\` + \`runCheck\`, ${SEED.checks} checks at interval ${SEED.intervalS} s) over the classic loop (bench/seed-loop.ts: OpenAI SDK call, log, sleep ${SEED.intervalS} s, repeat; no sleep after the last call) doing the same ${SEED.checks} streamed calls, each reply TTFT ${SEED.reply.ttftMs} ms + ${SEED.reply.tokens} tokens ${SEED.reply.tokenDelayMs} ms apart. All ${SEED.reps} repetitions' bursts and loops start at the same moment in this process (each sends about one request a second, so they hardly compete); median of the ${SEED.reps} ratios.`,
  },
];

// ---- helpers ----

const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);
const ms = (value: number) => `${value.toFixed(2)} ms`;
const seconds = (value: number) => `${(value / 1000).toFixed(2)} s`;

/** One model per measurement, so the server's records can be told apart. */
const SCRIPT = {
  overhead: OVERHEAD.reply,
  ...Object.fromEntries(ERROR.shapes.map((s) => [s.model, s.reply])),
  drift: DRIFT.reply,
  scale: SCALE.reply,
  cold: COLD.reply,
  'seed-action': SEED.reply,
  'seed-loop': SEED.reply,
};

/** The action's own parsing of inputs, so in-process checks use its defaults (stream, timeouts). */
function configFor(provider: FakeProvider, model: string) {
  const config = parseConfig({ 'base-url': provider.url, model, 'tracking-issue': 'false' }, {});
  const target = config.targets[0]!;
  const settings = {
    stream: config.stream,
    timeoutMs: config.timeoutMs,
    idleTimeoutMs: config.idleTimeoutMs,
  };
  return { config, target, settings };
}

function assertOk(results: readonly Pick<CheckResult, 'category' | 'error'>[], where: string): void {
  const bad = results.find((r) => r.category !== 'ok');
  if (bad) throw new Error(`bench: a check failed in ${where} (${bad.category}: ${bad.error}); figures void`);
}

interface ReportFile {
  targets: { name: string; model: string; checks: CheckResult[] }[];
}

async function readReport(run: { outputs: Record<string, string>; stderr: string }): Promise<ReportFile> {
  const file = run.outputs['report-file'];
  if (!file) throw new Error(`bench: the action wrote no report:\n${run.stderr}`);
  return JSON.parse(await readFile(file, 'utf8')) as ReportFile;
}

// ---- overhead: runCheck against a raw node:http request, alternating ----

/** What a raw request of each kind sends: the body the SDK builds for that kind, on its path. */
function rawRequestOf(kind: Kind, target: Target): { path: string; body: Record<string, unknown> } {
  const messages = [{ role: 'user', content: target.prompt }];
  const chat = {
    messages,
    model: target.model,
    max_tokens: target.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  };
  switch (kind) {
    case 'chat':
      return { path: '/chat/completions', body: chat };
    case 'tools':
      return {
        path: '/chat/completions',
        body: {
          ...chat,
          tools: [{ type: 'function', function: { name: 'add', parameters: TOOL_PARAMETERS, strict: true } }],
          tool_choice: { type: 'function', function: { name: 'add' } },
        },
      };
    case 'json':
      return {
        path: '/chat/completions',
        body: {
          ...chat,
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'sum', schema: ANSWER_SCHEMA, strict: true },
          },
        },
      };
    case 'embeddings':
      return {
        path: '/embeddings',
        body: { model: target.model, input: target.prompt, encoding_format: 'float' },
      };
    case 'responses':
      return {
        path: '/responses',
        body: {
          model: target.model,
          input: target.prompt,
          max_output_tokens: target.maxTokens,
          store: false,
          stream: true,
        },
      };
  }
}

/**
 * One kind's overhead: runCheck against a raw node:http request of the same body that reads the same reply
 * to its end, alternating, the order flipped every pair.
 */
async function overheadOf(
  provider: FakeProvider,
  kind: Kind,
  plan: { reps: number; pairs: number; warmup: number },
): Promise<{ p50s: number[]; p99s: number[]; actionP50s: number[]; rawP50s: number[] }> {
  const { target: base, settings } = configFor(provider, 'overhead');
  const target = { ...base, kind };
  const client = createClient(target);
  const raw = rawRequestOf(kind, target);
  const body = JSON.stringify(raw.body);
  const agent = new http.Agent({ keepAlive: true });
  const rawRequest = () =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const request = http.request(
        `${provider.url}${raw.path}`,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            authorization: 'Bearer no-key',
          },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(performance.now() - started));
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const actionCheck = async (index: number) => {
    const result = await runCheck(client, target, settings, index);
    assertOk([result], `overhead (${kind})`);
    return result.latencyMs;
  };

  const p50s: number[] = [];
  const p99s: number[] = [];
  const actionP50s: number[] = [];
  const rawP50s: number[] = [];
  for (let rep = 0; rep < plan.reps; rep++) {
    const action: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < plan.warmup + plan.pairs; i++) {
      // Flip the order every pair, so neither side always runs right after the other.
      let a: number;
      let b: number;
      if (i % 2 === 0) {
        a = await actionCheck(i);
        b = await rawRequest();
      } else {
        b = await rawRequest();
        a = await actionCheck(i);
      }
      if (i < plan.warmup) continue;
      action.push(a);
      rawTimes.push(b);
    }
    p50s.push(percentile(action, 50) - percentile(rawTimes, 50));
    p99s.push(percentile(action, 99) - percentile(rawTimes, 99));
    actionP50s.push(percentile(action, 50));
    rawP50s.push(percentile(rawTimes, 50));
    progress(
      `overhead ${kind} rep ${rep + 1}/${plan.reps}: p50 +${ms(p50s.at(-1)!)}, p99 +${ms(p99s.at(-1)!)}`,
    );
  }
  agent.destroy();
  return { p50s, p99s, actionP50s, rawP50s };
}

async function measureOverhead(provider: FakeProvider): Promise<Figure[]> {
  const { p50s, p99s, actionP50s, rawP50s } = await overheadOf(provider, 'chat', OVERHEAD);
  const detail = `action p50 ${ms(median(actionP50s))} vs raw node:http ${ms(median(rawP50s))}; ${OVERHEAD.reps} reps × ${OVERHEAD.pairs} pairs; p99 per rep ${p99s.map((v) => v.toFixed(2)).join(', ')}`;
  return [
    { key: 'overhead_ms_p50', value: median(p50s), detail },
    { key: 'overhead_ms_p99', value: median(p99s), detail: 'same runs as p50' },
  ];
}

/**
 * `--only kinds`: the per-check overhead of every kind of check, each against a raw request of its own body
 * (tools and json validate with ajv, embeddings check every element, responses read the Responses events).
 * Briefer than the chat figure, and not part of the full table: a quick look per kind.
 */
async function measureKindOverheads(provider: FakeProvider): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const kind of KIND_NAMES) {
    const { p50s, p99s, actionP50s, rawP50s } = await overheadOf(provider, kind, KINDS_OVERHEAD);
    const detail = `kind ${kind}: action p50 ${ms(median(actionP50s))} vs raw node:http ${ms(median(rawP50s))}; ${KINDS_OVERHEAD.reps} reps × ${KINDS_OVERHEAD.pairs} pairs`;
    figures.push(
      { key: 'overhead_ms_p50', value: median(p50s), detail },
      { key: 'overhead_ms_p99', value: median(p99s), detail: `kind ${kind}, same runs` },
    );
  }
  return figures;
}

// ---- TTFT and latency error: what a client reports against the server's clock ----

/** One check as a client reported it; the requestId finds the server's record of it. */
interface TimedCheck {
  model: string;
  requestId: string | null;
  ttftMs: number | null;
  latencyMs: number;
}

/** The bare client's line: its figures from the request call, and from the request written (wire*). */
interface RawCheck extends TimedCheck {
  wireTtftMs: number | null;
  wireLatencyMs: number;
}

/** bench/raw-client.js in a child process: the same schedule as the action's burst, over bare node:http. */
async function runRawClient(options: { url: string; models: string[]; checks: number; intervalMs: number }) {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench/raw-client.js'), JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  const [code] = await once(child, 'close');
  if (code !== 0) throw new Error(`bench: bench/raw-client.js exited ${code}`);
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RawCheck);
}

/** The bundle's checks from its report file, in check order. */
async function actionChecks(run: { outputs: Record<string, string>; stderr: string }): Promise<TimedCheck[]> {
  return (await readReport(run)).targets.flatMap((target) => {
    assertOk(target.checks, target.name);
    return target.checks.map((c) => ({
      model: target.model,
      requestId: c.requestId,
      ttftMs: c.ttftMs,
      latencyMs: c.latencyMs,
    }));
  });
}

async function measureError(provider: FakeProvider): Promise<Figure[]> {
  const models = ERROR.shapes.map((s) => s.model);
  const runBundle = async () =>
    actionChecks(
      await runAction({
        inputs: {
          'base-url': provider.url,
          targets: models.map((m) => `- name: ${m}\n  model: ${m}`).join('\n'),
          checks: String(ERROR.checks),
          interval: String(ERROR.intervalS),
          'tracking-issue': 'false',
          'fail-on': 'never',
        },
      }),
    );
  // The bare client twice over: from the request call (the naive clock), and from the request written
  // on its connection, the definition the action's figures use (the raw_* keys).
  const runRaw = async () => {
    const checks = await runRawClient({
      url: provider.url,
      models,
      checks: ERROR.checks,
      intervalMs: ERROR.intervalS * 1000,
    });
    return {
      naive: checks,
      wire: checks.map((c) => ({ ...c, ttftMs: c.wireTtftMs, latencyMs: c.wireLatencyMs })),
    };
  };
  const recordRaw = (raw: Awaited<ReturnType<typeof runRaw>>) => {
    record('raw', raw.wire);
    record('naive', raw.naive);
  };

  // One p99 per repetition, keyed `side/model/metric`; warm* leave out each target's first check.
  const p99s = new Map<string, number[]>();
  const note = (key: string, errors: number[]) =>
    p99s.set(key, [...(p99s.get(key) ?? []), percentile(errors, 99)]);
  const record = (side: string, checks: TimedCheck[]) => {
    const server = new Map(provider.requests.map((r) => [r.requestId, r]));
    for (const model of models) {
      const ttft: number[] = [];
      const latency: number[] = [];
      for (const check of checks.filter((c) => c.model === model)) {
        const truth = server.get(check.requestId ?? '');
        if (!truth?.firstContentAt || !truth.endedAt || check.ttftMs === null)
          throw new Error(`bench: no server record or TTFT for ${side} check ${check.requestId}`);
        ttft.push(Math.abs(check.ttftMs - (truth.firstContentAt - truth.receivedAt)));
        latency.push(Math.abs(check.latencyMs - (truth.endedAt - truth.receivedAt)));
      }
      note(`${side}/${model}/ttft`, ttft);
      note(`${side}/${model}/latency`, latency);
      note(`${side}/${model}/warmTtft`, ttft.slice(1));
      note(`${side}/${model}/warmLatency`, latency.slice(1));
    }
  };
  // The fake provider's own first requests run cold code and stamp their arrival late; one discarded
  // round of the bare client warms it, so that neither side's first repetition pays for the server.
  await runRaw();
  for (let rep = 0; rep < ERROR.reps; rep++) {
    if (rep % 2 === 0) {
      record('action', await runBundle());
      recordRaw(await runRaw());
    } else {
      recordRaw(await runRaw());
      record('action', await runBundle());
    }
    progress(`error rep ${rep + 1}/${ERROR.reps} done`);
  }
  const worst = (side: string, metric: string) =>
    Math.max(...models.map((m) => median(p99s.get(`${side}/${m}/${metric}`)!)));
  const detail = (metric: 'ttft' | 'latency') => {
    const warm = metric === 'ttft' ? 'warmTtft' : 'warmLatency';
    const perShape = ERROR.shapes
      .map((s) => `${s.label}: ${ms(median(p99s.get(`action/${s.model}/${metric}`)!))}`)
      .join('; ');
    return `${perShape}; without each target's first check ${ms(worst('action', warm))}. Bare node:http client, same schedule, from the request written: ${ms(worst('raw', metric))} (${ms(worst('raw', warm))} without first checks); from the request call: ${ms(worst('naive', metric))} (${ms(worst('naive', warm))}); ${ERROR.reps} reps × ${ERROR.checks} checks per shape`;
  };
  const rawDetail = (metric: 'ttft' | 'latency') => {
    const warm = metric === 'ttft' ? 'warmTtft' : 'warmLatency';
    return `bench/raw-client.js from the request written on its connection (the action's definition); without first checks ${ms(worst('raw', warm))}; counting from the request call instead ${ms(worst('naive', metric))}`;
  };
  return [
    { key: 'ttft_error_ms_p99', value: worst('action', 'ttft'), detail: detail('ttft') },
    { key: 'latency_error_ms_p99', value: worst('action', 'latency'), detail: detail('latency') },
    { key: 'raw_ttft_error_ms_p99', value: worst('raw', 'ttft'), detail: rawDetail('ttft') },
    { key: 'raw_latency_error_ms_p99', value: worst('raw', 'latency'), detail: rawDetail('latency') },
  ];
}

// ---- start-to-start error at interval 0.05 ----

/** The server's arrival times of the requests after `before`, as start-to-start errors and accumulation. */
function scheduleErrors(provider: FakeProvider, before: number, intervalMs: number) {
  const arrivals = provider.requests
    .slice(before)
    .map((r) => r.receivedAt)
    .sort((a, b) => a - b);
  const spacingErrors = arrivals.slice(1).map((at, i) => Math.abs(at - arrivals[i]! - intervalMs));
  // Accumulation: how far the last ten checks sit from the schedule, against checks 2–11 (medians).
  const offsets = arrivals.map((at, i) => at - i * intervalMs);
  return {
    p99: percentile(spacingErrors, 99),
    accumulated: median(offsets.slice(-10)) - median(offsets.slice(1, 11)),
  };
}

async function measureDrift(provider: FakeProvider): Promise<Figure[]> {
  const intervalMs = DRIFT.intervalS * 1000;
  const action: ReturnType<typeof scheduleErrors>[] = [];
  const raw: ReturnType<typeof scheduleErrors>[] = [];
  const runBundle = async () => {
    const before = provider.requests.length;
    const run = await runAction({
      inputs: {
        'base-url': provider.url,
        model: 'drift',
        checks: String(DRIFT.checks),
        interval: String(DRIFT.intervalS),
        'tracking-issue': 'false',
      },
    });
    await actionChecks(run);
    action.push(scheduleErrors(provider, before, intervalMs));
  };
  const runRaw = async () => {
    const before = provider.requests.length;
    await runRawClient({ url: provider.url, models: ['drift'], checks: DRIFT.checks, intervalMs });
    raw.push(scheduleErrors(provider, before, intervalMs));
  };
  // As for the error figures: one discarded round warms the fake provider first.
  await runRawClient({ url: provider.url, models: ['drift'], checks: 10, intervalMs });
  for (let rep = 0; rep < DRIFT.reps; rep++) {
    if (rep % 2 === 0) {
      await runBundle();
      await runRaw();
    } else {
      await runRaw();
      await runBundle();
    }
    progress(
      `drift rep ${rep + 1}/${DRIFT.reps}: p99 ${ms(action.at(-1)!.p99)} (raw ${ms(raw.at(-1)!.p99)})`,
    );
  }
  const signed = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
  return [
    {
      key: 'interval_drift_ms_p99',
      value: median(action.map((e) => e.p99)),
      detail: `accumulated from checks 2–11 to 91–100: ${action.map((e) => signed(e.accumulated)).join(', ')} ms. Bare node:http loop, same schedule: p99 ${ms(median(raw.map((e) => e.p99)))}; ${DRIFT.reps} reps × ${DRIFT.checks} checks`,
    },
    {
      key: 'raw_interval_drift_ms_p99',
      value: median(raw.map((e) => e.p99)),
      detail: `bench/raw-client.js: setTimeout to each start, bare node:http; accumulated ${raw.map((e) => signed(e.accumulated)).join(', ')} ms`,
    },
  ];
}

// ---- 100 targets × 20 checks through the bundle ----

async function measureScale(provider: FakeProvider): Promise<Figure[]> {
  const targets = Array.from(
    { length: SCALE.targets },
    (_, i) => `- name: target-${i + 1}\n  model: scale`,
  ).join('\n');
  const idealMs = scaleIdealMs();
  const preload = new URL('./peak-rss.js', import.meta.url).href;
  const ratios: number[] = [];
  const walls: number[] = [];
  const rssMb: number[] = [];
  for (let rep = 0; rep < SCALE.reps; rep++) {
    const run = await runAction({
      inputs: {
        'base-url': provider.url,
        targets,
        checks: String(SCALE.checks),
        interval: String(SCALE.intervalS),
        concurrency: String(SCALE.concurrency),
        'tracking-issue': 'false',
      },
      env: { NODE_OPTIONS: `--import=${preload}` },
    });
    const report = await readReport(run);
    assertOk(
      report.targets.flatMap((t) => t.checks),
      'scale',
    );
    const peakKb = Number(/bench-peak-rss-kb=(\d+)/.exec(run.stderr)?.[1]);
    if (!peakKb) throw new Error(`bench: the scale run reported no peak RSS:\n${run.stderr}`);
    walls.push(run.durationMs);
    ratios.push(run.durationMs / idealMs);
    rssMb.push(peakKb / 1024);
    progress(
      `scale rep ${rep + 1}/${SCALE.reps}: ${seconds(run.durationMs)}, ${(peakKb / 1024).toFixed(0)} MB`,
    );
  }
  const checks = SCALE.targets * SCALE.checks;
  return [
    {
      key: 'scale_wall_ratio',
      value: median(ratios),
      detail: `${seconds(median(walls))} from spawn to exit vs ideal ${seconds(idealMs)}; ${checks} checks ok; ${SCALE.reps} reps`,
    },
    {
      key: 'scale_rss_mb',
      value: median(rssMb),
      detail: `per rep: ${rssMb.map((v) => v.toFixed(0)).join(', ')} MB`,
    },
  ];
}

// ---- cold start: dist/index.js against a minimal action bundled the same way ----

async function bundleMinimalAction(): Promise<string> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'bench-minimal-action-'));
  const ncc = spawn(
    path.join(ROOT, 'node_modules/.bin/ncc'),
    ['build', 'bench/minimal-action.js', '-o', out, '--license', 'licenses.txt', '--quiet'],
    { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const [code] = await once(ncc, 'close');
  if (code !== 0) throw new Error(`bench: ncc could not bundle bench/minimal-action.js (exit ${code})`);
  return path.join(out, 'index.js');
}

async function measureColdStart(provider: FakeProvider): Promise<Figure[]> {
  const distFile = path.join(ROOT, 'dist/index.js');
  const minimalFile = await bundleMinimalAction();
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'bench-cold-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: path.join(workspace, 'github_output'),
    GITHUB_STEP_SUMMARY: path.join(workspace, 'step_summary.md'),
  };
  await writeFile(env.GITHUB_OUTPUT!, '');
  await writeFile(env.GITHUB_STEP_SUMMARY!, '');
  const inputs = {
    ...(await actionDefaults()),
    'base-url': provider.url,
    model: 'cold',
    checks: '1',
    'tracking-issue': 'false',
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

  const toFirstRequest = async (file: string) => {
    const before = provider.requests.length;
    const started = performance.now();
    const child = spawn(process.execPath, [file], { cwd: workspace, env, stdio: 'ignore' });
    const [code] = await once(child, 'close');
    const first = provider.requests[before];
    if (code !== 0 || !first) throw new Error(`bench: ${file} exited ${code} (requests: ${!!first})`);
    return first.receivedAt - started;
  };
  const action: number[] = [];
  const minimal: number[] = [];
  for (let i = 0; i < COLD.runs; i++) {
    if (i % 2 === 0) {
      action.push(await toFirstRequest(distFile));
      minimal.push(await toFirstRequest(minimalFile));
    } else {
      minimal.push(await toFirstRequest(minimalFile));
      action.push(await toFirstRequest(distFile));
    }
  }
  progress(`cold start: ${ms(median(action))} vs ${ms(median(minimal))}`);
  const minimalBytes = statSync(minimalFile).size;
  return [
    {
      key: 'cold_start_ratio',
      value: median(action) / median(minimal),
      detail: `to first request: dist/index.js ${ms(median(action))} vs minimal action ${ms(median(minimal))}; ${COLD.runs} runs each`,
    },
    {
      key: 'dist_bytes',
      value: statSync(distFile).size,
      detail: `what every run loads; the chunk files beside it, loaded only by the runs that use them (history, tracker, notifications, metrics, aggregate mode): ${chunkBytes().toLocaleString('en-US')} B; minimal action bundled the same way: ${minimalBytes.toLocaleString('en-US')} B`,
    },
  ];
}

// ---- against the classic call/log/sleep loop ----

async function measureSeedScript(provider: FakeProvider): Promise<Figure> {
  const { target, settings } = configFor(provider, 'seed-action');
  const client = createClient(target);
  const log: string[] = [];
  const timed = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    return performance.now() - started;
  };
  const burst = () =>
    timed(async () => {
      const results = await runTargetBurst(
        { checks: SEED.checks, intervalMs: SEED.intervalS * 1000, concurrency: 1 },
        (index, delay) => runCheck(client, target, settings, index, delay),
        (result) => log.push(JSON.stringify(result)),
      );
      assertOk(results, 'seed');
    });
  const loop = () =>
    timed(() =>
      runSeedLoop({
        baseURL: provider.url,
        model: 'seed-loop',
        calls: SEED.checks,
        intervalMs: SEED.intervalS * 1000,
        log: (line) => log.push(line),
      }),
    );
  // Every repetition's burst and loop run at once: each sends about one request a second, so they
  // hardly compete, and ten-second runs in a row would blow the two-minute budget.
  const pairs = await Promise.all(Array.from({ length: SEED.reps }, () => Promise.all([burst(), loop()])));
  const bursts = pairs.map(([b]) => b);
  const loops = pairs.map(([, l]) => l);
  const ratios = pairs.map(([b, l]) => b / l);
  progress(`seed: bursts ${bursts.map(seconds).join(', ')} vs loops ${loops.map(seconds).join(', ')}`);
  return {
    key: 'seed_script_ratio',
    value: median(ratios),
    detail: `burst ${seconds(median(bursts))} vs sleep loop ${seconds(median(loops))}; ${SEED.reps} reps`,
  };
}

// ---- the run ----

function revision(): string {
  const git = (...args: string[]) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' }).trim();
  try {
    const changed = git('status', '--porcelain', '--', 'src', 'dist') !== '';
    return `commit ${git('log', '-1', '--format=%h')}${changed ? ' with uncommitted changes in src/ or dist/' : ''}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown CPU',
    cores: os.availableParallelism(),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    date: new Date().toISOString().slice(0, 10),
    revision: revision(),
  };
}

/** The phases in the order they run; `--only` picks some by name. */
const PHASES: Record<string, (provider: FakeProvider) => Promise<Figure | Figure[]>> = {
  cold: measureColdStart,
  overhead: measureOverhead,
  error: measureError,
  drift: measureDrift,
  scale: measureScale,
  seed: measureSeedScript,
  kinds: measureKindOverheads,
};
/** What a run without --only measures: every figure of the table (kinds only when asked for). */
const DEFAULT_PHASES = Object.keys(PHASES).filter((name) => name !== 'kinds');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { json: { type: 'boolean' }, write: { type: 'boolean' }, only: { type: 'string' } },
  });
  const only = values.only?.split(',') ?? DEFAULT_PHASES;
  const unknown = only.filter((name) => !(name in PHASES));
  if (unknown.length > 0)
    throw new Error(`bench: no phase ${unknown.join(', ')} (${Object.keys(PHASES).join(', ')})`);
  if (values.only && (values.json || values.write))
    throw new Error('bench: --only gives a partial table; --json and --write need every figure');
  const started = performance.now();
  const provider = await startFakeProvider(SCRIPT);
  const figures: Figure[] = [];
  try {
    progress(`fake provider on ${provider.url}`);
    for (const name of Object.keys(PHASES).filter((phase) => only.includes(phase)))
      figures.push(...[await PHASES[name]!(provider)].flat());
  } finally {
    await provider.close();
  }
  const durationS = (performance.now() - started) / 1000;
  progress(`done in ${durationS.toFixed(0)} s`);
  if (values.only) {
    for (const f of figures) process.stdout.write(`${f.key}: ${formatValue(f.key, f.value)} (${f.detail})\n`);
    return;
  }

  if (values.write) {
    const file = path.join(ROOT, 'BENCHMARKS.md');
    const existing = existsSync(file) ? readFileSync(file, 'utf8') : null;
    const markdown = renderMarkdown({
      figures,
      machine: machine(),
      methods: METHODS,
      durationS,
      notes: notesOf(existing),
    });
    await writeFile(file, markdown);
    progress(`wrote ${path.relative(process.cwd(), file)}`);
  }
  if (values.json) process.stdout.write(`${JSON.stringify(benchJson(figures))}\n`);
  else process.stdout.write(`${renderTable(figures)}\n`);
}

await main();
