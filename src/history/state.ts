import { z } from 'zod';
import type { Status } from '../status.js';
import type { HistoryRecord } from './record.js';

/**
 * A target's memory, kept as one JSON line in history/state.jsonl: rollups only. Hourly rows for 31
 * days and daily rows for 400 days (Gatus's shape: rows of time totals), its incidents and the
 * identities it answered with, all up to `sealed`, an hour boundary. The runs from `sealed` on are
 * not in the line: they are in the hour files (history/runs/…), read back into `recent` by every run,
 * and folded into the rows by the first run of the next hour (`seal`), which is then the only run of
 * the hour that rewrites the line. All pure: records in, state out.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** A run stands for at most this long; past it, the gap is "no data" (GitHub drops and delays runs). */
export const RUN_CAP_MS = 30 * 60_000;
/** The regression baseline's window; hour rows keep their runs' judged figures this long. */
export const BASELINE_MS = 7 * DAY_MS;
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
  /** Medians over the bucket's runs of each run's p50, p95 and TTFT p95 (a day: over its hours). */
  p50: number | null;
  p95: number | null;
  ttft: number | null;
  /** Runs that were down (not in maintenance), and runs in maintenance: the share of runs up. */
  nd?: number;
  nm?: number;
  /** Hour rows of the last 7 days: each run's latency and TTFT at the judged percentile (the baseline). */
  a?: number[];
  f?: number[];
  /** Hour rows of the last day: each run's p95 (the response-time badge). */
  q?: number[];
}

/** A run as the state holds it in memory (`recent`, `tail`): for the intervals, the baseline, the chart. */
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
  /** The rows hold every run before this hour boundary; null: nothing folded yet. */
  sealed: number | null;
  /** The newest run before `sealed`: its interval runs on past it. */
  tail: Point | null;
  /** The runs from `sealed` on, in time order: read from the hour files, not stored in the line. */
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
  nd: z.number().int().min(0).optional(),
  nm: z.number().int().min(0).optional(),
  a: z.array(ms).max(10_000).optional(),
  f: z.array(ms).max(10_000).optional(),
  q: z.array(ms).max(10_000).optional(),
});
const pointSchema = z.object({
  t: ms,
  s: status,
  m: z.boolean(),
  loc: z.string().max(500).nullable(),
  p50: nfig,
  p95: nfig,
  atP: nfig,
  ttft: nfig,
  ttftAtP: nfig,
});

/**
 * A line of state.jsonl. `recent` is absent from the lines this version writes; a line written before
 * (a week of runs inline, no `sealed`) is read and folded into the rows by the next run.
 */
export function stateSchema(recordSchema: z.ZodType<HistoryRecord>): z.ZodType<TargetState> {
  return z
    .object({
      target: z.string().max(500),
      last: recordSchema.nullable(),
      sealed: ms.nullable().optional(),
      tail: pointSchema.nullable().optional(),
      recent: z.array(pointSchema).max(100_000).optional(),
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
    })
    .transform((line): TargetState => {
      const recent = [...(line.recent ?? [])].sort((a, b) => a.t - b.t);
      const state: TargetState = { ...line, sealed: line.sealed ?? null, tail: line.tail ?? null, recent };
      if (line.sealed === undefined && recent.length > 0) {
        // The earlier format: its rows already hold the week of runs inline. Keep the rows before the
        // week; the week's runs are folded again by the next seal.
        const hour = Math.floor(recent[0]!.t / HOUR_MS) * HOUR_MS;
        const day = Math.floor(recent[0]!.t / DAY_MS) * DAY_MS;
        state.hours = state.hours.filter((r) => r.t < hour);
        state.days = state.days.filter((r) => r.t < day);
      }
      return state;
    });
}

export const emptyState = (target: string): TargetState => ({
  target,
  last: null,
  sealed: null,
  tail: null,
  recent: [],
  hours: [],
  days: [],
  incidents: [],
  identities: [],
});

