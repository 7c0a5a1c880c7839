import { createHash } from 'node:crypto';
import { UPLOT_CSS, UPLOT_JS } from './assets.generated.js';
import { badgeFiles } from './badges.js';
import { previousIdentity } from './judge.js';
import { APP_JS, dataScript, indexHtml, nowScript, PAGE_CSS, pageData } from './page.js';
import { type HistoryRecord, parseRecordLines, RecordSchema, recordLine } from './record.js';
import {
  type AddOutcome,
  addRecord,
  addSealed,
  DAY_MS,
  emptyState,
  HOUR_MS,
  persisted,
  pointOf,
  RUN_CAP_MS,
  seal,
  stateSchema,
  type TargetState,
} from './state.js';

/**
 * The data branch's layout, and one run's change to it, as pure functions of the files read:
 *
 *   history/state.jsonl            one line per target: its rollups, incidents, identities (state.ts),
 *                                  rewritten about once an hour
 *   history/runs/YYYY-MM-DD/HH.jsonl  every record of that UTC hour, one line each, appended by each run;
 *                                  7 days kept
 *   index.html, status/*           the status page and its scripts
 *   api/<slug>/*.json, *.svg       Shields endpoint badges and the same as SVG
 */

export const STATE_PATH = 'history/state.jsonl';
export const RUNS_DIR = 'history/runs';
export const RUNS_KEPT_DAYS = 7;
export const DATA_PATH = 'status/data.js';
export const NOW_PATH = 'status/now.js';

const StateSchema = stateSchema(RecordSchema);

export function hourPath(t: string | number): string {
  const iso = typeof t === 'number' ? new Date(t).toISOString() : t;
  return `${RUNS_DIR}/${iso.slice(0, 10)}/${iso.slice(11, 13)}.jsonl`;
}

/** The start of the hour an hour file holds, or null for any other path. */
export function hourOfPath(path: string): number | null {
  const m = /^history\/runs\/(\d{4}-\d{2}-\d{2})\/(\d{2})\.jsonl$/.exec(path);
  return m ? Date.parse(`${m[1]}T${m[2]}:00:00.000Z`) : null;
}

let parsedCache: { text: string; states: Map<string, TargetState>; damaged: number } | null = null;

/**
 * state.jsonl → the states that pass the schema; a damaged line is skipped (and counted). Pure (the
 * states are not to be changed: every function here copies what it changes; the last text parsed is
 * remembered, as the same text is read by every run of an hour).
 */
export function parseStates(text: string | null): { states: Map<string, TargetState>; damaged: number } {
  const source = text ?? '';
  if (parsedCache?.text === source)
    return { states: new Map(parsedCache.states), damaged: parsedCache.damaged };
  const states = new Map<string, TargetState>();
  let damaged = 0;
  for (const line of source.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = StateSchema.safeParse(JSON.parse(line));
      if (parsed.success) states.set(parsed.data.target, parsed.data);
      else damaged++;
    } catch {
      damaged++;
    }
  }
  parsedCache = { text: source, states, damaged };
  return { states: new Map(states), damaged };
}

/** The lines of state.jsonl: rollups, incidents, identities; not the runs from `sealed` on. */
export function serializeStates(states: Map<string, TargetState>): string {
  const text = [...states.values()].map((s) => `${JSON.stringify(persisted(s))}\n`).join('');
  // What parsing this text gives back, so the next run of the hour does not parse it again.
  parsedCache = {
    text,
    states: new Map([...states].map(([k, s]) => [k, { ...s, recent: [] }])),
    damaged: 0,
  };
  return text;
}

