/**
 * History as pure functions: the record, the time-weighted uptime (and Gatus's figure on the same
 * runs), gaps and maintenance, records out of order or twice, the error budget, regressions against
 * the target's own week, identity changes, badges, damaged lines and the page's data.
 */
import { describe, expect, it } from 'vitest';
import { badgesOf } from '../src/history/badges.js';
import { judgeAgainstHistory } from '../src/history/judge.js';
import { dataScript, pageData } from '../src/history/page.js';
import { parseRecordLines, recordOf, slugOf } from '../src/history/record.js';
import {
  addRecord,
  DAY_MS,
  emptyState,
  errorBudget,
  type TargetState,
  uptimeByRuns,
  uptimeOver,
} from '../src/history/state.js';
import {
  blobSha,
  branchStates,
  hourPath,
  parseStates,
  pathsToRead,
  planWrite,
  STATE_PATH,
} from '../src/history/store.js';
import { historyLine, targetHistory } from '../src/history/summary.js';
import { recordAt, reportAt } from './support/history.js';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const MIN = 60_000;
const _iso = (t: number) => new Date(t).toISOString();

function fold(
  records: ReturnType<typeof recordAt>[],
  state: TargetState = emptyState('Alpha One'),
): TargetState {
  for (const r of records) state = addRecord(state, r).state;
  return state;
}

describe('record', () => {
  it('slugs names as Upptime does', () => {
    expect(slugOf('Alpha One')).toBe('alpha-one');
    expect(slugOf('  GPT-4o mini (EU)!! ')).toBe('gpt-4o-mini-eu');
  });
  it('keeps the compact fields and reads maintenance when the report has it', () => {
    const report = reportAt(T0);
    const target = {
      ...report.targets[0]!,
      maintenance: {
        source: 'input' as const,
        start: new Date(T0).toISOString(),
        end: new Date(T0).toISOString(),
        issueNumber: null,
        issueUrl: null,
      },
    };
    const r = recordOf(report, target);
    expect(r).toMatchObject({ target: 'Alpha One', status: 'up', counts: { ok: 10 }, maintenance: true });
    expect(r.model).toBe('gpt-4o-mini-2024-07-18');
    expect(recordOf(report, report.targets[0]!).maintenance).toBe(false);
  });
  it('skips damaged lines and counts them', () => {
    const good = JSON.stringify(recordAt(T0));
    const { records, damaged } = parseRecordLines(`${good}\n{"t":"half\n${good.slice(0, 40)}\n{"t":1}\n`);
    expect(records).toHaveLength(1);
    expect(damaged).toBe(3);
  });
});

describe('uptime', () => {
  it('weights each run by the time it stands for, unlike the share of runs', () => {
    // Up every 5 minutes for 50 minutes, then one down run that stands for 30 minutes (the cap) before
    // the next: a third of the covered time down, one run in 11.
    const runs = [...Array.from({ length: 10 }, (_, i) => recordAt(T0 + i * 5 * MIN))];
    runs.push(recordAt(T0 + 50 * MIN, { ok: 0 }));
    runs.push(recordAt(T0 + 80 * MIN));
    const state = fold(runs);
    const now = T0 + 80 * MIN;
    expect(uptimeOver(state, DAY_MS, now)).toBeCloseTo((50 / 80) * 100, 6);
    expect(uptimeByRuns(state.recent, T0, now + 1)).toBeCloseTo((11 / 12) * 100, 6);
  });
  it('counts gaps longer than the cap as no data, and leaves maintenance out', () => {
    const state = fold([
      recordAt(T0),
      recordAt(T0 + 120 * MIN, { ok: 0 }), // the first run covers 30 min, 90 min is a gap
      recordAt(T0 + 130 * MIN),
    ]);
    expect(uptimeOver(state, DAY_MS, T0 + 130 * MIN)).toBeCloseTo((30 / 40) * 100, 6);
    const maint = fold(
      [
        recordAt(T0),
        recordAt(T0 + 10 * MIN, { ok: 0, model: null, fingerprint: null }),
        recordAt(T0 + 20 * MIN),
      ].map((r, i) => (i === 1 ? { ...r, maintenance: true } : r)),
    );
    expect(uptimeOver(maint, DAY_MS, T0 + 20 * MIN)).toBe(100);
    expect(maint.incidents).toEqual([]);
  });
  it('counts degraded as up', () => {
    const slow = recordAt(T0 + 5 * MIN);
    const state = fold([recordAt(T0), { ...slow, status: 'degraded' }, recordAt(T0 + 10 * MIN)]);
    expect(uptimeOver(state, DAY_MS, T0 + 10 * MIN)).toBe(100);
  });
  it('gives the same state whatever order the records arrive in, and ignores a record seen twice', () => {
    const runs = Array.from({ length: 30 }, (_, i) =>
      recordAt(T0 + i * 7 * MIN, { ok: i % 7 === 3 ? 0 : 10 }),
    );
    const inOrder = fold(runs);
    const shuffled = [...runs].sort(
      (a, b) => (a.t.charCodeAt(15) % 3) - (b.t.charCodeAt(15) % 3) || a.t.localeCompare(b.t),
    );
    const outOfOrder = fold([...shuffled, runs[4]!, runs[9]!]);
    expect(outOfOrder.recent).toEqual(inOrder.recent);
    expect(outOfOrder.hours).toEqual(inOrder.hours);
    const spans = (s: TargetState) => s.incidents.map((i) => [i.start, i.end]);
    expect(spans(outOfOrder)).toEqual(spans(inOrder));
    expect(addRecord(inOrder, runs[3]!).outcome).toBe('duplicate');
  });
});