/** The line as state.jsonl keeps it: everything but the runs from `sealed` on (the hour files hold them). */
export function persisted(state: TargetState): Omit<TargetState, 'recent'> {
  const { recent: _recent, ...line } = state;
  return line;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const roundedMedian = (values: readonly number[]): number | null => {
  const m = median(values);
  return m === null ? null : Math.round(m);
};

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
const PARTS = ['up', 'deg', 'down', 'maint', 'gap'] as const;
const partOf = (p: Point): Part =>
  p.m ? 'maint' : p.s === 'up' ? 'up' : p.s === 'degraded' ? 'deg' : 'down';

/** Rows by bucket start, copied on first write so a state read once is never changed under its reader. */
class RowSet {
  private readonly byT = new Map<number, Row>();
  private readonly copied = new Set<number>();
  readonly touched = new Set<number>();
  constructor(rows: readonly Row[]) {
    for (const r of rows) this.byT.set(r.t, r);
  }
  get(t: number): Row | undefined {
    return this.byT.get(t);
  }
  edit(t: number): Row {
    let row = this.byT.get(t);
    if (!row) {
      row = emptyRow(t);
      this.byT.set(t, row);
      this.copied.add(t);
    } else if (!this.copied.has(t)) {
      row = { ...row };
      this.byT.set(t, row);
      this.copied.add(t);
    }
    this.touched.add(t);
    return row;
  }
  rows(keep: number): Row[] {
    return [...this.byT.values()].sort((a, b) => a.t - b.t).slice(-keep);
  }
}

/** Adds `sign × ms` of `part` over [from, to) to the hour rows, split at hour boundaries. */
function attribute(hours: RowSet, from: number, to: number, part: Part, sign: 1 | -1): void {
  for (let start = from; start < to; ) {
    const bucket = Math.floor(start / HOUR_MS) * HOUR_MS;
    const end = Math.min(to, bucket + HOUR_MS);
    const row = hours.edit(bucket);
    row[part] = Math.max(0, row[part] + sign * (end - start));
    start = end;
  }
}

/** The closed interval of `p`, followed by `next`: covered up to the cap, the rest a gap. */
function spanOf(p: Point, next: Point): { covered: [number, number]; gap: [number, number] } {
  const coveredEnd = Math.min(next.t, p.t + RUN_CAP_MS);
  return { covered: [p.t, coveredEnd], gap: [coveredEnd, next.t] };
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

const values = (points: readonly Point[], pick: (p: Point) => number | null): number[] =>
  points.flatMap((p) => {
    const v = pick(p);
    return v === null ? [] : [v];
  });

/** An hour row's run count, medians, run shares and baseline figures, from all of its hour's runs. */
function setFigures(row: Row, inside: readonly Point[], sealedTo: number): void {
  const withBaseline = row.t >= sealedTo - BASELINE_MS - HOUR_MS;
  row.runs = inside.length;
  row.p50 = roundedMedian(values(inside, (p) => p.p50));
  row.p95 = roundedMedian(values(inside, (p) => p.p95));
  row.ttft = roundedMedian(values(inside, (p) => p.ttft));
  row.nd = inside.filter((p) => p.s === 'down' && !p.m).length;
  row.nm = inside.filter((p) => p.m).length;
  if (withBaseline) {
    row.a = values(inside, (p) => p.atP);
    row.f = values(inside, (p) => p.ttftAtP);
  } else {
    delete row.a;
    delete row.f;
  }
  if (row.t >= sealedTo - DAY_MS - HOUR_MS) row.q = values(inside, (p) => p.p95);
  else delete row.q;
}

/** A day row from its hour rows: time parts and runs summed, figures the median of the hours'. */
function dayFromHours(t: number, hours: readonly Row[]): Row {
  const inside = hours.filter((r) => r.t >= t && r.t < t + DAY_MS);
  const row = emptyRow(t);
  for (const h of inside) {
    for (const k of PARTS) row[k] += h[k];
    row.runs += h.runs;
    row.nd = (row.nd ?? 0) + (h.nd ?? 0);
    row.nm = (row.nm ?? 0) + (h.nm ?? 0);
  }
  const med = (pick: (r: Row) => number | null) =>
    roundedMedian(inside.flatMap((r) => (r.runs > 0 && pick(r) !== null ? [pick(r)!] : [])));
  row.p50 = med((r) => r.p50);
  row.p95 = med((r) => r.p95);
  row.ttft = med((r) => r.ttft);
  return row;
}

/** Hour rows and the day rows of the days they touched, pruned to what is kept. */
function finishRows(state: TargetState, hours: RowSet, sealedTo: number): void {
  const baselineFrom = sealedTo - BASELINE_MS - HOUR_MS;
  const dayFrom = sealedTo - DAY_MS - HOUR_MS;
  state.hours = hours.rows(HOURS_KEPT).map((r) => {
    if (r.t < baselineFrom && r.a !== undefined) {
      const { a: _a, f: _f, ...rest } = r;
      r = rest;
    }
    if (r.t < dayFrom && r.q !== undefined) {
      const { q: _q, ...rest } = r;
      r = rest;
    }
    return r;
  });
  const touchedDays = new Set([...hours.touched].map((t) => Math.floor(t / DAY_MS) * DAY_MS));
  if (touchedDays.size === 0) return;
  const days = new Map(state.days.map((d) => [d.t, d]));
  for (const day of touchedDays) days.set(day, dayFromHours(day, state.hours));
  state.days = [...days.values()].sort((a, b) => a.t - b.t).slice(-DAYS_KEPT);
}

/**
 * The runs before `to` (an hour boundary) folded into the rows: each run's interval up to the next
 * run (or to the cap) split into hour rows, each hour's figures from all of its runs, its day rebuilt
 * from its hours. The newest of them stays as `tail`: its interval past `to` is counted from the
 * points, and a gap after it is counted once the next run is known. Pure.
 */
export function seal(input: TargetState, to: number): TargetState {
  if (input.sealed !== null && to <= input.sealed) return input;
  const from = input.sealed ?? Number.NEGATIVE_INFINITY;
  const folded = input.recent.filter((p) => p.t < to);
  const rest = input.recent.filter((p) => p.t >= to);
  const state: TargetState = { ...input, sealed: to, recent: rest };
  const hours = new RowSet(input.hours);
  const seq = input.tail ? [input.tail, ...folded] : folded;
  seq.forEach((p, i) => {
    const next = seq[i + 1] ?? rest[0] ?? null;
    const coveredEnd = Math.min(next?.t ?? Number.POSITIVE_INFINITY, p.t + RUN_CAP_MS);
    const lo = p === input.tail ? Math.max(from, p.t) : p.t;
    attribute(hours, lo, Math.min(coveredEnd, to), partOf(p), 1);
    // A gap counts once the run after it is folded too (before that it is not known to end).
    if (next && next.t < to) attribute(hours, coveredEnd, next.t, 'gap', 1);
  });
  const byHour = new Map<number, Point[]>();
  for (const p of folded) {
    const hour = Math.floor(p.t / HOUR_MS) * HOUR_MS;
    byHour.set(hour, [...(byHour.get(hour) ?? []), p]);
  }
  for (const [hour, inside] of byHour) setFigures(hours.edit(hour), inside, to);
  if (folded.length > 0) state.tail = folded.at(-1)!;
  finishRows(state, hours, to);
  return state;
}

/**
 * A run older than `sealed` (a concurrent writer sealed its hour first) added to the rows: it changes
 * only [its start, the next run or the cap), which was the run before it's (or a gap); its hour's
 * figures are rebuilt from `hourPoints`, every run of that hour the branch holds (it among them).
 * `near` are the runs within the cap around it (from the hour files). Pure.
 */
export function addSealed(
  input: TargetState,
  r: HistoryRecord,
  hourPoints: readonly Point[],
  near: readonly Point[],
): TargetState {
  const p = pointOf(r);
  const sealed = input.sealed!;
  const tail = input.tail;
  const others = [...near, ...input.recent].filter((q) => q.t !== p.t || q.loc !== p.loc);
  const after = others.filter((q) => q.t > p.t).sort((a, b) => a.t - b.t)[0] ?? null;
  const beforeIsTail = tail !== null && tail.t < p.t;
  const before = beforeIsTail ? tail : (others.filter((q) => q.t < p.t).sort((a, b) => b.t - a.t)[0] ?? null);
  const end = Math.min(after?.t ?? Number.POSITIVE_INFINITY, p.t + RUN_CAP_MS, sealed);
  const hours = new RowSet(input.hours);
  if (p.t < end) {
    // What [p.t, end) was: the run before it while within its cap, then a gap (unless it was the tail,
    // whose gap is not counted yet).
    const beforeEnd = before ? Math.min(end, Math.max(p.t, before.t + RUN_CAP_MS)) : p.t;
    if (before) attribute(hours, p.t, beforeEnd, partOf(before), -1);
    if (!beforeIsTail) attribute(hours, beforeEnd, end, 'gap', -1);
    attribute(hours, p.t, end, partOf(p), 1);
  }
  const hour = Math.floor(p.t / HOUR_MS) * HOUR_MS;
  const inside = [...hourPoints.filter((q) => q.t !== p.t || q.loc !== p.loc), p].sort((a, b) => a.t - b.t);
  setFigures(hours.edit(hour), inside, sealed);
  const state: TargetState = { ...input, identities: [...input.identities] };
  if (beforeIsTail) state.tail = p;
  if (!state.last || Date.parse(state.last.t) < p.t) state.last = r;
  noteIdentity(state, r, p.t);
  finishRows(state, hours, sealed);
  return state;
}

/** Incidents (runs in a row that were down) rebuilt over the runs from `sealed` on; older ones kept. */
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
    const at = state.identities.findIndex((i) => i.model === id.model && i.fingerprint === id.fingerprint);
    const known = state.identities[at];
    if (known)
      state.identities[at] = {
        ...known,
        firstSeen: Math.min(known.firstSeen, t),
        lastSeen: Math.max(known.lastSeen, t),
      };
    else state.identities.push({ ...id, firstSeen: t, lastSeen: t });
  }
  state.identities.sort((a, b) => a.firstSeen - b.firstSeen);
  if (state.identities.length > IDENTITIES_KEPT)
    state.identities = [...state.identities]
      .sort((a, b) => b.lastSeen - a.lastSeen)
      .slice(0, IDENTITIES_KEPT);
}

