/**
 * The hidden parts of a tracking issue's body: the marker that names its target (how the tracker finds
 * the issue again, together with the first label) and the state block that carries what must survive
 * between runs. Also the pending block of the state issue, which counts breached runs before open-after
 * lets an issue open. All are HTML comments, so GitHub does not render them.
 */
import { z } from 'zod';
import { CATEGORIES, type Category } from '../probe/result.js';
import { STATUSES, type Status } from '../status.js';

const TARGET_PREFIX = '<!-- llm-heartbeat:target ';
const STATE_PREFIX = '<!-- llm-heartbeat:state ';
const PENDING_PREFIX = '<!-- llm-heartbeat:pending ';
const RUN_PREFIX = '<!-- llm-heartbeat:run ';
const SUFFIX = ' -->';

/** What the tracker remembers about the outage an issue tracks. */
export interface OutageState {
  /** When the first run that saw this outage finished (ISO 8601). */
  startedAt: string;
  /** Link to that run; null outside GitHub Actions. */
  firstRunUrl: string | null;
  /** The last run that saw the target breached. */
  lastSeenAt: string;
  lastRunUrl: string | null;
  /** Runs that saw the target breached during this outage. */
  runsSeenDown: number;
  /** Healthy runs in a row since the last breached one; the issue closes when it reaches close-after. */
  healthyStreak: number;
  /** The first run of that healthy streak: where the outage is taken to have ended. */
  healthySince: string | null;
  /** The status of the last run; a change while the issue is open earns a comment. */
  lastStatus: Status;
  /** Failure categories seen during this outage; a new one earns a comment. */
  categories: Category[];
  /** Outages this issue has tracked: 1, plus one per reopening. */
  outages: number;
}

/** A target breached in runs in a row that have not reached open-after yet, so it has no open issue. */
export interface PendingStreak {
  /** Breached runs in a row so far. */
  runs: number;
  /** When the first of them finished: where the outage is taken to have started. */
  since: string;
  /** Link to that run; null outside GitHub Actions. */
  firstRunUrl: string | null;
  /** When the latest of them finished. */
  lastSeenAt: string;
  /**
   * With tracking-issue false and notifications on: the outage the notifications track in place of an
   * issue (notify/untracked.ts), kept under its own key (`<label>#notify`). Absent otherwise.
   */
  outage?: OutageState;
}

/**
 * What the state issue keeps: pending streaks by the tracking issues' first label (lower case), then by
 * target. Both levels are keyed by names from the workflow, which may be `__proto__` or `constructor`:
 * the tracker builds them with `dict()` (no prototype) and reads them with `entryOf`, never with `obj[key]`.
 */
export type PendingStreaks = Record<string, Record<string, PendingStreak>>;

/** An object with no prototype: every name, `__proto__` included, is an own key and nothing else is. */
export function dict<T>(entries: Iterable<readonly [string, T]> = []): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) setEntry(out, key, value);
  return out;
}

/** Sets an own entry, whatever the key: `record.__proto__ = …` would set a prototype instead. */
export function setEntry<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `record[key]` when it is the record's own entry; never something inherited (`constructor`, `toString`). */
export function entryOf<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

const isoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)));
const count = z.number().int().min(0);

const OutageStateSchema = z.object({
  startedAt: isoTime,
  firstRunUrl: z.string().nullable(),
  lastSeenAt: isoTime,
  lastRunUrl: z.string().nullable(),
  runsSeenDown: count,
  healthyStreak: count,
  healthySince: isoTime.nullable(),
  lastStatus: z.enum(STATUSES),
  categories: z.array(z.enum(CATEGORIES)),
  outages: count.min(1),
}) satisfies z.ZodType<OutageState>;

const PendingStreakSchema = z.object({
  runs: count.min(1),
  since: isoTime,
  firstRunUrl: z.string().nullable(),
  lastSeenAt: isoTime,
  outage: OutageStateSchema.optional(),
}) satisfies z.ZodType<PendingStreak>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * The pending block's JSON, checked entry by entry. Not `z.record`: its result is a plain object, on
 * which a label or target named `__proto__` is dropped (it sets the prototype) and `constructor` reads
 * back as Object's own. JSON.parse keeps `__proto__` as an own key; `Object.entries` sees it.
 */
