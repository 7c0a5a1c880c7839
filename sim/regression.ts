/**
 * `max-latency-regression` / `max-ttft-regression` over the simulated month: the same world (late and
 * dropped runs, background errors, 429 bursts, short latency spikes, outages) plus sustained slow-downs
 * (the provider 1.3–3× slower for 30 minutes to 8 hours, what "this model got slower" means). Each run's
 * checks go through judgeTarget (the stats) and the action's own regressionFindings against the 7-day
 * baseline of the runs before it (src/history/judge.ts and state.ts), for each candidate limit.
 */

import { parseConfig } from '../src/config/index.ts';
import { regressionFindings } from '../src/history/judge.ts';
import { emptyState, type Point } from '../src/history/state.ts';
import { judgeTarget } from '../src/pipeline.ts';
import type { CheckResult } from '../src/probe/result.ts';
import { burst } from './provider.ts';
import { logUniform, seededRandom, uniform } from './random.ts';
import { during, generateWorld, type Spike, type World } from './world.ts';

const MINUTE = 60_000;

export const SLOWDOWN = {
  perMonth: 8,
  minutes: [30, 480] as [number, number],
  factor: [1.3, 3] as [number, number],
};

/** Candidate limits (percent above the 7-day median); null = off. */
export const CANDIDATES: (number | null)[] = [null, 25, 50, 100, 200];

/** The defaults in src/inputs.ts and action.yml (null = off). */
export const DEFAULT_LIMIT: number | null = null;

export interface RegressionScore {
  limit: number | null;
  /** Runs outside every slow-down judged degraded by the regression rule. */
  falseDegraded: number;
  /** Slow-downs with at least one run that answered during them, and those a run flagged. */
  slowdowns: number;
  caught: number;
  /** Slow-downs by their factor: caught of all, for those under 1.5× and 2× or more. */
  mild: { caught: number; all: number };
  strong: { caught: number; all: number };
  /** Runs during slow-downs flagged, of runs during slow-downs that answered. */
  slowRunsFlagged: number;
  slowRuns: number;
}

export function generateSlowdowns(seed: number, world: World): Spike[] {
  const random = seededRandom(seed + 10_000);
  const list: Spike[] = [];
  const months = world.assumptions.days / 30;
  for (let i = 0; i < Math.round(SLOWDOWN.perMonth * months); i++) {
    const length = logUniform(random, SLOWDOWN.minutes[0], SLOWDOWN.minutes[1]) * MINUTE;
    // Not in the first week: the baseline needs one.
    const start = uniform(random, world.start + 7 * 1440 * MINUTE, world.end - length);
    list.push({
      start,
      end: start + length,
      factor: uniform(random, SLOWDOWN.factor[0], SLOWDOWN.factor[1]),
    });
  }
  return list.sort((a, b) => a.start - b.start);
}

function slowed(checks: CheckResult[], slowdowns: Spike[], timeoutMs: number): CheckResult[] {
  return checks.map((c) => {
    const factor = during(slowdowns, Date.parse(c.startedAt))?.factor;
    if (!factor || c.category !== 'ok') return c;
    const latencyMs = Math.round(c.latencyMs * factor);
    if (latencyMs > timeoutMs)
      return {
        ...c,
        category: 'timeout',
        latencyMs: timeoutMs,
        ttftMs: null,
        error: 'no reply before the deadline',
      };
    return { ...c, latencyMs, ttftMs: c.ttftMs === null ? null : Math.round(c.ttftMs * factor) };
  });
}

export function simulateRegression(seed: number, candidates = CANDIDATES): RegressionScore[] {
  const world = generateWorld(seed);
  const slowdowns = generateSlowdowns(seed, world);
  const config = parseConfig({ model: 'sim-model', 'base-url': 'http://127.0.0.1:9/v1' });
  const target = config.targets[0]!;
  const plan = {
    checks: config.checks,
    intervalMs: config.intervalMs,
    timeoutMs: config.timeoutMs,
    stopOnSuccess: false,
  };
  const scores = candidates.map(
    (limit): RegressionScore => ({
      limit,
      falseDegraded: 0,
      slowdowns: 0,
      caught: 0,
      mild: { caught: 0, all: 0 },
      strong: { caught: 0, all: 0 },
      slowRunsFlagged: 0,
      slowRuns: 0,
    }),
  );
  const flaggedIn = candidates.map(() => new Set<Spike>());
  const answered = new Set<Spike>();
  const state = emptyState('sim');
  for (const run of world.runs) {
    const checks = slowed(burst(world, run, plan), slowdowns, plan.timeoutMs);
    const report = judgeTarget(target, checks, config);
    const slow = during(slowdowns, run.startedAt);
    const hasFigure = report.stats.latency.atThreshold !== null;
    if (slow && hasFigure) answered.add(slow);
    // The 7-day baseline is the week before this run (the real state keeps 8 days of points).
    state.recent = state.recent.filter((p) => p.t >= run.startedAt - 8 * 1440 * MINUTE);
    candidates.forEach((limit, i) => {
      if (limit === null) return;
      const { breaches } = regressionFindings(report, state, { latency: limit, ttft: limit }, run.startedAt);
      const s = scores[i]!;
      if (slow && hasFigure) s.slowRuns++;
      if (breaches.length === 0) return;
      if (slow) {
        s.slowRunsFlagged++;
        flaggedIn[i]!.add(slow);
      } else s.falseDegraded++;
    });
    const point: Point = {
      t: run.startedAt,
      s: report.status,
      m: false,
      loc: null,
      p50: report.stats.latency.p50,
      p95: report.stats.latency.p95,
      atP: report.stats.latency.atThreshold,
      ttft: report.stats.ttft.p95,
      ttftAtP: report.stats.ttft.atThreshold,
    };
    state.recent.push(point);
  }
  candidates.forEach((_, i) => {
    const s = scores[i]!;
    s.slowdowns = answered.size;
    s.caught = flaggedIn[i]!.size;
    for (const d of answered) {
      const bucket = d.factor < 1.5 ? s.mild : d.factor >= 2 ? s.strong : null;
      if (!bucket) continue;
      bucket.all++;
      if (flaggedIn[i]!.has(d)) bucket.caught++;
    }
  });
  return scores;
}

