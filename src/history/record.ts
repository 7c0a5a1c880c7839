import { z } from 'zod';
import { CATEGORIES, type Category } from '../probe/result.js';
import type { Report, TargetReport } from '../report/model.js';
import { STATUSES, type Status } from '../status.js';

/**
 * One run of one target as the history keeps it: compact, one JSON line. Everything in it came from a
 * report (and so, partly, from a server): read back, it is checked by RecordSchema like any file.
 */
export interface HistoryRecord {
  /** The run's start, ISO. */
  t: string;
  target: string;
  location: string | null;
  status: Status;
  /** Checks by category, only the non-zero ones. */
  counts: Partial<Record<Category, number>>;
  successRate: number | null;
  p50: number | null;
  p95: number | null;
  /** Latency at the target's judged percentile (the regression baseline's figure). */
  atP: number | null;
  ttftP50: number | null;
  ttftP95: number | null;
  ttftAtP: number | null;
  tps: number | null;
  /** The identity most checks reported, and every one seen. */
  model: string | null;
  fingerprint: string | null;
  identities: { model: string | null; fingerprint: string | null }[];
  runUrl: string | null;
  issue: number | null;
  maintenance: boolean;
  /** Aggregate mode: each location's status. */
  locations: { location: string; status: Status }[];
}

const text = (max: number) => z.string().max(max);
const figure = z.number().finite().nullable();

export const RecordSchema: z.ZodType<HistoryRecord> = z.object({
  t: z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/),
  target: text(500),
  location: text(500).nullable(),
  status: z.enum(STATUSES),
  counts: z.partialRecord(z.enum(CATEGORIES), z.number().int().min(0).max(1_000_000)),
  successRate: figure,
  p50: figure,
  p95: figure,
  atP: figure,
  ttftP50: figure,
  ttftP95: figure,
  ttftAtP: figure,
  tps: figure,
  model: text(500).nullable(),
  fingerprint: text(500).nullable(),
  identities: z.array(z.object({ model: text(500).nullable(), fingerprint: text(500).nullable() })).max(20),
  runUrl: text(2000).nullable(),
  issue: z.number().int().min(0).nullable(),
  maintenance: z.boolean(),
  locations: z.array(z.object({ location: text(500), status: z.enum(STATUSES) })).max(100),
});

const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);

/** The identity most checks of the burst reported. */
function mainIdentity(t: TargetReport): { model: string | null; fingerprint: string | null } {
  const top = [...t.stats.identities].sort((a, b) => b.checks - a.checks)[0];
  return { model: top?.model ?? null, fingerprint: top?.systemFingerprint ?? null };
}

/** A report's target as a record. Pure. `maintenance` is read when the report carries it. */
export function recordOf(report: Report, target: TargetReport): HistoryRecord {
  const s = target.stats;
  const counts: Partial<Record<Category, number>> = {};
  for (const c of CATEGORIES) if (s.byCategory[c] > 0) counts[c] = s.byCategory[c];
  const main = mainIdentity(target);
  const maintenance = (target as { maintenance?: unknown }).maintenance;
  return {
    t: report.startedAt,
    target: target.name,
    location: report.location,
    status: target.status,
    counts,
    successRate: round(s.successRate),
    p50: round(s.latency.p50),
    p95: round(s.latency.p95),
    atP: round(s.latency.atThreshold),
    ttftP50: round(s.ttft.p50),
    ttftP95: round(s.ttft.p95),
    ttftAtP: round(s.ttft.atThreshold),
    tps: round(s.tokensPerSecond),
    model: main.model,
    fingerprint: main.fingerprint,
    identities: s.identities.slice(0, 20).map((i) => ({ model: i.model, fingerprint: i.systemFingerprint })),
    runUrl: report.run.url,
    issue: target.issue?.number ?? null,
    maintenance: maintenance !== undefined && maintenance !== null,
    locations: (target.locations ?? [])
      .slice(0, 100)
      .map((l) => ({ location: l.location, status: l.status })),
  };
}

/** The run's records, one per target. Pure. */
export function recordsOf(report: Report): HistoryRecord[] {
  return report.targets.map((t) => recordOf(report, t));
}

/** `Alpha One` → `alpha-one`: lower case, each run of other characters one `-`. */
export function slugOf(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug === '' ? 'target' : slug.slice(0, 80);
}

const FIGURES = ['successRate', 'p50', 'p95', 'atP', 'ttftP50', 'ttftP95', 'ttftAtP', 'tps'] as const;
const mainOnly = (r: HistoryRecord) =>
  r.model === null && r.fingerprint === null ? [] : [{ model: r.model, fingerprint: r.fingerprint }];

/**
 * A record as an hour file's line: the fields at their usual value left out (no figure, no issue, not
 * in maintenance, no locations, the identities just the main one). `parseRecordLines` puts them back.
 */
export function recordLine(r: HistoryRecord): string {
  const out: Record<string, unknown> = { ...r };
  for (const k of [...FIGURES, 'model', 'fingerprint', 'runUrl', 'issue', 'location'] as const)
    if (out[k] === null) delete out[k];
  if (!r.maintenance) delete out.maintenance;
  if (r.locations.length === 0) delete out.locations;
  if (JSON.stringify(r.identities) === JSON.stringify(mainOnly(r))) delete out.identities;
  return JSON.stringify(out);
}

function withDefaults(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const v = { ...(value as Record<string, unknown>) };
  for (const k of [...FIGURES, 'model', 'fingerprint', 'runUrl', 'issue', 'location']) v[k] ??= null;
  v.maintenance ??= false;
  v.locations ??= [];
  v.counts ??= {};
  if (v.identities === undefined)
    v.identities =
      v.model === null && v.fingerprint === null ? [] : [{ model: v.model, fingerprint: v.fingerprint }];
  return v;
}

/** Lines read before, and what they gave: each run reads the lines of the runs before it in the hour. */
const lineCache = new Map<string, HistoryRecord | null>();

/** JSON lines → the records that pass the schema, and how many lines did not. Pure. */
export function parseRecordLines(text: string): { records: HistoryRecord[]; damaged: number } {
  const records: HistoryRecord[] = [];
  let damaged = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let record = lineCache.get(line);
    if (record === undefined) {
      try {
        const parsed = RecordSchema.safeParse(withDefaults(JSON.parse(line)));
        record = parsed.success ? parsed.data : null;
      } catch {
        record = null;
      }
      if (lineCache.size >= 4096) lineCache.clear();
      lineCache.set(line, record);
    }
    if (record) records.push(record);
    else damaged++;
  }
  return { records, damaged };
}