function parsePendingStreaks(json: unknown): PendingStreaks | null {
  if (!isPlainObject(json)) return null;
  const streaks = dict<Record<string, PendingStreak>>();
  for (const [label, targets] of Object.entries(json)) {
    if (!isPlainObject(targets)) return null;
    const byTarget = dict<PendingStreak>();
    for (const [target, streak] of Object.entries(targets)) {
      const parsed = PendingStreakSchema.safeParse(streak);
      if (!parsed.success) return null;
      setEntry(byTarget, target, parsed.data);
    }
    setEntry(streaks, label, byTarget);
  }
  return streaks;
}

/**
 * JSON that cannot end the HTML comment it sits in: `<`, `>` and `&` become \u escapes, which
 * JSON.parse reads back unchanged, so a target named `x -->` stays inside its marker.
 */
function commentSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The JSON text after `prefix` up to the comment's end, parsed; undefined when absent or corrupt. */
function readComment(body: string, prefix: string): unknown {
  const start = body.indexOf(prefix);
  if (start < 0) return undefined;
  const from = start + prefix.length;
  const end = body.indexOf(SUFFIX, from);
  if (end < 0) return undefined;
  try {
    return JSON.parse(body.slice(from, end));
  } catch {
    return undefined;
  }
}

export function targetMarker(name: string): string {
  return `${TARGET_PREFIX}${commentSafeJson(name)}${SUFFIX}`;
}

/**
 * The target an issue body names in its marker; null when it has none (an issue a person wrote). Only
 * the first line counts, and only exactly as targetMarker writes it: a marker anywhere else in a body
 * (quoted by a person, or planted in server text that escaping somehow let through) never makes an
 * issue some target's. A trailing `\r` is allowed: GitHub stores bodies edited on the web with CRLF.
 */
export function targetOfBody(body: string | null | undefined): string | null {
  const text = body ?? '';
  const firstLine = text.slice(0, text.includes('\n') ? text.indexOf('\n') : text.length).replace(/\r$/, '');
  if (!firstLine.startsWith(TARGET_PREFIX) || !firstLine.endsWith(SUFFIX)) return null;
  let name: unknown;
  try {
    name = JSON.parse(firstLine.slice(TARGET_PREFIX.length, -SUFFIX.length));
  } catch {
    return null;
  }
  return typeof name === 'string' && targetMarker(name) === firstLine ? name : null;
}

/**
 * The hidden stamp of one run's write about one target, in every issue body and comment the tracker
 * sends: after a 5xx or a timeout, finding it tells whether the write went through, so it is never
 * made twice. `run` is the workflow run's id and attempt (`7001-1`).
 */
export function runMarker(run: string, target: string): string {
  return `${RUN_PREFIX}${run} ${commentSafeJson(target)}${SUFFIX}`;
}

export function stateBlock(state: OutageState): string {
  return `${STATE_PREFIX}${commentSafeJson(state)}${SUFFIX}`;
}

/** The state an issue body carries; null when the block is missing, corrupted or from another shape. */
export function stateOfBody(body: string | null | undefined): OutageState | null {
  const parsed = OutageStateSchema.safeParse(readComment(body ?? '', STATE_PREFIX));
  return parsed.success ? parsed.data : null;
}

export function pendingBlock(streaks: PendingStreaks): string {
  return `${PENDING_PREFIX}${commentSafeJson(streaks)}${SUFFIX}`;
}

/** Whether a body has a pending block at all: the state issue's marker (readable or not). */
export function hasPendingBlock(body: string | null | undefined): boolean {
  return (body ?? '').includes(PENDING_PREFIX);
}

/** The pending streaks a state issue's body carries; null when the block is missing or corrupted. */
export function pendingOfBody(body: string | null | undefined): PendingStreaks | null {
  return parsePendingStreaks(readComment(body ?? '', PENDING_PREFIX));
}
