import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * How late this process's event loop ran while the bursts were in flight. Every timestamp a check takes
 * (request written, first content, last byte) is taken by that loop, so each can be late by as much:
 * on a busy runner (many targets, short intervals, a small machine) the figures read high by up to this
 * delay, and the summary says so instead of passing them off as exact.
 */
export interface LoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How many times the loop was sampled (every 5 ms while the bursts ran). */
  samples: number;
}

/** The sampling timer's period; each sample is the period plus how late the timer fired. */
const RESOLUTION_MS = 5;

/**
 * Above this p99, the run's timings carry the runner's own load and the run says so. A few ms is the
 * checks' own work (a reply's chunks are parsed on the same loop); tens of ms is a runner with more
 * checks in flight than it can serve: 26 ms at 50 targets every 0.25 s on 2 cores, 6 ms at 25.
 */
export const BUSY_LOOP_P99_MS = 20;
/** Fewer samples than this (bursts shorter than 100 ms) make a p99 of one sample: not judged. */
const MIN_SAMPLES = 20;

/** Starts watching; the function returned stops and reads the delay (zero when no sample was taken). */
export function watchLoopDelay(): () => LoopDelay {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  return () => {
    histogram.disable();
    if (histogram.count === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0, samples: 0 };
    const late = (ns: number) => Math.round(Math.max(0, ns / 1e6 - RESOLUTION_MS) * 100) / 100;
    return {
      p50Ms: late(histogram.percentile(50)),
      p99Ms: late(histogram.percentile(99)),
      maxMs: late(histogram.max),
      samples: histogram.count,
    };
  };
}

/** The worst of several runs' delays, each figure on its own (aggregate mode). */
export function worstLoopDelay(delays: readonly (LoopDelay | null | undefined)[]): LoopDelay | null {
  const seen = delays.filter((d): d is LoopDelay => d != null);
  if (seen.length === 0) return null;
  return {
    p50Ms: Math.max(...seen.map((d) => d.p50Ms)),
    p99Ms: Math.max(...seen.map((d) => d.p99Ms)),
    maxMs: Math.max(...seen.map((d) => d.maxMs)),
    samples: Math.max(...seen.map((d) => d.samples)),
  };
}

/**
 * What to say when the runner's load may have made the timings read high; null when it did not. Plain
 * text of figures this process measured itself (never server text).
 */
export function busyNote(delay: LoopDelay | null | undefined): string | null {
  if (!delay || delay.samples < MIN_SAMPLES || delay.p99Ms <= BUSY_LOOP_P99_MS) return null;
  return `this runner was busy while it probed: its event loop ran up to ${Math.round(delay.maxMs)} ms late (p99 ${delay.p99Ms.toFixed(1)} ms, median ${delay.p50Ms.toFixed(1)} ms), so every latency and TTFT can read high by as much; fewer targets per job (a matrix of jobs) or a longer interval give exact figures`;
}