/** Git's blob id of a text, to leave out files whose content did not change. */
export function blobSha(content: string): string {
  const body = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

export interface BranchFiles {
  /** Every path on the branch with its blob id. */
  paths: Map<string, string>;
  state: string | null;
  /** The hour files `pathsToRead` named, by path (null: not on the branch). */
  hours: Map<string, string | null>;
}

export interface PlanOptions {
  now: number;
  slo: number | null;
  title: string;
  repositoryUrl: string | null;
}

export interface Plan {
  /** Path → new content, or null to delete; only files that change. */
  files: Map<string, string | null>;
  states: Map<string, TargetState>;
  outcomes: AddOutcome[];
  warnings: string[];
}

/**
 * The hour files a run must read besides state.jsonl: those not yet folded into the rows (from the
 * oldest `sealed` on, as the listing has them), each record's hour, and for a record older than its
 * target's `sealed` the hours within the cap around it. `paths` is the listing, `state` state.jsonl.
 */
export function pathsToRead(
  records: HistoryRecord[],
  state: string | null = null,
  paths: Map<string, string> = new Map(),
): string[] {
  const { states } = parseStates(state);
  const out = new Set<string>();
  const sealed = [...states.values()].map((s) => s.sealed ?? Number.NEGATIVE_INFINITY);
  const oldest = sealed.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...sealed);
  for (const p of paths.keys()) {
    const hour = hourOfPath(p);
    if (hour !== null && hour >= oldest) out.add(p);
  }
  for (const r of records) {
    out.add(hourPath(r.t));
    const t = Date.parse(r.t);
    const s = states.get(r.target)?.sealed;
    if (s != null && t < s) {
      out.add(hourPath(t - RUN_CAP_MS));
      out.add(hourPath(t + RUN_CAP_MS));
    }
  }
  return [...out].sort();
}

interface HourFiles {
  /** Path → the file's good lines (damaged ones dropped), as read. */
  texts: Map<string, string>;
  /** Target → its records in the files read. */
  byTarget: Map<string, HistoryRecord[]>;
  warnings: string[];
}

function readHours(hours: Map<string, string | null>): HourFiles {
  const texts = new Map<string, string>();
  const byTarget = new Map<string, HistoryRecord[]>();
  const warnings: string[] = [];
  for (const [path, text] of hours) {
    if (text === null) continue;
    const parsed = parseRecordLines(text);
    if (parsed.damaged > 0) warnings.push(`History: ${parsed.damaged} damaged line(s) in ${path} skipped.`);
    texts.set(path, parsed.damaged > 0 ? parsed.records.map((r) => `${recordLine(r)}\n`).join('') : text);
    for (const r of parsed.records) byTarget.set(r.target, [...(byTarget.get(r.target) ?? []), r]);
  }
  return { texts, byTarget, warnings };
}

/** A target's state with the runs from its `sealed` on that the hour files hold. */
function hydrate(state: TargetState, records: readonly HistoryRecord[]): TargetState {
  const byTime = new Map<number, HistoryRecord>();
  let out = state;
  for (const r of [...records].sort((a, b) => a.t.localeCompare(b.t))) {
    const t = Date.parse(r.t);
    if (state.sealed !== null && t < state.sealed) continue;
    out = addRecord(out, r, byTime).state;
  }
  return out;
}

/**
 * What a run sees: state.jsonl's rollups with the runs since they were sealed, read back from the hour
 * files (`pathsToRead` names them). Pure.
 */
export function branchStates(
  state: string | null,
  hours: Map<string, string | null>,
): { states: Map<string, TargetState>; damaged: number; warnings: string[] } {
  const parsed = parseStates(state);
  const files = readHours(hours);
  const states = new Map<string, TargetState>();
  for (const [target, s] of parsed.states) states.set(target, hydrate(s, files.byTarget.get(target) ?? []));
  return { states, damaged: parsed.damaged, warnings: files.warnings };
}

let statics: [string, { text: string; sha: string }][] | null = null;
/** The page's files that do not depend on the data, with their blob ids (computed once). */
function staticFiles(): [string, { text: string; sha: string }][] {
  statics ??= (
    [
      ['index.html', indexHtml()],
      ['status/uPlot.iife.min.js', UPLOT_JS],
      ['status/uPlot.min.css', UPLOT_CSS],
      ['status/page.css', PAGE_CSS],
      ['status/app.js', APP_JS],
      ['.nojekyll', ''],
    ] as const
  ).map(([path, text]) => [path, { text, sha: blobSha(text) }]);
  return statics;
}

/**
 * The run's records added to what the branch holds, as one commit's files:
 *
 * - the current hour's file gets the records (every run);
 * - state.jsonl is rewritten when the rows move on (the first run of an hour folds the hours before it),
 *   for a new target, a record older than the rows' end, or a damaged line;
 * - the page's figures (status/data.js) and the badges are written on the first run of an hour, for a
 *   new target, after a target's first run, or when a new model or fingerprint answers: about once an
 *   hour, each figure exact then;
 * - status/now.js (each target's current status, small) is written with them and whenever a target's
 *   status or identity changes;
 * - hour files past the retention are removed.
 *
 * A record already there is neither added again nor counted twice, so a retry on a newer head is safe.
 * Pure.
 */
