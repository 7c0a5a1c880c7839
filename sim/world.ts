/**
 * The simulated month: when the scheduled runs really start (GitHub's cron is late, more so at the top
 * of the hour, and drops some runs), and what the provider goes through (outages, bursts of 429s,
 * latency spikes, a runner whose network fails for a run). All from one seed.
 */
import { exponential, logUniform, seededRandom, uniform } from './random.ts';

const MINUTE = 60_000;

export interface Assumptions {
  days: number;
  /** The cron interval the workflow asks for. */
  intervalMinutes: number;
  /** Mean start delay of a scheduled run (exponential), and of the runs due at the top of the hour. */
  meanDelayMinutes: number;
  meanDelayTopOfHourMinutes: number;
  /** Share of scheduled runs GitHub drops, and of those due at the top of the hour. */
  dropRate: number;
  dropRateTopOfHour: number;
  /** Share of runs whose runner cannot reach the provider at all (DNS, egress): every request fails. */
  runnerBlipRate: number;
  /** Injected outages: how many, how long (log-uniform), the share that fails every request. */
  outages: number;
  outageMinutes: [number, number];
  fullOutageShare: number;
  /** A partial outage fails this share of requests (uniform). */
  partialFailureRate: [number, number];
  /** Outages never touch: at least this long between one's end and the next one's start. */
  minGapMinutes: number;
  /** Background 5xx per request outside outages. */
  serverErrorRate: number;
  /** Short bursts of 429s: per day, length in seconds, share of requests refused during one. */
  rateLimitBurstsPerDay: number;
  rateLimitBurstSeconds: [number, number];
  rateLimitShare: number;
  /** Latency spikes: per day, length in minutes, latency multiplied by a factor in this range. */
  latencySpikesPerDay: number;
  latencySpikeMinutes: [number, number];
  latencySpikeFactor: [number, number];
  /** Healthy latency: log-normal with this median (ms) and sigma. */
  medianLatencyMs: number;
  latencySigma: number;
}

export const ASSUMPTIONS: Assumptions = {
  days: 30,
  intervalMinutes: 5,
  meanDelayMinutes: 2,
  meanDelayTopOfHourMinutes: 10,
  dropRate: 0.02,
  dropRateTopOfHour: 0.1,
  runnerBlipRate: 0.002,
  outages: 60,
  outageMinutes: [5, 120],
  fullOutageShare: 0.6,
  partialFailureRate: [0.3, 0.8],
  minGapMinutes: 60,
  serverErrorRate: 0.005,
  rateLimitBurstsPerDay: 4,
  rateLimitBurstSeconds: [20, 120],
  rateLimitShare: 0.6,
  latencySpikesPerDay: 3,
  latencySpikeMinutes: [1, 4],
  latencySpikeFactor: [2, 10],
  medianLatencyMs: 900,
  latencySigma: 0.35,
};

export interface Span {
  start: number;
  end: number;
}

export interface Outage extends Span {
  /** Share of requests that fail during the outage: 1 for a full one. */
  failureRate: number;
}

export interface Spike extends Span {
  factor: number;
}

/** What the provider goes through around one run (a look-up per request would cost the whole month). */
export interface Conditions {
  outages: Outage[];
  rateLimitBursts: Span[];
  latencySpikes: Spike[];
}

export interface Run {
  /** Position among the runs that happened, in start order. */
  index: number;
  scheduledAt: number;
  startedAt: number;
  /** The runner reaches nothing this run. */
  runnerBlip: boolean;
  /** The spans that overlap the few minutes a run's checks can take. */
  nearby: Conditions;
}

/** Longer than any burst of checks: 1000 checks at the default interval stay well within it. */
const RUN_REACH = 30 * MINUTE;

export interface World {
  seed: number;
  assumptions: Assumptions;
  start: number;
  end: number;
  outages: Outage[];
  rateLimitBursts: Span[];
  latencySpikes: Spike[];
  runs: Run[];
  /** Scheduled runs GitHub dropped. */
  dropped: number;
}

