import { z } from 'zod';
import type { Status } from '../status.js';
import type { HistoryRecord } from './record.js';

/**
 * A target's memory, kept as one JSON line in history/state.jsonl: the last week of runs, hourly rows
 * for 31 days and daily rows for 400 days (Gatus's shape: rows of totals, hourly merged into daily), its
 * incidents and the identities it answered with. All pure: records in, state out.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** A run stands for at most this long; past it, the gap is "no data" (GitHub drops and delays runs). */
export const RUN_CAP_MS = 30 * 60_000;
export const RECENT_MS = 8 * DAY_MS;
export const HOURS_KEPT = 31 * 24;
export const DAYS_KEPT = 400;
export const INCIDENTS_KEPT = 200;
export const IDENTITIES_KEPT = 50;

/** Time parts of a bucket, ms: what each run covered (up, degraded, down, maintenance) and the gaps. */
export interface Row {
  t: number;
  up: number;
  deg: number;
  down: number;
  maint: number;
  gap: number;
  runs: number;
  /** Medians over the bucket's runs of each run's p50, p95 and TTFT p95. */
  p50: number | null;
  p95: number | null;
  ttft: number | null;
}

/** A run as the state keeps it for a week: for the 24 h chart, the intervals and the baseline. */
export interface Point {
  t: number;
  s: Status;
  m: boolean;
  loc: string | null;
  p50: number | null;
  p95: number | null;
  atP: number | null;
  ttft: number | null;
  ttftAtP: number | null;
}

export interface Incident {
  start: number;
  end: number | null;
  issue: number | null;
  runUrl: string | null;
}

export interface Identity {
  model: string | null;
  fingerprint: string | null;
  firstSeen: number;
  lastSeen: number;
}

export interface TargetState {
  target: string;
  /** The newest record, as stored (the page's current status). */
  last: HistoryRecord | null;
  recent: Point[];
  hours: Row[];
  days: Row[];
  incidents: Incident[];
  identities: Identity[];
}

const ms = z.number().finite();
const nfig = z.number().finite().nullable();
const status = z.enum(['up', 'degraded', 'down']);
const rowSchema = z.object({
  t: ms,
  up: ms.min(0),
  deg: ms.min(0),
  down: ms.min(0),
  maint: ms.min(0),
  gap: ms.min(0),
  runs: z.number().int().min(0),
  p50: nfig,
  p95: nfig,
  ttft: nfig,
});

export function stateSchema(recordSchema: z.ZodType<HistoryRecord>): z.ZodType<TargetState> {
  return z.object({
    target: z.string().max(500),
    last: recordSchema.nullable(),
    recent: z
      .array(
        z.object({
          t: ms,
          s: status,
          m: z.boolean(),
          loc: z.string().max(500).nullable(),
          p50: nfig,
          p95: nfig,
          atP: nfig,
          ttft: nfig,
          ttftAtP: nfig,
        }),
      )
      .max(100_000),
    hours: z.array(rowSchema).max(HOURS_KEPT + 48),
    days: z.array(rowSchema).max(DAYS_KEPT + 2),
    incidents: z
      .array(
        z.object({
          start: ms,
          end: ms.nullable(),
          issue: z.number().int().min(0).nullable(),
          runUrl: z.string().max(2000).nullable(),
        }),
      )
      .max(INCIDENTS_KEPT + 10),
    identities: z
      .array(
        z.object({
          model: z.string().max(500).nullable(),
          fingerprint: z.string().max(500).nullable(),
          firstSeen: ms,
          lastSeen: ms,
        }),
      )
      .max(IDENTITIES_KEPT + 20),
  });
}

export const emptyState = (target: string): TargetState => ({
  target,
  last: null,
  recent: [],
  hours: [],
  days: [],
  incidents: [],
  identities: [],
});

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const emptyRow = (t: number): Row => ({
  t,
  up: 0,
  deg: 0,
  down: 0,
  maint: 0,
  gap: 0,
  runs: 0,
  p50: null,
  p95: null,
  ttft: null,
});

