// The simulation's pure parts (sim/), so `npm run simulate` cannot silently break: the seeded month,
// and the policy runner and its score on small scenarios written out by hand.
import { describe, expect, it } from 'vitest';
import { GATUS, isDefault, POLICIES, UPPTIME } from '../sim/policies.ts';
import { type Policy, runPolicy } from '../sim/policy.ts';
import { keyedRandom, seededRandom } from '../sim/random.ts';
import { score } from '../sim/score.ts';
import {
  ASSUMPTIONS,
  type Assumptions,
  buildWorld,
  generateOutages,
  generateRuns,
  generateWorld,
  type Outage,
  type World,
} from '../sim/world.ts';

const MINUTE = 60_000;
const START = Date.parse('2026-05-01T00:00:00Z');

describe('the seeded month', () => {
  it('is the same for the same seed, and another for another', () => {
    expect(Array.from({ length: 3 }, seededRandom(7))).toEqual(Array.from({ length: 3 }, seededRandom(7)));
    expect(seededRandom(7)()).not.toBe(seededRandom(8)());
    expect(keyedRandom(1, 2, 3)).toBe(keyedRandom(1, 2, 3));
    expect(keyedRandom(1, 2, 3)).not.toBe(keyedRandom(1, 3, 2));
    const a = generateWorld(42);
    const b = generateWorld(42);
    expect(b.outages).toEqual(a.outages);
    expect(b.runs.map((r) => r.startedAt)).toEqual(a.runs.map((r) => r.startedAt));
    expect(generateWorld(43).outages).not.toEqual(a.outages);
  });

  it('injects the outages asked for: inside the month, 5–120 min, never overlapping or closer than the gap', () => {
    const outages = generateOutages(seededRandom(3), START, ASSUMPTIONS);
    expect(outages).toHaveLength(ASSUMPTIONS.outages);
    const end = START + ASSUMPTIONS.days * 1440 * MINUTE;
    for (const [i, o] of outages.entries()) {
      expect(o.start).toBeGreaterThanOrEqual(START);
      expect(o.end).toBeLessThanOrEqual(end);
      expect((o.end - o.start) / MINUTE).toBeGreaterThanOrEqual(5);
      expect((o.end - o.start) / MINUTE).toBeLessThanOrEqual(120);
      expect(o.failureRate === 1 || (o.failureRate >= 0.3 && o.failureRate <= 0.8)).toBe(true);
      const next = outages[i + 1];
      if (next) expect(next.start - o.end).toBeGreaterThanOrEqual(ASSUMPTIONS.minGapMinutes * MINUTE);
    }
    const full = outages.filter((o) => o.failureRate === 1).length / outages.length;
    expect(full).toBeGreaterThan(0.4);
    expect(full).toBeLessThan(0.8);
  });

  it('starts runs late, later at the top of the hour, drops some, and keeps them in start order', () => {
    const { runs, dropped } = generateRuns(seededRandom(5), START, ASSUMPTIONS);
    const slots = (ASSUMPTIONS.days * 1440) / ASSUMPTIONS.intervalMinutes;
    expect(runs.length + dropped).toBe(slots);
    expect(dropped / slots).toBeGreaterThan(0.01);
    expect(dropped / slots).toBeLessThan(0.06);
    const delays = (topOfHour: boolean) => {
      const picked = runs.filter((r) => (new Date(r.scheduledAt).getUTCMinutes() === 0) === topOfHour);
      return picked.reduce((sum, r) => sum + (r.startedAt - r.scheduledAt), 0) / picked.length / MINUTE;
    };
    expect(delays(false)).toBeGreaterThan(1);
    expect(delays(false)).toBeLessThan(3);
    expect(delays(true)).toBeGreaterThan(7);
    for (let i = 1; i < runs.length; i++)
      expect(runs[i]!.startedAt).toBeGreaterThanOrEqual(runs[i - 1]!.startedAt);
  });
});

