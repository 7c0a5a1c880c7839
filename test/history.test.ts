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
import { parseStates, planWrite } from '../src/history/store.js';
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