export type AddOutcome = 'added' | 'duplicate' | 'too-old';

/**
 * The state with one more run from `sealed` on, wherever it falls in time (two writers may land out of
 * order): the runs are kept in time order, and the intervals are counted from them. A record already
 * there (same start and location) changes nothing; one before `sealed` is refused here (`addSealed`
 * takes it, with the hour files around it). `recentByTime` gives the raw records, for incidents' issue
 * numbers and links (optional).
 */
export function addRecord(
  input: TargetState,
  r: HistoryRecord,
  recentByTime: Map<number, HistoryRecord> = new Map(),
): { state: TargetState; outcome: AddOutcome } {
  const p = pointOf(r);
  if (input.sealed !== null && p.t < input.sealed) return { state: input, outcome: 'too-old' };
  if (input.recent.some((q) => q.t === p.t && q.loc === p.loc)) return { state: input, outcome: 'duplicate' };
  const recent = [...input.recent];
  const index = recent.findIndex((q) => q.t > p.t);
  const at = index === -1 ? recent.length : index;
  recent.splice(at, 0, p);
  const state: TargetState = { ...input, recent, identities: [...input.identities] };
  if (index === -1 && (!state.last || Date.parse(state.last.t) <= p.t)) state.last = r;
  recentByTime.set(p.t, r);
  rebuildIncidents(state, recentByTime);
  noteIdentity(state, r, p.t);
  return { state, outcome: 'added' };
}