/** Summed over `months` seeds from `seed`. */
export function simulateRegressionMonths(seed: number, months: number): RegressionScore[] {
  const all = Array.from({ length: months }, (_, i) => simulateRegression(seed + i));
  return all[0]!.map((first, i) => {
    const sum = (f: (s: RegressionScore) => number) => all.reduce((t, m) => t + f(m[i]!), 0);
    return {
      limit: first.limit,
      falseDegraded: sum((s) => s.falseDegraded),
      slowdowns: sum((s) => s.slowdowns),
      caught: sum((s) => s.caught),
      mild: { caught: sum((s) => s.mild.caught), all: sum((s) => s.mild.all) },
      strong: { caught: sum((s) => s.strong.caught), all: sum((s) => s.strong.all) },
      slowRunsFlagged: sum((s) => s.slowRunsFlagged),
      slowRuns: sum((s) => s.slowRuns),
    };
  });
}

const share = (a: number, b: number) => (b === 0 ? '–' : `${a} of ${b}`);

export function renderRegressionTable(scores: RegressionScore[]): string {
  const rows = scores.map((s) => {
    const name = s.limit === null ? 'off' : `${s.limit}%`;
    return `| ${[
      s.limit === DEFAULT_LIMIT ? `**${name} (default)**` : name,
      s.limit === null ? '0' : s.falseDegraded.toLocaleString('en-US'),
      `${s.caught} of ${s.slowdowns}`,
      share(s.mild.caught, s.mild.all),
      share(s.strong.caught, s.strong.all),
      share(s.slowRunsFlagged, s.slowRuns),
    ].join(' | ')} |`;
  });
  return [
    '| max-latency-regression = max-ttft-regression | false degraded runs | slow-downs caught | of them under 1.5× | of them 2× or more | runs during slow-downs flagged |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function renderRegressionSection(scores: RegressionScore[], runs: number): string {
  const at = (limit: number) => scores.find((s) => s.limit === limit);
  const hundred = at(100);
  const twoHundred = at(200);
  return `## Regression against a target's own past

The same month, with ${SLOWDOWN.perMonth} sustained slow-downs added (the provider ${SLOWDOWN.factor[0]}–${SLOWDOWN.factor[1]}× slower for
${SLOWDOWN.minutes[0]} minutes to ${SLOWDOWN.minutes[1] / 60} hours, log-uniform, none in the first week), what \`max-latency-regression\`
and \`max-ttft-regression\` are for. Each of the ${runs.toLocaleString('en-US')} runs' checks go through \`judgeTarget\` and the action's
own \`regressionFindings\` against the 7-day median of the runs before it (\`src/history/judge.ts\`,
\`state.ts\`), both limits set to the same value. A **false degraded run** is one judged degraded by the
rule outside every slow-down (its cause: the noise of a 10-check p95, and the short latency spikes of the
world above); a slow-down is **caught** when a run during it is judged degraded.

${renderRegressionTable(scores)}

**Default: off.** 25%–100% catch every sustained slow-down (200% misses the milder ones), but none is
quiet enough to be on for everyone: ${hundred ? `at 100% the month has ${hundred.falseDegraded} false degraded runs` : ''}${twoHundred ? `, at 200% ${twoHundred.falseDegraded}` : ''}, and with
\`fail-on: degraded\` (the default) each one fails the step. Below 100% the false runs are mostly the noise of a 10-check p95; above it, the short latency
spikes (2–10×, a few minutes, a few times a day) that land on a run, which no limit tells from a real
slow-down. Turned on, 100% is the
value to start from (a model twice as slow as its own week); lower values flag ordinary bursts.
`;
}
