/**
 * The real Prometheus tools for the metrics tests: Debian's `prometheus-pushgateway` (started here on
 * 127.0.0.1, one process per test file, stopped after) and `promtool` (from `prometheus`), plus a
 * realistic report to push.
 *
 * A missing binary skips its tests with a loud warning on a developer's machine, and fails them under
 * CI (CI=true), where .ci/run installs both packages: CI never skips them.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { parseConfig } from '../../src/config/index.js';
import { judgeRun } from '../../src/pipeline.js';
import type { CheckResult } from '../../src/probe/result.js';
import type { Report } from '../../src/report/model.js';
import { runInfoFromEnv } from '../../src/runner-env.js';
import { check } from './fixtures.js';

export function findExecutable(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs.filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** The binary's path; or null after a loud warning; or, under CI, a thrown error (CI must never skip). */
export function requireTool(name: string, debianPackage: string): string | null {
  const found = findExecutable(name);
  if (found !== null) return found;
  const message = `${name} is not installed: the tests that need it need Debian's ${debianPackage} package (apt-get install -y --no-install-recommends ${debianPackage}; .ci/run does this).`;
  if (process.env.CI) throw new Error(`${message} Under CI these tests must run, not skip.`);
  console.warn(`\n${'!'.repeat(100)}\nSKIPPING: ${message}\n${'!'.repeat(100)}\n`);
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPushgateway {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Everything the process wrote so far (its log), for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// Whatever happens to the test run, no Pushgateway outlives it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function answers(url: string): Promise<boolean> {
  try {
    // Any HTTP answer counts: with basic auth on, /-/ready answers 401 to us, and that is fine.
    await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(500) });
    return true;
  } catch {
    return false;
  }
}

async function startOnce(binary: string, webConfigFile: string | undefined): Promise<RunningPushgateway> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = [
    `--web.listen-address=127.0.0.1:${port}`,
    // In memory only: the package's default file lives in /var/lib and would outlive the test.
    '--persistence.file=',
    ...(webConfigFile ? [`--web.config.file=${webConfigFile}`] : []),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
    }
    running.delete(child);
  };

  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await answers(url)) return { url, log: () => output, stop };
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  throw new Error(`prometheus-pushgateway did not answer on ${url}:\n${output}`);
}

/** Starts the Pushgateway on a free loopback port and waits until it answers. */
export async function startPushgateway(
  binary: string,
  options: { webConfigFile?: string } = {},
): Promise<RunningPushgateway> {
  // A free port can be taken between the probe and the start: try a few.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(binary, options.webConfigFile);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

/** A tricky but valid target name: quote, backslash, slash, newline, non-ASCII. */
export const TRICKY_TARGET = 'eu/"prod" \\ llama é\nsecond line';

/**
 * A report as the action builds it, from the real config parser and stats: three targets.
 * - gpt-4o-mini: 19 ok, 1 server_error, 1 rate_limited (left out): 95% of 20 judged, up; two
 *   fingerprints; max-latency 1500 and max-ttft 800 judged at p90.
 * - TRICKY_TARGET: every check timed out or failed on the network: down, no latency at all.
 * - all-429: every check rate-limited: nothing judged, so no success ratio.
 */
export function sampleReport(options: { finishedAt?: Date; firstTargetChecks?: CheckResult[] } = {}): Report {
  const config = parseConfig(
    {
      targets: JSON.stringify([
        {
          name: 'gpt-4o-mini',
          model: 'gpt-4o-mini',
          'api-key-env': 'OPENAI_API_KEY',
          'max-latency': 1500,
          'max-ttft': 800,
          'latency-percentile': 90,
        },
        {
          name: TRICKY_TARGET,
          model: 'llama-3.1-8b-instant',
          'base-url': 'https://api.groq.com/openai/v1',
          'api-key-env': 'GROQ_API_KEY',
        },
        { name: 'all-429', model: 'claude-3-5-haiku', 'base-url': 'http://127.0.0.1:8080/v1' },
      ]),
    },
    { OPENAI_API_KEY: 'sk-test-not-a-key', GROQ_API_KEY: 'gsk-test-not-a-key' },
  );
  const healthy = [
    ...Array.from({ length: 19 }, (_, i) =>
      check('ok', 400 + i * 50, {
        index: i,
        ttftMs: 150 + i * 20,
        tokensPerSecond: 60 + i,
        // The first check opened the connection; the others reused it.
        phases: {
          connection: i === 0 ? 'new' : 'reused',
          queueMs: 0.4,
          ...(i === 0 ? { dnsMs: 2, connectMs: 5, tlsMs: 7 } : {}),
          sendMs: 0.2,
          waitMs: 120 + i * 20,
          firstTokenMs: 30 - 0.2,
          transferMs: 250 + i * 30 - 0.4,
        },
        model: 'gpt-4o-mini-2024-07-18',
        systemFingerprint: i < 12 ? 'fp_0aa8d3e20b' : 'fp_44709d6fcb',
      }),
    ),
    check('server_error', 2100, { index: 19, httpStatus: 503, model: null, systemFingerprint: null }),
    check('rate_limited', 90, { index: 20, httpStatus: 429, model: null, systemFingerprint: null }),
  ];
  const down = [
    ...Array.from({ length: 3 }, (_, i) =>
      check('timeout', 30_000, { index: i, model: null, systemFingerprint: null }),
    ),
    ...Array.from({ length: 2 }, (_, i) =>
      check('network', 12, { index: 3 + i, errorCode: 'ECONNRESET', model: null, systemFingerprint: null }),
    ),
  ];
  const refused = Array.from({ length: 5 }, (_, i) =>
    check('rate_limited', 80, {
      index: i,
      httpStatus: 429,
      retryAfter: '20',
      model: null,
      systemFingerprint: null,
    }),
  );
  const finishedAt = options.finishedAt ?? new Date('2026-03-02T10:05:07.250Z');
  return judgeRun(config, [options.firstTargetChecks ?? healthy, down, refused], {
    startedAt: new Date(finishedAt.getTime() - 42_000),
    finishedAt,
    version: '0.0.0-test',
    location: 'eu-west',
    run: runInfoFromEnv({
      GITHUB_REPOSITORY: 'acme/llm-watch',
      GITHUB_RUN_ID: '15234567890',
      GITHUB_WORKFLOW: 'LLM heartbeat',
    }),
  });
}

export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const UNESCAPE: Record<string, string> = { n: '\n', '"': '"', '\\': '\\' };

/** Samples of a text exposition (our bodies, a Pushgateway scrape): enough of the format to read values back. */
export function parseExposition(text: string): ParsedSample[] {
  const samples: ParsedSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`Not a sample line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/y;
    const body = m[2] ?? '';
    for (let at = 0; at < body.length; at = pair.lastIndex) {
      pair.lastIndex = at;
      const match = pair.exec(body);
      if (match === null) throw new Error(`Bad labels in: ${JSON.stringify(line)}`);
      labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, ch: string) => UNESCAPE[ch] ?? `\\${ch}`);
    }
    const raw = m[3]!;
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    samples.push({ name: m[1]!, labels, value });
  }
  return samples;
}