export function planWrite(branch: BranchFiles, records: HistoryRecord[], options: PlanOptions): Plan {
  const warnings: string[] = [];
  const { states: persistedStates, damaged } = parseStates(branch.state);
  if (damaged > 0)
    warnings.push(
      `History: ${damaged} damaged line(s) in ${STATE_PATH} skipped; those targets' history starts again from this run.`,
    );
  const hours = readHours(branch.hours);
  warnings.push(...hours.warnings);
  const hourTexts = new Map(hours.texts);
  const states = new Map<string, TargetState>();
  for (const [target, s] of persistedStates) states.set(target, hydrate(s, hours.byTarget.get(target) ?? []));
  let rewriteState = damaged > 0;
  let pageDue = !branch.paths.has(DATA_PATH);
  let nowDue = !branch.paths.has(NOW_PATH);
  const outcomes: AddOutcome[] = [];
  for (const record of records) {
    const known = states.get(record.target);
    const before = known ?? emptyState(record.target);
    const t = Date.parse(record.t);
    const path = hourPath(record.t);
    let state = before;
    let outcome: AddOutcome;
    const same = (r: HistoryRecord) => Date.parse(r.t) === t && r.location === record.location;
    if (before.sealed !== null && t < before.sealed) {
      const around = hours.byTarget.get(record.target) ?? [];
      const hourStart = Math.floor(t / HOUR_MS) * HOUR_MS;
      if (around.some(same)) outcome = 'duplicate';
      else if (t < options.now - RUNS_KEPT_DAYS * DAY_MS || !branch.hours.has(path)) outcome = 'too-old';
      else {
        const points = around.map(pointOf);
        state = addSealed(
          before,
          record,
          points.filter((p) => p.t >= hourStart && p.t < hourStart + HOUR_MS),
          points.filter((p) => Math.abs(p.t - t) <= RUN_CAP_MS),
        );
        outcome = 'added';
        rewriteState = true;
      }
    } else {
      const added = addRecord(
        before,
        record,
        new Map((hours.byTarget.get(record.target) ?? []).map((r) => [Date.parse(r.t), r])),
      );
      state = added.state;
      outcome = added.outcome;
    }
    outcomes.push(outcome);
    if (outcome !== 'added') continue;
    if (!known) rewriteState = pageDue = true;
    // The page written after a target's first run had no interval to show yet ("no data").
    if (before.tail === null && before.recent.length <= 1 && before.hours.length === 0) pageDue = true;
    if (before.last?.status !== state.last?.status) nowDue = true;
    // A new model or fingerprint answered (rare): the identities the page lists change.
    const was = previousIdentity(before);
    const is = previousIdentity(state);
    if (was && is && (was.model !== is.model || was.fingerprint !== is.fingerprint)) pageDue = true;
    states.set(record.target, state);
    hours.byTarget.set(record.target, [...(hours.byTarget.get(record.target) ?? []), record]);
    hourTexts.set(path, `${hourTexts.get(path) ?? ''}${recordLine(record)}\n`);
  }
  // The first run of an hour folds the hours before it into the rows.
  const hourNow = Math.floor(options.now / HOUR_MS) * HOUR_MS;
  for (const [target, s] of states) {
    if (s.sealed !== null && s.sealed >= hourNow) continue;
    states.set(target, seal(s, hourNow));
    rewriteState = pageDue = true;
  }
  const files = new Map<string, string | null>();
  const put = (path: string, content: string) => {
    if (branch.paths.get(path) !== blobSha(content)) files.set(path, content);
  };
  if (rewriteState) put(STATE_PATH, serializeStates(states));
  for (const [path, text] of hourTexts) put(path, text);
  const oldest = new Date(options.now - RUNS_KEPT_DAYS * DAY_MS).toISOString().slice(0, 10);
  for (const path of branch.paths.keys()) {
    const day = path.startsWith(`${RUNS_DIR}/`)
      ? path.slice(RUNS_DIR.length + 1, RUNS_DIR.length + 11)
      : null;
    if (day !== null && day < oldest) files.set(path, null);
  }
  const list = [...states.values()];
  for (const [path, content] of staticFiles())
    if (branch.paths.get(path) !== content.sha) files.set(path, content.text);
  if (pageDue) {
    put(DATA_PATH, dataScript(pageData(list, options)));
    for (const [path, content] of Object.entries(badgeFiles(list, options.now))) put(path, content);
  }
  if (pageDue || nowDue) put(NOW_PATH, nowScript(list, options.now));
  return { files, states, outcomes, warnings };
}