/** A quiet day (no background errors, no jitter) with runs every 5 minutes and the given outages. */
function scripted(outages: Outage[], blips: number[] = []): World {
  const quiet: Assumptions = {
    ...ASSUMPTIONS,
    days: 1,
    serverErrorRate: 0,
    rateLimitBurstsPerDay: 0,
    latencySpikesPerDay: 0,
  };
  const runs = Array.from({ length: 288 }, (_, index) => ({
    index,
    scheduledAt: START + index * 5 * MINUTE,
    startedAt: START + index * 5 * MINUTE,
    runnerBlip: blips.includes(index),
  }));
  return buildWorld({
    seed: 1,
    assumptions: quiet,
    start: START,
    end: START + 1440 * MINUTE,
    outages,
    rateLimitBursts: [],
    latencySpikes: [],
    runs,
    dropped: 0,
  });
}

const policy = (openAfter: number, closeAfter: number): Policy => ({
  name: `open-after ${openAfter}`,
  inputs: { checks: '5', interval: '1', 'open-after': String(openAfter), 'close-after': String(closeAfter) },
});

/** A full outage from 10:01 to 10:31: runs at 10:05, 10:10 … 10:30 see it. */
const TEN_AM = START + 600 * MINUTE;
const OUTAGE: Outage = { start: TEN_AM + MINUTE, end: TEN_AM + 31 * MINUTE, failureRate: 1 };

describe('a policy through the product’s verdict and tracker', () => {
  it('opens on the second breached run and closes after two healthy ones', () => {
    const world = scripted([OUTAGE]);
    const run = runPolicy(world, policy(2, 2));
    expect(run.events.map((e) => [e.action, (e.runStartedAt - TEN_AM) / MINUTE])).toEqual([
      ['opened', 10],
      ['closed', 40],
    ]);
    expect(run.requests).toBe(288 * 5);
    const s = score(world, run);
    expect(s).toMatchObject({
      falseIssues: 0,
      missed: 0,
      longMissed: 0,
      longSlow: 0,
      longOutages: 1,
      flaps: 0,
    });
    // From 10:01 to the end of the 10:10 burst: five failed checks, each a 503 or a 30 s timeout.
    expect(s.medianDelayMinutes).toBeGreaterThan(9);
    expect(s.medianDelayMinutes).toBeLessThanOrEqual(9 + 2.5);
    // Open from the end of that burst to the end of the 10:40 one (a few seconds of healthy checks).
    expect(s.issueOpenMinutes).toBeCloseTo(30 - (s.medianDelayMinutes! - 9), 0);
  });

  it('a runner without network for one run: a false issue with open-after 1, none with open-after 2', () => {
    const world = scripted([], [100]);
    expect(score(world, runPolicy(world, policy(1, 1))).falseIssues).toBe(1);
    expect(score(world, runPolicy(world, policy(2, 1))).falseIssues).toBe(0);
  });

  it('open-after 3 finds a 30-minute outage only on the third run: later than the rule asks', () => {
    const world = scripted([OUTAGE]);
    expect(score(world, runPolicy(world, policy(3, 1)))).toMatchObject({ missed: 0, longSlow: 1 });
  });

  it('a 6-minute outage that one run saw is missed by open-after 2, and not counted as a long one', () => {
    const world = scripted([{ start: TEN_AM + 4 * MINUTE, end: TEN_AM + 10 * MINUTE, failureRate: 1 }]);
    expect(score(world, runPolicy(world, policy(2, 1)))).toMatchObject({
      missed: 1,
      longMissed: 0,
      longOutages: 0,
    });
    expect(score(world, runPolicy(world, policy(1, 1)))).toMatchObject({ missed: 0, falseIssues: 0 });
  });

  it('Upptime-style re-tests stop at the first success; Gatus-style sends one check a run', () => {
    const world = scripted([OUTAGE]);
    const upptime = runPolicy(world, UPPTIME);
    // Three tries in each of the six runs inside the outage, one elsewhere.
    expect(upptime.requests).toBe(288 + 6 * 2);
    expect(upptime.events.map((e) => e.action)).toEqual(['opened', 'closed']);
    const gatus = runPolicy(world, GATUS);
    expect(gatus.requests).toBe(288);
    expect(gatus.events.map((e) => [e.action, (e.runStartedAt - TEN_AM) / MINUTE])).toEqual([
      ['opened', 15],
      ['closed', 40],
    ]);
  });

  it('exactly one of the compared policies is the action’s defaults', () => {
    expect(POLICIES.filter(isDefault)).toHaveLength(1);
  });
});
