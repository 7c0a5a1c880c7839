/**
 * Maintenance windows: when planned work is expected to take a target down. Declared in the
 * `maintenance` input (fixed `start`/`end`, or a recurring UTC `cron` with a `duration`) or in open
 * issues labelled `maintenance`, in Upptime's body format. During a window the burst still runs, but no
 * issue opens or escalates, nothing notifies, the pending streak does not grow, and the report marks
 * the target so uptime and the SLO can leave the time out.
 */
import { parse as parseYaml } from 'yaml';
import { type Cron, lastFiring, parseCron } from './cron.js';

export interface FixedWindow {
  kind: 'fixed';
  start: Date;
  end: Date;
  /** Target names it applies to; null: every target. */
  targets: string[] | null;
}

export interface RecurringWindow {
  kind: 'cron';
  cron: Cron;
  cronText: string;
  durationMs: number;
  targets: string[] | null;
}

export type ConfiguredWindow = FixedWindow | RecurringWindow;

/** A window in force for one target this run, as the report keeps it. */
export interface MaintenanceMark {
  /** input: the maintenance input; issue: an open issue labelled maintenance. */
  source: 'input' | 'issue';
  start: string;
  end: string;
  /** The maintenance issue, when it came from one. */
  issueNumber: number | null;
  issueUrl: string | null;
}

/** `30m`, `2h`, `90s`, `1d`, `1h30m`, or ISO 8601 `PT30M` / `P1DT2H`: milliseconds, or null. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  const iso =
    /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(t);
  if (iso && t.length > 1 && !/T$/i.test(t)) {
    const [, d, h, m, s] = iso.map((x) => Number(x ?? 0));
    return (((d! * 24 + h!) * 60 + m!) * 60 + s!) * 1000;
  }
  const short =
    /^(?:(\d+(?:\.\d+)?)d)?\s*(?:(\d+(?:\.\d+)?)h)?\s*(?:(\d+(?:\.\d+)?)m)?\s*(?:(\d+(?:\.\d+)?)s)?$/i.exec(
      t,
    );
  if (short && t !== '') {
    const [, d, h, m, s] = short.map((x) => Number(x ?? 0));
    return (((d! * 24 + h!) * 60 + m!) * 60 + s!) * 1000;
  }
  return null;
}

/** ISO 8601 with a time zone (`Z` or `+02:00`): a date without one would depend on the runner's zone. */
function isoWithZone(text: unknown): Date | null {
  if (typeof text !== 'string') return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) return null;
  const d = new Date(text.trim());
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The longest window a cron may open: a week (the look-back for its last firing is that long). */
const MAX_CRON_DURATION_MS = 7 * 86_400_000;

