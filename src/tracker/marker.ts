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
}

/** What the state issue keeps: pending streaks by the tracking issues' first label (lower case), then by target. */
export type PendingStreaks = Record<string, Record<string, PendingStreak>>;

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

const PendingStreaksSchema = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      runs: count.min(1),
      since: isoTime,
      firstRunUrl: z.string().nullable(),
      lastSeenAt: isoTime,
    }) satisfies z.ZodType<PendingStreak>,
  ),
);

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

/** The target an issue body names in its marker; null when it has none (an issue a person wrote). */
export function targetOfBody(body: string | null | undefined): string | null {
  const name = readComment(body ?? '', TARGET_PREFIX);
  return typeof name === 'string' ? name : null;
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
  const parsed = PendingStreaksSchema.safeParse(readComment(body ?? '', PENDING_PREFIX));
  return parsed.success ? parsed.data : null;
}