type Part = 'up' | 'deg' | 'down' | 'maint' | 'gap';
const partOf = (p: Point): Part =>
  p.m ? 'maint' : p.s === 'up' ? 'up' : p.s === 'degraded' ? 'deg' : 'down';

/** Adds `sign × ms` of `part` over [from, to) to the rows of `size`, split at bucket boundaries. */
function attribute(rows: Row[], size: number, from: number, to: number, part: Part, sign: 1 | -1): void {
  for (let start = from; start < to; ) {
    const bucket = Math.floor(start / size) * size;
    const end = Math.min(to, bucket + size);
    let row = rows.find((r) => r.t === bucket);
    if (!row) {
      row = emptyRow(bucket);
      rows.push(row);
    }
    row[part] = Math.max(0, row[part] + sign * (end - start));
    start = end;
  }
}

/** The closed interval of `p`, followed by `next`: covered up to the cap, the rest a gap. */
function spanOf(p: Point, next: Point): { covered: [number, number]; gap: [number, number] } {
  const coveredEnd = Math.min(next.t, p.t + RUN_CAP_MS);
  return { covered: [p.t, coveredEnd], gap: [coveredEnd, next.t] };
}

function attributeSpan(state: TargetState, p: Point, next: Point, sign: 1 | -1): void {
  const { covered, gap } = spanOf(p, next);
  for (const [rows, size] of [
    [state.hours, HOUR_MS],
    [state.days, DAY_MS],
  ] as const) {
    attribute(rows, size, covered[0], covered[1], partOf(p), sign);
    attribute(rows, size, gap[0], gap[1], 'gap', sign);
  }
}

export function pointOf(r: HistoryRecord): Point {
  return {
    t: Date.parse(r.t),
    s: r.status,
    m: r.maintenance,
    loc: r.location,
    p50: r.p50,
    p95: r.p95,
    atP: r.atP,
    ttft: r.ttftP95,
    ttftAtP: r.ttftAtP,
  };
}

/** Recomputes the run count and latency medians of the bucket holding `t`, from the week of points. */
function refreshFigures(state: TargetState, t: number): void {
  for (const [rows, size] of [
    [state.hours, HOUR_MS],
    [state.days, DAY_MS],
  ] as const) {
    const bucket = Math.floor(t / size) * size;
    let row = rows.find((r) => r.t === bucket);
    if (!row) {
      row = emptyRow(bucket);
      rows.push(row);
    }
    const inside = state.recent.filter((p) => p.t >= bucket && p.t < bucket + size);
    row.runs = inside.length;
    const med = (pick: (p: Point) => number | null) => {
      const m = median(inside.flatMap((p) => (pick(p) === null ? [] : [pick(p)!])));
      return m === null ? null : Math.round(m);
    };
    row.p50 = med((p) => p.p50);
    row.p95 = med((p) => p.p95);
    row.ttft = med((p) => p.ttft);
  }
}

/** Incidents (runs in a row that were down) rebuilt over the week of points; older ones kept. */
function rebuildIncidents(state: TargetState, byTime: Map<number, HistoryRecord>): void {
  const first = state.recent[0]?.t ?? Number.POSITIVE_INFINITY;
  const kept = state.incidents.filter((i) => i.end !== null && i.end < first);
  const carried = state.incidents.find((i) => i.start < first && (i.end === null || i.end >= first));
  const rebuilt: Incident[] = [];
  let open: Incident | null = carried ? { ...carried, end: null } : null;
  for (const p of state.recent) {
    const record = byTime.get(p.t);
    if (p.s === 'down' && !p.m) {
      if (!open) open = { start: p.t, end: null, issue: null, runUrl: record?.runUrl ?? null };
      if (record?.issue != null) open.issue = record.issue;
    } else if (open) {
      rebuilt.push({ ...open, end: p.t });
      open = null;
    }
  }
  if (open) rebuilt.push(open);
  // The raw records at hand are only those of the hours read: what an incident learnt before stays.
  for (const incident of rebuilt) {
    const before = state.incidents.find((i) => i.start === incident.start);
    incident.issue ??= before?.issue ?? null;
    incident.runUrl ??= before?.runUrl ?? null;
  }
  state.incidents = [...kept, ...rebuilt].slice(-INCIDENTS_KEPT);
}

