import { createHash } from 'node:crypto';
import { UPLOT_CSS, UPLOT_JS } from './assets.generated.js';
import { badgeFiles } from './badges.js';
import { APP_JS, dataScript, indexHtml, PAGE_CSS, pageData } from './page.js';
import { type HistoryRecord, parseRecordLines, RecordSchema } from './record.js';
import { type AddOutcome, addRecord, DAY_MS, emptyState, stateSchema, type TargetState } from './state.js';

/**
 * The data branch's layout, and one run's change to it, as pure functions of the files read:
 *
 *   history/state.jsonl            one line per target: its rollups, incidents, identities (state.ts)
 *   history/runs/YYYY-MM-DD/HH.jsonl  every record of that UTC hour, one line each; 31 days kept
 *   index.html, status/*           the status page and its scripts
 *   api/<slug>/*.json, *.svg       Shields endpoint badges and the same as SVG
 */

export const STATE_PATH = 'history/state.jsonl';
export const RUNS_DIR = 'history/runs';
export const RUNS_KEPT_DAYS = 31;

const StateSchema = stateSchema(RecordSchema);

export function hourPath(t: string): string {
  return `${RUNS_DIR}/${t.slice(0, 10)}/${t.slice(11, 13)}.jsonl`;
}

/** state.jsonl → the states that pass the schema; a damaged line is skipped (and counted). Pure. */
export function parseStates(text: string | null): { states: Map<string, TargetState>; damaged: number } {
  const states = new Map<string, TargetState>();
  let damaged = 0;
  for (const line of (text ?? '').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed = StateSchema.safeParse(JSON.parse(line));
      if (parsed.success) states.set(parsed.data.target, parsed.data);
      else damaged++;
    } catch {
      damaged++;
    }
  }
  return { states, damaged };
}

export function serializeStates(states: Map<string, TargetState>): string {
  return [...states.values()].map((s) => `${JSON.stringify(s)}\n`).join('');
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
  /** The current hour files the run's records go into, by path. */
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

/** The paths a run must read, besides the listing: the state and the hour files of its records. */
export function pathsToRead(records: HistoryRecord[]): string[] {
  return [STATE_PATH, ...new Set(records.map((r) => hourPath(r.t)))];
}

/**
 * The run's records added to what the branch holds: states, hour files, page, badges, and the hour
 * files past the retention removed. A record already there is neither added again nor counted twice,
 * so a retry on a newer head is safe. Pure.
 */
export function planWrite(branch: BranchFiles, records: HistoryRecord[], options: PlanOptions): Plan {
  const warnings: string[] = [];
  const { states, damaged } = parseStates(branch.state);
  if (damaged > 0)
    warnings.push(
      `History: ${damaged} damaged line(s) in ${STATE_PATH} skipped; those targets' history starts again from this run.`,
    );
  const hourTexts = new Map<string, string>();
  const byTime = new Map<string, Map<number, HistoryRecord>>();
  for (const [path, text] of branch.hours) {
    const parsed = parseRecordLines(text ?? '');
    if (parsed.damaged > 0) warnings.push(`History: ${parsed.damaged} damaged line(s) in ${path} skipped.`);
    hourTexts.set(path, parsed.records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    for (const r of parsed.records) {
      const map = byTime.get(r.target) ?? new Map<number, HistoryRecord>();
      map.set(Date.parse(r.t), r);
      byTime.set(r.target, map);
    }
  }
  const outcomes: AddOutcome[] = [];
  for (const record of records) {
    const before = states.get(record.target) ?? emptyState(record.target);
    const { state, outcome } = addRecord(before, record, byTime.get(record.target) ?? new Map());
    outcomes.push(outcome);
    if (outcome !== 'added') continue;
    states.set(record.target, state);
    const path = hourPath(record.t);
    hourTexts.set(path, `${hourTexts.get(path) ?? ''}${JSON.stringify(record)}\n`);
  }
  const files = new Map<string, string | null>();
  const put = (path: string, content: string) => {
    if (branch.paths.get(path) !== blobSha(content)) files.set(path, content);
  };
  put(STATE_PATH, serializeStates(states));
  for (const [path, text] of hourTexts) put(path, text);
  const oldest = new Date(options.now - RUNS_KEPT_DAYS * DAY_MS).toISOString().slice(0, 10);
  for (const path of branch.paths.keys()) {
    const day = path.startsWith(`${RUNS_DIR}/`)
      ? path.slice(RUNS_DIR.length + 1, RUNS_DIR.length + 11)
      : null;
    if (day !== null && day < oldest) files.set(path, null);
  }
  const list = [...states.values()];
  put('index.html', indexHtml());
  put('status/uPlot.iife.min.js', UPLOT_JS);
  put('status/uPlot.min.css', UPLOT_CSS);
  put('status/page.css', PAGE_CSS);
  put('status/app.js', APP_JS);
  put('status/data.js', dataScript(pageData(list, options)));
  put('.nojekyll', '');
  for (const [path, content] of Object.entries(badgeFiles(list, options.now))) put(path, content);
  return { files, states, outcomes, warnings };
}
