/**
 * How a policy did over the month, against the outages the world injected.
 * - An outage is detected when an issue opens (or reopens) between its start and GRACE after its end,
 *   or when an issue is already open as it starts; the delay runs from its start to that opening.
 * - Runs to detect: the runs that started between the outage's start and the start of the run that
 *   opened the issue, that one included. "Within two runs": the first or second run that could see the
 *   outage opened the issue.
 * - A false issue is an opening outside every outage (plus GRACE).
 * - A flap is a further opening during an outage already detected (the issue closed and reopened).
 */
import type { PolicyRun } from './policy.ts';
import type { World } from './world.ts';

const MINUTE = 60_000;
/** A run that started just before an outage ended decides a few seconds after. */
export const GRACE_MS = 2 * MINUTE;
/** The outages the acceptance rule is about. */
export const LONG_OUTAGE_MINUTES = 10;

export interface Score {
  name: string;
  falseIssues: number;
  flaps: number;
  missed: number;
  /** Outages of LONG_OUTAGE_MINUTES or more: missed, and detected later than the second run. */
  longMissed: number;
  longSlow: number;
  longOutages: number;
  /** Minutes from an outage's start to its issue, over the detected outages. */
  medianDelayMinutes: number | null;
  worstDelayMinutes: number | null;
  issueOpenMinutes: number;
  outageMinutes: number;
  requests: number;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The spans during which an issue was open, from the events. */
function openSpans(run: PolicyRun, end: number): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let openedAt: number | null = null;
  for (const event of run.events) {
    if (event.action === 'closed' && openedAt !== null) {
      spans.push({ start: openedAt, end: event.at });
      openedAt = null;
    } else if (event.action !== 'closed' && openedAt === null) {
      openedAt = event.at;
    }
  }
  if (openedAt !== null) spans.push({ start: openedAt, end });
  return spans;
}

export function score(world: World, run: PolicyRun): Score {
  const openings = run.events.filter((e) => e.action !== 'closed');
  const spans = openSpans(run, world.end);
  const explained = new Set<number>();
  const delays: number[] = [];
  let missed = 0;
  let flaps = 0;
  let longMissed = 0;
  let longSlow = 0;
  let longOutages = 0;
  for (const outage of world.outages) {
    const long = outage.end - outage.start >= LONG_OUTAGE_MINUTES * MINUTE;
    if (long) longOutages++;
    const inside = openings.filter((e) => e.at >= outage.start && e.at <= outage.end + GRACE_MS);
    for (const e of inside) explained.add(e.at);
    const alreadyOpen = spans.some((s) => s.start < outage.start && s.end > outage.start);
    const first = inside[0];
    if (!alreadyOpen && !first) {
      missed++;
      if (long) longMissed++;
      continue;
    }
    flaps += Math.max(0, inside.length - (alreadyOpen ? 0 : 1));
    delays.push(alreadyOpen ? 0 : (first!.at - outage.start) / MINUTE);
    const openingRun = alreadyOpen ? outage.start : first!.runStartedAt;
    const runsToDetect = world.runs.filter(
      (r) => r.startedAt >= outage.start && r.startedAt <= openingRun,
    ).length;
    if (long && runsToDetect > 2) longSlow++;
  }
  return {
    name: run.policy.name,
    falseIssues: openings.filter((e) => !explained.has(e.at)).length,
    flaps,
    missed,
    longMissed,
    longSlow,
    longOutages,
    medianDelayMinutes: median(delays),
    worstDelayMinutes: delays.length > 0 ? Math.max(...delays) : null,
    issueOpenMinutes: spans.reduce((sum, s) => sum + (s.end - s.start), 0) / MINUTE,
    outageMinutes: world.outages.reduce((sum, o) => sum + (o.end - o.start), 0) / MINUTE,
    requests: run.requests,
  };
}
