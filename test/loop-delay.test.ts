/**
 * How late the event loop ran during the bursts: measured for real (a busy-wait blocks this test's own
 * loop), carried in the report, merged across locations, and said in the summary and by the action
 * when it may have made the timings read high.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateReports } from '../src/aggregate.js';
import { parseConfig } from '../src/config/index.js';
import { judgeRun } from '../src/pipeline.js';
import {
  BUSY_LOOP_P99_MS,
  busyNote,
  type LoopDelay,
  watchLoopDelay,
  worstLoopDelay,
} from '../src/probe/loop-delay.js';
import type { Report } from '../src/report/model.js';
import { ReportSchema } from '../src/report/schema.js';
import { renderSummary } from '../src/report/summary.js';
import { runInfoFromEnv } from '../src/runner-env.js';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { check } from './support/fixtures.js';
import { runAction } from './support/run-action.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // the loop is held, as a runner busy with other checks would hold it
  }
}

const config = parseConfig({ 'base-url': 'http://127.0.0.1:9/v1', model: 'm' });

function reportWith(loopDelay: LoopDelay | null, location = 'here'): Report {
  return judgeRun(config, [[{ ...check('ok'), index: 0 }]], {
    startedAt: new Date('2026-12-01T10:00:00Z'),
    finishedAt: new Date('2026-12-01T10:00:05Z'),
    version: '0.1.0',
    location,
    run: runInfoFromEnv({}),
    loopDelay,
  });
}

describe('watching the event loop', () => {
  it('a loop held for 80 ms shows as up to ~80 ms late; an idle one as a few ms at the median', async () => {
    const idle = watchLoopDelay();
    await sleep(200);
    const quiet = idle();
    // The median, since other test files share the cores and may delay a sample or two.
    expect(quiet.p50Ms).toBeLessThan(20);
    expect(quiet.samples).toBeGreaterThan(10);

    const stop = watchLoopDelay();
    await sleep(30);
    busyWait(80);
    await sleep(30);
    const held = stop();
    expect(held.maxMs).toBeGreaterThanOrEqual(60);
    expect(held.maxMs).toBeLessThan(400);
    expect(held.p50Ms).toBeLessThanOrEqual(held.p99Ms);
    expect(held.p99Ms).toBeLessThanOrEqual(held.maxMs);
  });

  it('merged across locations, each figure is the worst one', () => {
    expect(
      worstLoopDelay([
        { p50Ms: 1, p99Ms: 30, maxMs: 40, samples: 100 },
        null,
        { p50Ms: 2, p99Ms: 3, maxMs: 90, samples: 50 },
      ]),
    ).toEqual({ p50Ms: 2, p99Ms: 30, maxMs: 90, samples: 100 });
    expect(worstLoopDelay([null, undefined])).toBeNull();
  });
});

describe('what the run says of it', () => {
  const busy = { p50Ms: 5.14, p99Ms: 134.07, maxMs: 206.42, samples: 1100 };

  it('nothing at or below the limit; above it, the figures and what to do', () => {
    expect(busyNote(null)).toBeNull();
    expect(busyNote({ p50Ms: 0.2, p99Ms: BUSY_LOOP_P99_MS, maxMs: 40, samples: 100 })).toBeNull();
    // A burst too short to sample: its p99 is one sample.
    expect(busyNote({ ...busy, samples: 10 })).toBeNull();
    expect(busyNote(busy)).toBe(
      'this runner was busy while it probed: its event loop ran up to 206 ms late (p99 134.1 ms, median 5.1 ms), so every latency and TTFT can read high by as much; fewer targets per job (a matrix of jobs) or a longer interval give exact figures',
    );
  });

  it('the summary warns only when the runner was busy', () => {
    expect(renderSummary(reportWith(busy))).toContain('⚠️ **This runner was busy while it probed');
    expect(renderSummary(reportWith({ p50Ms: 0.2, p99Ms: 2, maxMs: 7, samples: 100 }))).not.toContain(
      'runner was busy',
    );
    expect(renderSummary(reportWith(null))).not.toContain('runner was busy');
  });

  it('the report carries it, read back through the schema; a merged report keeps the worst location', () => {
    const report = reportWith(busy);
    expect(ReportSchema.parse(JSON.parse(JSON.stringify(report))).loopDelay).toEqual(busy);
    expect(
      ReportSchema.safeParse({ ...report, loopDelay: { p50Ms: -1, p99Ms: 0, maxMs: 0, samples: 1 } }).success,
    ).toBe(false);
    const merged = aggregateReports(
      [
        { path: 'a.json', content: reportWith({ p50Ms: 0.1, p99Ms: 1, maxMs: 2, samples: 30 }, 'a') },
        { path: 'b.json', content: reportWith(busy, 'b') },
      ],
      { minFailingLocations: null, failOn: 'down', pattern: '*.json', run: runInfoFromEnv({}) },
    );
    expect(merged.loopDelay).toEqual(busy);
  });
});

describe('the action', () => {
  let provider: FakeProvider;
  beforeAll(async () => {
    provider = await startFakeProvider({ m: { kind: 'ok', tokens: 2 } });
  });
  afterAll(async () => {
    await provider.close();
  });

  it('writes how late its loop ran into the report', async () => {
    const run = await runAction({
      inputs: {
        'base-url': provider.url,
        model: 'm',
        checks: '3',
        interval: '0.05',
        'tracking-issue': 'false',
      },
    });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(await readFile(run.outputs['report-file']!, 'utf8')) as Report;
    const delay = report.loopDelay!;
    expect(delay.p50Ms).toBeGreaterThanOrEqual(0);
    expect(delay.p50Ms).toBeLessThanOrEqual(delay.p99Ms);
    expect(delay.p99Ms).toBeLessThanOrEqual(delay.maxMs);
    expect(delay.maxMs).toBeLessThan(5000);
  });
});