describe('error budget', () => {
  it('is (100 - slo)% of 30 days, spent by down time', () => {
    const state = fold([recordAt(T0), recordAt(T0 + 5 * MIN, { ok: 0 }), recordAt(T0 + 35 * MIN)]);
    const b = errorBudget(state, 99.5, T0 + 35 * MIN);
    expect(b.budgetMs).toBe(3.6 * 3_600_000);
    expect(b.usedMs).toBe(30 * MIN);
    expect(b.usedPercent).toBeCloseTo((30 / 216) * 100, 6);
    expect(historyLine(targetHistory(state, T0 + 35 * MIN, 99.5))).toContain(
      'error budget: 14% used (30 m of 3 h 36 m in 30 days, SLO 99.5%)',
    );
  });
});

describe('judged against its own past', () => {
  const week = (n: number) =>
    fold(Array.from({ length: n }, (_, i) => recordAt(T0 + i * 5 * MIN, { latencyMs: 100 })));
  const limits = { latency: 50, ttft: null };
  it('is degraded above the limit, naming both figures and the baseline n', () => {
    const states = new Map([['Alpha One', week(6)]]);
    const { report } = judgeAgainstHistory(reportAt(T0 + 60 * MIN, { latencyMs: 300 }), states, limits);
    expect(report.status).toBe('degraded');
    const breach = report.targets[0]!.verdict.breaches.find((b) => b.kind === 'latency-regression')!;
    expect(breach.text).toMatch(
      /latency p95 309 ms is \d+% above its 7-day median 109 ms \(n=6 runs; max-latency-regression 50%\)/,
    );
    expect(
      judgeAgainstHistory(reportAt(T0 + 60 * MIN, { latencyMs: 120 }), states, limits).report.status,
    ).toBe('up');
  });
  it('does not judge with fewer than 5 earlier runs, and says so', () => {
    const { report } = judgeAgainstHistory(
      reportAt(T0 + 60 * MIN, { latencyMs: 900 }),
      new Map([['Alpha One', week(4)]]),
      limits,
    );
    expect(report.status).toBe('up');
    expect(report.targets[0]!.verdict.notes.join()).toContain(
      'the 7-day baseline has 4 earlier run(s), it needs 5',
    );
  });
  it('says when the model name or fingerprint changed', () => {
    const states = new Map([['Alpha One', week(2)]]);
    const { report, changes } = judgeAgainstHistory(
      reportAt(T0 + 60 * MIN, { fingerprint: 'fp_2' }),
      states,
      limits,
    );
    expect(changes).toEqual([
      {
        target: 'Alpha One',
        from: { model: 'gpt-4o-mini-2024-07-18', fingerprint: 'fp_1' },
        to: { model: 'gpt-4o-mini-2024-07-18', fingerprint: 'fp_2' },
      },
    ]);
    expect(report.targets[0]!.verdict.notes.at(-1)).toContain('system_fingerprint fp_1 → fp_2');
    expect(judgeAgainstHistory(reportAt(T0 + 60 * MIN), states, limits).changes).toEqual([]);
  });
  it('compares with the last answer, not with a down run that named no model', () => {
    const down = addRecord(week(2), recordAt(T0 + 10 * MIN, { ok: 0, model: null, fingerprint: null })).state;
    expect(down.last).toMatchObject({ status: 'down', model: null, fingerprint: null });
    const states = new Map([['Alpha One', down]]);
    expect(judgeAgainstHistory(reportAt(T0 + 15 * MIN), states, limits).changes).toEqual([]);
    expect(
      judgeAgainstHistory(reportAt(T0 + 15 * MIN, { fingerprint: 'fp_2' }), states, limits).changes,
    ).toEqual([
      {
        target: 'Alpha One',
        from: { model: 'gpt-4o-mini-2024-07-18', fingerprint: 'fp_1' },
        to: { model: 'gpt-4o-mini-2024-07-18', fingerprint: 'fp_2' },
      },
    ]);
  });
});