function noteIdentity(state: TargetState, r: HistoryRecord, t: number): void {
  for (const id of r.identities) {
    const known = state.identities.find((i) => i.model === id.model && i.fingerprint === id.fingerprint);
    if (known) {
      known.firstSeen = Math.min(known.firstSeen, t);
      known.lastSeen = Math.max(known.lastSeen, t);
    } else state.identities.push({ ...id, firstSeen: t, lastSeen: t });
  }
  state.identities.sort((a, b) => a.firstSeen - b.firstSeen);
  if (state.identities.length > IDENTITIES_KEPT)
    state.identities = [...state.identities]
      .sort((a, b) => b.lastSeen - a.lastSeen)
      .slice(0, IDENTITIES_KEPT);
}

export type AddOutcome = 'added' | 'duplicate' | 'too-old';

/**
 * The state with one more record, wherever it falls in time (two writers may land out of order): the
 * interval of the run before it is split, so the sums stay those of the runs in time order. A record
 * already there (same start and location) changes nothing; one older than the week of points is refused.
 * `recentByTime` gives the raw records of the week, for incidents' issue numbers and links (optional).
 */
export function addRecord(
  input: TargetState,
  r: HistoryRecord,
  recentByTime: Map<number, HistoryRecord> = new Map(),
): { state: TargetState; outcome: AddOutcome } {
  const p = pointOf(r);
  if (input.recent.some((q) => q.t === p.t && q.loc === p.loc)) return { state: input, outcome: 'duplicate' };
  const newest = input.recent.at(-1)?.t ?? Number.NEGATIVE_INFINITY;
  if (input.recent.length > 0 && p.t < newest - RECENT_MS + HOUR_MS)
    return { state: input, outcome: 'too-old' };
  const state: TargetState = structuredClone(input);
  const index = state.recent.findIndex((q) => q.t > p.t);
  const at = index === -1 ? state.recent.length : index;
  const before = state.recent[at - 1];
  const after = state.recent[at];
  if (before && after) attributeSpan(state, before, after, -1);
  if (before) attributeSpan(state, before, p, 1);
  if (after) attributeSpan(state, p, after, 1);
  state.recent.splice(at, 0, p);
  if (!after) state.last = r;
  byTimeWith(recentByTime, r);
  refreshFigures(state, p.t);
  rebuildIncidents(state, recentByTime);
  noteIdentity(state, r, p.t);
  return { state: prune(state), outcome: 'added' };
}

function byTimeWith(map: Map<number, HistoryRecord>, r: HistoryRecord): void {
  map.set(Date.parse(r.t), r);
}

function prune(state: TargetState): TargetState {
  const newest = state.recent.at(-1)?.t ?? 0;
  state.recent = state.recent.filter((p) => p.t >= newest - RECENT_MS);
  state.hours = state.hours.sort((a, b) => a.t - b.t).slice(-HOURS_KEPT);
  state.days = state.days.sort((a, b) => a.t - b.t).slice(-DAYS_KEPT);
  return state;
}

/** Time parts over [from, to): rows pro-rated at the window's edges, plus the newest run's open interval. */
export interface Coverage {
  up: number;
  deg: number;
  down: number;
  maint: number;
  gap: number;
}

/** The time parts of the runs in `points` over [from, to), each run standing until the next (capped). */
function pointsCoverage(points: readonly Point[], from: number, to: number, sum: Coverage): void {
  const clip = (lo: number, hi: number) => Math.max(0, Math.min(to, hi) - Math.max(from, lo));
  points.forEach((p, i) => {
    const next = points[i + 1] ?? { ...p, t: Math.max(p.t, to) };
    const { covered, gap } = spanOf(p, next);
    sum[partOf(p)] += clip(covered[0], covered[1]);
    sum.gap += clip(gap[0], gap[1]);
  });
}