/** Time parts over [from, to): rows pro-rated at the window's start, plus the runs from `sealed` on. */
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

/** The rows' time parts over [from, to) (`to` an hour boundary): daily before the hourly, pro-rated at `from`. */
function rowsCoverage(state: TargetState, from: number, to: number, sum: Coverage): void {
  const hourStart = state.hours[0]?.t ?? to;
  const add = (rows: Row[], size: number, lo: number, hi: number) => {
    for (const row of rows) {
      if (row.t + size <= lo || row.t >= hi) continue;
      const share = row.t < lo ? (row.t + size - lo) / size : 1;
      for (const k of PARTS) sum[k] += row[k] * share;
    }
  };
  const dayEdge = Math.min(to, Math.ceil(hourStart / DAY_MS) * DAY_MS);
  if (from < hourStart) add(state.days, DAY_MS, from, dayEdge);
  add(
    state.hours.filter((r) => r.t >= (from < hourStart ? dayEdge : from - HOUR_MS)),
    HOUR_MS,
    from,
    to,
  );
}

/**
 * The time parts over [from, to): the rows before `sealed` (the row at the window's start pro-rated:
 * exact when the window starts on the hour), then the runs from `sealed` on, exactly, with the
 * interval of the run before them.
 */
export function coverage(state: TargetState, from: number, to: number): Coverage {
  const sum: Coverage = { up: 0, deg: 0, down: 0, maint: 0, gap: 0 };
  const sealed = state.sealed;
  if (sealed !== null && from < sealed) rowsCoverage(state, from, Math.min(sealed, to), sum);
  const points = state.tail ? [state.tail, ...state.recent] : state.recent;
  pointsCoverage(points, Math.max(from, sealed ?? from), to, sum);
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

/** Gatus's figure from a state: the hour rows that start inside the window, then the runs from `sealed` on. */
export function stateUptimeByRuns(state: TargetState, from: number, to: number): number | null {
  let runs = 0;
  let down = 0;
  for (const row of state.hours) {
    if (row.t < from || state.sealed === null || row.t >= state.sealed || row.t >= to) continue;
    runs += row.runs - (row.nm ?? 0);
    down += row.nd ?? 0;
  }
  const inside = state.recent.filter((p) => p.t >= from && p.t < to && !p.m);
  runs += inside.length;
  down += inside.filter((p) => p.s === 'down').length;
  return runs === 0 ? null : ((runs - down) / runs) * 100;
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

/**
 * The target's own figure over the 7 days before `t`: the median of earlier runs' values, from the
 * hour rows that start inside the 7 days (their runs' figures are kept for it) and the runs since.
 */
export function baseline(state: TargetState, t: number, key: 'atP' | 'ttftAtP'): Baseline {
  const from = t - BASELINE_MS;
  const kept = key === 'atP' ? 'a' : 'f';
  const sealed = state.sealed ?? Number.NEGATIVE_INFINITY;
  const found: number[] = [];
  for (const row of state.hours) if (row.t >= from && row.t + HOUR_MS <= t) found.push(...(row[kept] ?? []));
  for (const p of state.recent) {
    const v = p[key];
    if (p.t < t && p.t >= Math.max(from, sealed) && v !== null) found.push(v);
  }
  return { n: found.length, median: median(found) };
}

/** Each run's p95 over the last day: the hour rows that start inside it, then the runs from `sealed` on. */
export function p95sOver(state: TargetState, from: number, to: number): number[] {
  const sealed = state.sealed ?? Number.NEGATIVE_INFINITY;
  const found: number[] = [];
  for (const row of state.hours) if (row.t >= from && row.t + HOUR_MS <= to) found.push(...(row.q ?? []));
  for (const p of state.recent)
    if (p.t >= Math.max(from, sealed) && p.t < to && p.p95 !== null) found.push(p.p95);
  return found;
}