describe('badges and page data', () => {
  it('are Shields endpoint JSON', () => {
    const state = fold([recordAt(T0), recordAt(T0 + 5 * MIN, { ok: 0 }), recordAt(T0 + 10 * MIN)]);
    const badges = badgesOf(state, T0 + 20 * MIN);
    expect(badges['uptime-24h']).toEqual({
      schemaVersion: 1,
      label: 'uptime 24h',
      message: '75.00%',
      color: 'red',
    });
    expect(badges['response-time']!.message).toBe('109 ms');
  });
  it('keeps server text out of markup: data.js cannot close a script element', () => {
    const state = fold([recordAt(T0, { model: '</script><img src=x onerror=alert(1)>' })]);
    const js = dataScript(pageData([state], { title: 't', now: T0, slo: null, repositoryUrl: null }));
    expect(js).not.toContain('</script>');
    expect(js).toContain('\\u003c/script>');
  });
  it('skips a damaged state line with a warning, and writes the rest', () => {
    const a = fold([recordAt(T0)]);
    const text = `${JSON.stringify(a)}\n{"target":"Beta","recent":[}\n`;
    expect(parseStates(text).damaged).toBe(1);
    const plan = planWrite({ paths: new Map(), state: text, hours: new Map() }, [recordAt(T0 + 5 * MIN)], {
      now: T0 + 5 * MIN,
      slo: null,
      title: 't',
      repositoryUrl: null,
    });
    expect(plan.warnings[0]).toContain('1 damaged line(s) in history/state.jsonl skipped');
    expect(plan.states.get('Alpha One')!.recent).toHaveLength(2);
    expect([...plan.files.keys()]).toContain('api/alpha-one/uptime-24h.svg');
  });
});