/**
 * Exact from the week of runs when they reach back to `from` (or to the first run ever); otherwise
 * from the hourly rows (31 days) and the daily rows before them, the row at the window's start
 * pro-rated, plus the newest run's open interval.
 */
export function coverage(state: TargetState, from: number, to: number): Coverage {
  const sum: Coverage = { up: 0, deg: 0, down: 0, maint: 0, gap: 0 };
  const first = state.recent[0];
  if (!first) return sum;
  const firstRow = Math.min(state.hours[0]?.t ?? first.t, state.days[0]?.t ?? first.t);
  if (from >= first.t || firstRow >= Math.floor(first.t / DAY_MS) * DAY_MS) {
    pointsCoverage(state.recent, from, to, sum);
    return sum;
  }
  const hourStart = state.hours[0]?.t ?? first.t;
  const add = (rows: Row[], size: number, lo: number, hi: number) => {
    for (const row of rows) {
      if (row.t + size <= lo || row.t >= hi) continue;
      const share = row.t < lo ? (row.t + size - lo) / size : 1;
      for (const k of ['up', 'deg', 'down', 'maint', 'gap'] as const) sum[k] += row[k] * share;
    }
  };
  const dayEdge = Math.ceil(hourStart / DAY_MS) * DAY_MS;
  if (from < hourStart) add(state.days, DAY_MS, from, dayEdge);
  add(
    state.hours.filter((r) => r.t >= (from < hourStart ? dayEdge : from - HOUR_MS)),
    HOUR_MS,
    from,
    to,
  );
  // The newest run's open interval is not in the rows.
  const last = state.recent.at(-1)!;
  pointsCoverage([last], from, to, sum);
  return sum;
}

/**
 * Uptime in percent: the share of the covered time (no gaps, no maintenance) that runs not `down`
 * covered. Degraded counts as up: the model answered. Null when nothing is covered.
 */
export function uptime(c: Coverage): number | null {
  const covered = c.up + c.deg + c.down;
  return covered === 0 ? null : ((c.up + c.deg) / covered) * 100;
}

export function uptimeOver(state: TargetState, windowMs: number, now: number): number | null {
  return uptime(coverage(state, now - windowMs, now));
}

/** Gatus's figure on the same runs: the share of runs (checks) not down, whatever time each stood for. */
export function uptimeByRuns(points: readonly Point[], from: number, to: number): number | null {
  const inside = points.filter((p) => p.t >= from && p.t < to && !p.m);
  return inside.length === 0 ? null : (inside.filter((p) => p.s !== 'down').length / inside.length) * 100;
}

export interface Budget {
  slo: number;
  /** (100 − slo)% of 30 days, ms. */
  budgetMs: number;
  usedMs: number;
  usedPercent: number;
  leftPercent: number;
}

export const SLO_WINDOW_MS = 30 * DAY_MS;

/** The error budget: (100 − slo)% of a fixed 30-day window; down time in it spends it. Pure. */
export function errorBudget(state: TargetState, slo: number, now: number): Budget {
  const budgetMs = ((100 - slo) / 100) * SLO_WINDOW_MS;
  const usedMs = coverage(state, now - SLO_WINDOW_MS, now).down;
  const usedPercent = budgetMs === 0 ? (usedMs > 0 ? 100 : 0) : (usedMs / budgetMs) * 100;
  return { slo, budgetMs, usedMs, usedPercent, leftPercent: 100 - usedPercent };
}

export interface Baseline {
  n: number;
  median: number | null;
}

/** The target's own figure over the 7 days before `t`: the median of earlier runs' values. */
export function baseline(state: TargetState, t: number, pick: (p: Point) => number | null): Baseline {
  const values = state.recent
    .filter((p) => p.t < t && p.t >= t - 7 * DAY_MS)
    .flatMap((p) => (pick(p) === null ? [] : [pick(p)!]));
  return { n: values.length, median: median(values) };
}
