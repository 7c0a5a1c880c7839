/**
 * A five-field cron matcher (minute hour day-of-month month day-of-week, UTC), as GitHub's `schedule`
 * reads them: numbers, `*`, ranges `a-b`, steps `*\/n` and `a-b/n`, lists `a,b`, month and day names
 * (JAN, MON), 7 as Sunday. Day of month and day of week, when both are restricted, match either (as
 * cron does). Small and tested rather than a dependency.
 */

export interface Cron {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Whether day of month, day of week were written as `*` (cron's either-or rule needs it). */
  anyDay: boolean;
  anyWeekday: boolean;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function value(text: string, names: string[] | null, offset: number): number {
  const named = names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + offset;
  if (!/^\d+$/.test(text)) throw new Error(`"${text}" is not a number`);
  return Number(text);
}

function field(
  text: string,
  min: number,
  max: number,
  names: string[] | null = null,
  offset = 0,
): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : value(stepText, null, 0);
    if (step < 1) throw new Error(`step "${stepText}" is not 1 or more`);
    let [from, to] = [min, max];
    if (range !== '*') {
      const [a, b] = range.split('-') as [string, string | undefined];
      from = value(a, names, offset);
      to = b === undefined ? (stepText === undefined ? from : max) : value(b, names, offset);
    }
    if (from < min || to > max || from > to) throw new Error(`"${part}" is outside ${min}-${max}`);
    for (let n = from; n <= to; n += step) out.add(n);
  }
  return out;
}

/** Parses five fields; throws an Error saying what is wrong. */
export function parseCron(text: string): Cron {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`expected five fields, found ${fields.length}`);
  const [m, h, dom, mon, dow] = fields as [string, string, string, string, string];
  const weekdays = field(dow, 0, 7, WEEKDAYS, 0);
  if (weekdays.delete(7)) weekdays.add(0);
  return {
    minutes: field(m, 0, 59),
    hours: field(h, 0, 23),
    days: field(dom, 1, 31),
    months: field(mon, 1, 12, MONTHS, 1),
    weekdays,
    anyDay: dom === '*',
    anyWeekday: dow === '*',
  };
}

/** Whether the cron fires at the UTC minute of `at`. */
export function cronMatches(cron: Cron, at: Date): boolean {
  if (!cron.minutes.has(at.getUTCMinutes()) || !cron.hours.has(at.getUTCHours())) return false;
  if (!cron.months.has(at.getUTCMonth() + 1)) return false;
  const day = cron.days.has(at.getUTCDate());
  const weekday = cron.weekdays.has(at.getUTCDay());
  if (cron.anyDay || cron.anyWeekday) return day && weekday;
  return day || weekday;
}

/**
 * The latest minute at or before `at` when the cron fired, looking back at most `withinMs`; null when
 * none. Minute by minute: a window is at most days long, so this is a few thousand steps at worst.
 */
export function lastFiring(cron: Cron, at: Date, withinMs: number): Date | null {
  const start = Math.floor(at.getTime() / 60_000) * 60_000;
  for (let t = start; t >= at.getTime() - withinMs; t -= 60_000) {
    const d = new Date(t);
    if (cronMatches(cron, d)) return d;
  }
  return null;
}

/** How often the cron fires in the 30 days from `from` (a month of runs, for the cost projection). */
export function firingsPerMonth(cron: Cron, from = new Date(Date.UTC(2025, 0, 1))): number {
  let count = 0;
  const start = Math.floor(from.getTime() / 60_000) * 60_000;
  for (let i = 0; i < 30 * 24 * 60; i++) if (cronMatches(cron, new Date(start + i * 60_000))) count++;
  return count;
}