describe('bounded growth: the state holds rollups, each run appends to its hour file', () => {
  const options = (now: number) => ({ now, slo: 99.5, title: 't', repositoryUrl: null });
  /** A branch in memory, written run after run through planWrite as the backends do. */
  function branch() {
    const files = new Map<string, string>();
    const shas = () => new Map([...files].map(([p, c]) => [p, blobSha(c)]));
    return {
      files,
      run(records: ReturnType<typeof recordAt>[], now: number) {
        const state = files.get(STATE_PATH) ?? null;
        const paths = shas();
        const hours = new Map(pathsToRead(records, state, paths).map((p) => [p, files.get(p) ?? null]));
        const plan = planWrite({ paths, state, hours }, records, options(now));
        for (const [p, c] of plan.files) c === null ? files.delete(p) : files.set(p, c);
        return plan;
      },
    };
  }
  const runs = Array.from({ length: 3 * 12 }, (_, i) =>
    recordAt(T0 + i * 5 * MIN + 7_000, { ok: i % 11 === 4 ? 0 : 10, latencyMs: 100 + (i % 5) * 30 }),
  );

  it('rewrites state.jsonl and the page once an hour; other runs change the hour file (and now.js)', () => {
    const b = branch();
    const changed = runs.map((r) => [...b.run([r], Date.parse(r.t) + MIN).files.keys()]);
    const stateWrites = changed.flatMap((f, i) => (f.includes(STATE_PATH) ? [i] : []));
    expect(stateWrites).toEqual([0, 12, 24]);
    expect(changed.flatMap((f, i) => (f.includes('status/data.js') ? [i] : []))).toEqual([0, 1, 12, 24]);
    for (const [i, f] of changed.entries()) {
      if ([0, 1, 12, 24].includes(i)) continue;
      const status = (n: number) => runs[n]!.status;
      expect(f).toEqual(
        status(i) === status(i - 1) ? [hourPath(runs[i]!.t)] : [hourPath(runs[i]!.t), 'status/now.js'],
      );
    }
    expect(b.files.get(STATE_PATH)).not.toContain('"recent"');
  });

  it('gives the figures the runs give: uptime, budget, badges, baseline', () => {
    const b = branch();
    for (const r of runs) b.run([r], Date.parse(r.t) + MIN);
    const now = Date.parse(runs.at(-1)!.t) + MIN;
    const fromFiles = branchStates(
      b.files.get(STATE_PATH)!,
      new Map([...b.files].filter(([p]) => p.startsWith('history/runs/'))),
    ).states.get('Alpha One')!;
    expect(fromFiles.sealed).toBe(T0 + 2 * 3_600_000);
    expect(fromFiles.recent).toHaveLength(12);
    const all = fold(runs);
    // Windows that start on the hour (or before the first run) are exact.
    for (const w of [DAY_MS, 7 * DAY_MS, 30 * DAY_MS, now - T0])
      expect(uptimeOver(fromFiles, w, now)).toBeCloseTo(uptimeOver(all, w, now)!, 9);
    expect(errorBudget(fromFiles, 99.5, now).usedMs).toBeCloseTo(errorBudget(all, 99.5, now).usedMs, 6);
    expect(badgesOf(fromFiles, now)).toEqual(badgesOf(all, now));
    const limits = { latency: 50, ttft: 50 };
    const judged = (s: TargetState) =>
      judgeAgainstHistory(reportAt(now, { latencyMs: 300 }), new Map([['Alpha One', s]]), limits).report
        .targets[0]!.verdict.breaches;
    expect(judged(fromFiles)).toEqual(judged(all));
    expect(fromFiles.incidents.map((i) => [i.start, i.end])).toEqual(
      all.incidents.map((i) => [i.start, i.end]),
    );
  });

  it('counts once a run whose hour a concurrent writer folded first', () => {
    const b = branch();
    for (const r of runs.slice(0, 11)) b.run([r], Date.parse(r.t) + MIN);
    // The run of 00:55 writes after the run of 01:00 has folded the first hour.
    b.run([runs[12]!], Date.parse(runs[12]!.t) + MIN);
    const late = b.run([runs[11]!], Date.parse(runs[12]!.t) + 2 * MIN);
    expect(late.outcomes).toEqual(['added']);
    expect([...late.files.keys()]).toContain(STATE_PATH);
    expect(b.run([runs[11]!], Date.parse(runs[12]!.t) + 3 * MIN).outcomes).toEqual(['duplicate']);
    for (const r of runs.slice(13)) b.run([r], Date.parse(r.t) + MIN);
    const inOrder = branch();
    for (const r of runs) inOrder.run([r], Date.parse(r.t) + MIN);
    const rows = (x: ReturnType<typeof branch>) =>
      parseStates(x.files.get(STATE_PATH)!).states.get('Alpha One')!;
    expect(rows(b).hours).toEqual(rows(inOrder).hours);
    expect(rows(b).days).toEqual(rows(inOrder).days);
    expect(rows(b).tail).toEqual(rows(inOrder).tail);
  });

  it('reads a state line of the earlier format (a week of runs inline) and folds it once', () => {
    const old = { ...fold(runs.slice(0, 20)), sealed: undefined, tail: undefined };
    const plan = planWrite(
      { paths: new Map(), state: `${JSON.stringify(old)}\n`, hours: new Map() },
      [runs[20]!],
      options(Date.parse(runs[20]!.t) + MIN),
    );
    const now = Date.parse(runs[20]!.t) + MIN;
    const s = plan.states.get('Alpha One')!;
    expect(s.hours.reduce((n, h) => n + h.runs, 0) + s.recent.length).toBe(21);
    expect(uptimeOver(s, DAY_MS, now)).toBeCloseTo(uptimeOver(fold(runs.slice(0, 21)), DAY_MS, now)!, 9);
  });
});
