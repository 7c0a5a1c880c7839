import { describe, expect, it } from 'vitest';
import { aggregateReports, majority, quorumStatus, type ReportFile } from '../src/aggregate.js';
import { parseConfig } from '../src/config/index.js';
import { ReportMergeError } from '../src/errors.js';
import { judgeRun } from '../src/pipeline.js';
import type { Category } from '../src/probe/result.js';
import type { Report } from '../src/report/model.js';
import { ReportSchema } from '../src/report/schema.js';
import { runInfoFromEnv } from '../src/runner-env.js';
import { check } from './support/fixtures.js';

const config = parseConfig({
  'base-url': 'http://127.0.0.1:9/v1',
  targets: '- name: main\n  model: gpt-4o-mini\n- name: backup\n  model: llama',
});

/** A probe report from one location: each target's checks given as categories. */
function probeReport(location: string, categories: Record<string, Category[]>): Report {
  return judgeRun(
    config,
    config.targets.map((t) => (categories[t.name] ?? []).map((c, i) => ({ ...check(c, 100 + i), index: i }))),
    {
      startedAt: new Date('2026-11-27T10:00:00Z'),
      finishedAt: new Date('2026-11-27T10:00:12Z'),
      version: '0.1.0',
      location,
      run: runInfoFromEnv({}),
    },
  );
}

const healthy: Category[] = Array(10).fill('ok');
const broken: Category[] = [...Array(5).fill('ok'), ...Array(5).fill('network')];
const options = {
  minFailingLocations: null,
  failOn: 'degraded' as const,
  pattern: 'reports/*.json',
  run: runInfoFromEnv({}),
};
const files = (...reports: Report[]): ReportFile[] =>
  reports.map((content, i) => ({ path: `reports/${i}.json`, content }));

describe('aggregate mode', () => {
  it('respects the quorum: one location down of three leaves the target up, and says they disagree', () => {
    const merged = aggregateReports(
      files(
        probeReport('ubuntu-latest', { main: broken, backup: healthy }),
        probeReport('windows-latest', { main: healthy, backup: healthy }),
        probeReport('eu-west-self-hosted', { main: healthy, backup: healthy }),
      ),
      options,
    );
    const main = merged.targets.find((t) => t.name === 'main')!;
    expect(main.status).toBe('up');
    expect(main.locations!.map((l) => [l.location, l.status])).toEqual([
      ['ubuntu-latest', 'down'],
      ['windows-latest', 'up'],
      ['eu-west-self-hosted', 'up'],
    ]);
    expect(main.verdict.notes.join()).toMatch(/the locations disagree: 1 of 3/);
    expect(main.stats.checks).toBe(30);
    expect(main.stats.successRate).toBeCloseTo((25 / 30) * 100, 6);
    expect(merged.status).toBe('up');
    expect(merged.location).toMatch(/^3 locations/);
  });

  it('is down when a majority of locations see it down, naming them', () => {
    const merged = aggregateReports(
      files(
        probeReport('a', { main: broken }),
        probeReport('b', { main: broken }),
        probeReport('c', { main: healthy }),
      ),
      options,
    );
    const main = merged.targets.find((t) => t.name === 'main')!;
    expect(main.status).toBe('down');
    expect(main.verdict.breaches[0]?.text).toMatch(/down at 2 of 3 locations \(quorum 2\): a down, b down/);
    expect(merged).toMatchObject({ status: 'down', failed: true, breached: true });
  });

  it('min-failing-locations sets the quorum', () => {
    const reports = files(
      probeReport('a', { main: broken }),
      probeReport('b', { main: healthy }),
      probeReport('c', { main: healthy }),
    );
    expect(aggregateReports(reports, { ...options, minFailingLocations: 1 }).status).toBe('down');
    expect(aggregateReports(reports, { ...options, minFailingLocations: 3 }).status).toBe('up');
  });

  it('counts degraded and down together for degraded', () => {
    expect(quorumStatus(['down', 'degraded', 'up'], 2)).toBe('degraded');
    expect(quorumStatus(['down', 'down', 'up'], 2)).toBe('down');
    expect(quorumStatus(['down', 'up', 'up'], 2)).toBe('up');
    expect(majority(1)).toBe(1);
    expect(majority(2)).toBe(2);
    expect(majority(3)).toBe(2);
    expect(majority(4)).toBe(3);
  });

  it.each([
    ['no reports', [], /Input "reports" is "reports\/\*.json", which matched no file/],
    [
      'another schemaVersion',
      [{ path: 'r/old.json', content: { ...probeReport('a', {}), schemaVersion: 2 } }],
      /r\/old.json has schemaVersion 2: expected 1/,
    ],
    [
      'not a report',
      [{ path: 'r/x.json', content: { hello: 'world' } }],
      /r\/x.json is not an llm-heartbeat report/,
    ],
    [
      'two reports from one location',
      [
        { path: 'r/1.json', content: probeReport('ubuntu', {}) },
        { path: 'r/2.json', content: probeReport('ubuntu', {}) },
      ],
      /r\/2.json and r\/1.json are both from location "ubuntu"/,
    ],
  ])('rejects %s with a clear error', (_name, input, message) => {
    expect(() => aggregateReports(input as ReportFile[], options)).toThrow(ReportMergeError);
    expect(() => aggregateReports(input as ReportFile[], options)).toThrow(message);
  });
});

describe('report files are untrusted', () => {
  const good = () => probeReport('ubuntu-latest', { main: broken, backup: healthy });

  it('a report the probe wrote passes the report schema', () => {
    const report = JSON.parse(JSON.stringify(good()));
    expect(ReportSchema.safeParse(report).success).toBe(true);
  });

  it.each([
    [
      'a string in a number field',
      (r: Report) => Object.assign(r.targets[0]!.checks[5]!, { httpStatus: '@octocat <b>x</b> | y' }),
      /reports\/0\.json is a damaged report \(field targets\[0\]\.checks\[5\]\.httpStatus is "@octocat/,
    ],
    [
      'a missing field',
      (r: Report) => delete (r.targets[0]!.stats as Partial<Report['targets'][0]['stats']>).latency,
      /field targets\[0\]\.stats\.latency is missing/,
    ],
    [
      'an unknown status',
      (r: Report) => Object.assign(r.targets[1]!, { status: 'fine' }),
      /field targets\[1\]\.status is "fine"/,
    ],
    [
      'a huge name',
      (r: Report) => Object.assign(r.targets[0]!, { name: 'x'.repeat(100_000) }),
      /field targets\[0\]\.name is "x{10,60}/,
    ],
    ['null checks', (r: Report) => Object.assign(r.targets[0]!, { checks: null }), /targets\[0\]\.checks/],
  ])('%s is a clear error naming the file and the field', (_label, damage, message) => {
    const report = JSON.parse(JSON.stringify(good())) as Report;
    damage(report);
    const run = () => aggregateReports(files(report, probeReport('windows-latest', {})), options);
    expect(run).toThrow(ReportMergeError);
    expect(run).toThrow(message);
  });
});