/** Parses the `maintenance` input; every problem goes to `errors`, named `where` (the input). */
export function parseWindows(text: string, where: string, errors: string[]): ConfiguredWindow[] {
  if (text.trim() === '') return [];
  let doc: unknown;
  try {
    doc = parseYaml(text, { schema: 'failsafe', logLevel: 'error' });
  } catch (err) {
    errors.push(
      `${where} is not valid YAML (${(err as Error).message.split('\n')[0]}): expected a YAML list of windows.`,
    );
    return [];
  }
  if (!Array.isArray(doc)) {
    errors.push(
      `${where} is not a list: expected a YAML list such as "- cron: 0 3 * * SUN\\n  duration: 2h".`,
    );
    return [];
  }
  const out: ConfiguredWindow[] = [];
  doc.forEach((item: unknown, i) => {
    const label = `${where} item ${i + 1}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      errors.push(`${label} is not a mapping: expected start and end, or cron and duration.`);
      return;
    }
    const w = item as Record<string, unknown>;
    const unknown = Object.keys(w).filter(
      (k) => !['start', 'end', 'cron', 'duration', 'targets'].includes(k),
    );
    if (unknown.length > 0) {
      errors.push(
        `${label} has an unknown key ${JSON.stringify(unknown[0])}: expected start, end, cron, duration or targets.`,
      );
      return;
    }
    let targets: string[] | null = null;
    if (w.targets !== undefined) {
      const list = typeof w.targets === 'string' ? w.targets.split(',') : w.targets;
      if (!Array.isArray(list) || list.some((t) => typeof t !== 'string')) {
        errors.push(`${label} key "targets" is not a list of target names.`);
        return;
      }
      targets = list.map((t: string) => t.trim()).filter((t) => t !== '');
    }
    if (w.cron !== undefined) {
      let cron: Cron;
      try {
        cron = parseCron(String(w.cron));
      } catch (err) {
        errors.push(
          `${label} key "cron" is ${JSON.stringify(String(w.cron))}: expected five fields in UTC such as "0 3 * * SUN" (${(err as Error).message}).`,
        );
        return;
      }
      const durationMs = typeof w.duration === 'string' ? parseDuration(w.duration) : null;
      if (durationMs === null || durationMs <= 0 || durationMs > MAX_CRON_DURATION_MS) {
        errors.push(
          `${label} key "duration" is ${JSON.stringify(w.duration ?? '')}: expected a duration above 0 and at most 7 days, such as 30m, 2h or PT30M.`,
        );
        return;
      }
      out.push({ kind: 'cron', cron, cronText: String(w.cron).trim(), durationMs, targets });
      return;
    }
    const start = isoWithZone(w.start);
    const end = isoWithZone(w.end);
    if (!start || !end) {
      errors.push(
        `${label} needs start and end as ISO 8601 with a time zone (2025-06-01T02:00:00Z), or cron and duration.`,
      );
      return;
    }
    if (end <= start) {
      errors.push(`${label} ends before it starts.`);
      return;
    }
    out.push({ kind: 'fixed', start, end, targets });
  });
  return out;
}

/** The configured window in force at `now` for `target`, as a mark; null when none. */
export function configuredMark(
  windows: readonly ConfiguredWindow[],
  target: string,
  now: Date,
): MaintenanceMark | null {
  for (const w of windows) {
    if (w.targets !== null && !w.targets.includes(target)) continue;
    if (w.kind === 'fixed') {
      if (w.start <= now && now < w.end)
        return {
          source: 'input',
          start: w.start.toISOString(),
          end: w.end.toISOString(),
          issueNumber: null,
          issueUrl: null,
        };
      continue;
    }
    const fired = lastFiring(w.cron, now, w.durationMs);
    if (fired && now.getTime() < fired.getTime() + w.durationMs) {
      const end = new Date(fired.getTime() + w.durationMs);
      return {
        source: 'input',
        start: fired.toISOString(),
        end: end.toISOString(),
        issueNumber: null,
        issueUrl: null,
      };
    }
  }
  return null;
}

/** An open issue labelled maintenance, in Upptime's format. */
export interface MaintenanceIssue {
  number: number;
  url: string;
  body: string | null;
}

export interface IssueWindow {
  start: Date;
  end: Date;
  /** The names in expectedDown and expectedDegraded; null when neither is given: every target. */
  targets: string[] | null;
  issueNumber: number;
  issueUrl: string;
}

/** Upptime's slugs: lower case, runs of anything but letters and digits as one hyphen. */
export function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * Reads Upptime's hidden comment: `<!-- start: … end: … expectedDown: a, b expectedDegraded: c -->`
 * (keys on their own lines or not). Null when the body has no such comment or its dates are not ISO.
 */
export function windowOfIssue(issue: MaintenanceIssue): IssueWindow | null {
  const comment = /<!--([\s\S]*?)-->/.exec(issue.body ?? '')?.[1];
  if (!comment) return null;
  const key = (name: string) =>
    new RegExp(`(?:^|\\s)${name}:\\s*(.*?)\\s*(?=(?:start|end|expectedDown|expectedDegraded):|$)`, 'is')
      .exec(comment)?.[1]
      ?.trim();
  const startText = key('start');
  const endText = key('end');
  if (!startText || !endText) return null;
  const start = new Date(startText);
  const end = new Date(endText);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) return null;
  const names = [key('expectedDown'), key('expectedDegraded')]
    .filter((v): v is string => v !== undefined && v !== '')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return {
    start,
    end,
    targets: names.length > 0 ? names : null,
    issueNumber: issue.number,
    issueUrl: issue.url,
  };
}

/** The issue window in force at `now` for `target` (named as written, or by its Upptime slug). */
export function issueMark(
  windows: readonly IssueWindow[],
  target: string,
  now: Date,
): MaintenanceMark | null {
  for (const w of windows) {
    if (w.targets !== null && !w.targets.some((t) => t === target || slug(t) === slug(target))) continue;
    if (w.start <= now && now < w.end)
      return {
        source: 'issue',
        start: w.start.toISOString(),
        end: w.end.toISOString(),
        issueNumber: w.issueNumber,
        issueUrl: w.issueUrl,
      };
  }
  return null;
}