/** Outages at random times, none overlapping or closer than minGapMinutes; sorted by start. */
export function generateOutages(random: () => number, start: number, a: Assumptions): Outage[] {
  const end = start + a.days * 1440 * MINUTE;
  const outages: Outage[] = [];
  for (let tries = 0; outages.length < a.outages && tries < a.outages * 100; tries++) {
    const length = logUniform(random, a.outageMinutes[0], a.outageMinutes[1]) * MINUTE;
    const at = uniform(random, start, end - length);
    const full = random() < a.fullOutageShare;
    const failureRate = full ? 1 : uniform(random, a.partialFailureRate[0], a.partialFailureRate[1]);
    const gap = a.minGapMinutes * MINUTE;
    if (outages.some((o) => at < o.end + gap && o.start < at + length + gap)) continue;
    outages.push({ start: at, end: at + length, failureRate });
  }
  return outages.sort((x, y) => x.start - y.start);
}

/** `count` spans at random times, each `length()` long. */
function spans(
  random: () => number,
  start: number,
  end: number,
  count: number,
  length: () => number,
): Span[] {
  return Array.from({ length: count }, () => {
    const at = uniform(random, start, end);
    return { start: at, end: at + length() };
  }).sort((x, y) => x.start - y.start);
}

/** The runs that happen: one per cron slot, late by an exponential delay, some dropped; in start order. */
export function generateRuns(
  random: () => number,
  start: number,
  a: Assumptions,
): { runs: Omit<Run, 'nearby'>[]; dropped: number } {
  const slots = (a.days * 1440) / a.intervalMinutes;
  const runs: Omit<Run, 'index' | 'nearby'>[] = [];
  let dropped = 0;
  for (let slot = 0; slot < slots; slot++) {
    const scheduledAt = start + slot * a.intervalMinutes * MINUTE;
    const topOfHour = (slot * a.intervalMinutes) % 60 === 0;
    if (random() < (topOfHour ? a.dropRateTopOfHour : a.dropRate)) {
      dropped++;
      continue;
    }
    const delay = exponential(random, topOfHour ? a.meanDelayTopOfHourMinutes : a.meanDelayMinutes);
    runs.push({
      scheduledAt,
      startedAt: scheduledAt + delay * MINUTE,
      runnerBlip: random() < a.runnerBlipRate,
    });
  }
  runs.sort((x, y) => x.startedAt - y.startedAt);
  return { runs: runs.map((run, index) => ({ ...run, index })), dropped };
}

export function generateWorld(seed: number, a: Assumptions = ASSUMPTIONS): World {
  const random = seededRandom(seed);
  const start = Date.parse('2026-05-01T00:00:00Z');
  const end = start + a.days * 1440 * MINUTE;
  const outages = generateOutages(random, start, a);
  const rateLimitBursts = spans(
    random,
    start,
    end,
    Math.round(a.rateLimitBurstsPerDay * a.days),
    () => uniform(random, a.rateLimitBurstSeconds[0], a.rateLimitBurstSeconds[1]) * 1000,
  );
  const latencySpikes = spans(
    random,
    start,
    end,
    Math.round(a.latencySpikesPerDay * a.days),
    () => uniform(random, a.latencySpikeMinutes[0], a.latencySpikeMinutes[1]) * MINUTE,
  ).map((span) => ({ ...span, factor: uniform(random, a.latencySpikeFactor[0], a.latencySpikeFactor[1]) }));
  const { runs, dropped } = generateRuns(random, start, a);
  return buildWorld({
    seed,
    assumptions: a,
    start,
    end,
    outages,
    rateLimitBursts,
    latencySpikes,
    runs,
    dropped,
  });
}

/** A world from its parts (generated, or written out by a test): each run learns what is near it. */
export function buildWorld(parts: Omit<World, 'runs'> & { runs: Omit<Run, 'nearby'>[] }): World {
  const near = <T extends Span>(list: T[], run: { startedAt: number }) =>
    list.filter((span) => span.start < run.startedAt + RUN_REACH && run.startedAt < span.end);
  return {
    ...parts,
    runs: parts.runs.map((run) => ({
      ...run,
      nearby: {
        outages: near(parts.outages, run),
        rateLimitBursts: near(parts.rateLimitBursts, run),
        latencySpikes: near(parts.latencySpikes, run),
      },
    })),
  };
}

/** The span of `list` that holds `t`, if any. */
export function during<T extends Span>(list: readonly T[], t: number): T | undefined {
  return list.find((span) => span.start <= t && t < span.end);
}
