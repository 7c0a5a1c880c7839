/**
 * What a tracking issue says: its title, its body and its comments. Pure text. Every text that came
 * from a server is redacted here and escaped by the shared helpers of src/markdown.ts, and every body
 * is bounded well under GitHub's 65,536-character limit.
 */

import { MODEL_GONE } from '../probe/classify.js';
import type { Category, CheckResult } from '../probe/result.js';
import {
  categoryLine,
  figures,
  identities,
  STATUS_ICON,
  sampleErrors,
  timeWentLine,
} from '../report/blocks.js';
import { codeSpan, escapeInline } from '../report/markdown.js';
import type { TargetReport } from '../report/model.js';
import type { TargetStats } from '../stats.js';
import type { Status } from '../status.js';
import { plain, redact, truncate } from '../text/untrusted.js';
import { type OutageState, type PendingStreaks, pendingBlock, stateBlock, targetMarker } from './marker.js';

/** GitHub refuses issue and comment bodies longer than this. */
export const GITHUB_BODY_LIMIT = 65_536;
/** What the tracker allows itself: room to spare under GitHub's limit. */
export const BODY_BUDGET = 60_000;
/** After GitHub still says "too long" (it may count differently), the one retry uses this. */
export const COMPACT_BODY_BUDGET = 20_000;

const DETAILS_START = '<!-- llm-heartbeat:details -->';
const DETAILS_END = '<!-- /llm-heartbeat:details -->';

/** One run's view of a target: what the body and the comments describe. */
export interface RunView {
  target: TargetReport;
  /** Whether the burst streamed (TTFT is measured only then). */
  stream: boolean;
  /** Link to the workflow run; null outside GitHub Actions. */
  runUrl: string | null;
  now: Date;
}

/** Where the issue stands, as its body's headline says it. */
export type Phase = 'breached' | 'recovering' | 'resolved';

export type BreachedStatus = Exclude<Status, 'up'>;

/** The status an issue speaks of: a breached one (`up` only reaches here through a stale state). */
export function breachedStatus(status: Status): BreachedStatus {
  return status === 'up' ? 'down' : status;
}

export function issueTitle(name: string, status: BreachedStatus): string {
  // Titles are plain text up to 256 characters; the name comes from the workflow, not a server.
  return `${STATUS_ICON[status]} ${truncate(plain(name), 200)} is ${status}`;
}

/** `2026-05-01 10:04 UTC`: minutes are enough for an outage timeline. */
export function utcTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** `45 s`, `12 min`, `2 h 5 min`, `3 d 4 h`: rounded the way a person would say it. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** Cuts text to `max` characters at a line end, saying so; keeps the hidden marker and state at the top. */
export function boundText(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = '\n\n… cut to fit GitHub’s size limit: the full figures are in the JSON report.';
  const room = text.slice(0, Math.max(0, max - note.length));
  const lineEnd = room.lastIndexOf('\n');
  return `${lineEnd > 0 ? room.slice(0, lineEnd) : room}${note}`;
}

/**
 * A body or comment with the run's hidden stamp (marker.ts's runMarker) on its last line, after any
 * cutting to size, so the stamp is never cut off; the text people read is unchanged.
 */
export function stampText(text: string, stamp: string): string {
  return `${text.replace(/\n+$/, '')}\n\n${stamp}\n`;
}

const runLink = (url: string | null): string =>
  url ? `[workflow run](${url})` : 'a run outside GitHub Actions';

const redactNullable = (text: string | null): string | null => (text === null ? null : redact(text));

/**
 * The target with every server-sent text redacted before it is rendered: issue bodies are not masked
 * by the runner the way logs are. Escaping is left to the shared renderers.
 */
function redacted(target: TargetReport): TargetReport {
  const check = (c: CheckResult): CheckResult => ({
    ...c,
    error: redactNullable(c.error),
    errorCode: redactNullable(c.errorCode),
    model: redactNullable(c.model),
    systemFingerprint: redactNullable(c.systemFingerprint),
    requestId: redactNullable(c.requestId),
    retryAfter: redactNullable(c.retryAfter),
    reply: redactNullable(c.reply),
  });
  const stats: TargetStats = {
    ...target.stats,
    identities: target.stats.identities.map((id) => ({
      ...id,
      model: redactNullable(id.model),
      systemFingerprint: redactNullable(id.systemFingerprint),
    })),
  };
  return { ...target, checks: target.checks.map(check), stats };
}

// --- Retirement: a model the provider answers as missing may have been retired, not misspelled. ---

/** The line an issue gets when a check was answered "model not found"; null when none was. */
export function retirementLine(target: TargetReport): string | null {
  const gone = target.checks.filter((c) => c.error?.startsWith(MODEL_GONE)).length;
  if (gone === 0) return null;
  return `- 🪦 ${gone} of ${target.checks.length} checks were answered "model not found": the provider may have retired ${codeSpan(target.model, 80)} (look for it on its deprecations page), or the name is misspelled.`;
}

// --- end of retirement ---

function breachList(target: TargetReport): string {
  const retirement = retirementLine(target);
  const lines = [
    ...target.verdict.breaches.map((b) => `- ❌ ${escapeInline(b.text, 300)}`),
    ...(retirement === null ? [] : [retirement]),
    ...target.verdict.notes.map((n) => `- ℹ️ ${escapeInline(n, 300)}`),
  ];
  // A slow target: say what kind of slow it is, from its phases.
  const slow = target.verdict.breaches.some((b) => b.kind === 'latency' || b.kind === 'ttft');
  const went = slow ? timeWentLine(target.stats) : '';
  if (went) lines.push(`- ⏱️ ${went.charAt(0).toUpperCase()}${went.slice(1)}.`);
  return lines.join('\n');
}

/** The figures of one run: the table, the outcomes and the models seen. */
function runFigures(view: RunView, withErrors: boolean): string[] {
  const target = redacted(view.target);
  const parts = [
    figures(target, view.stream),
    `Outcomes: ${categoryLine(target.stats) || 'no checks'}`,
    identities(target),
  ];
  if (withErrors) parts.push(sampleErrors(target));
  return parts.filter((p) => p !== '');
}

/** The part of the body that describes the latest breached run; kept as it was while the target recovers. */
export function outageDetails(view: RunView): string {
  const t = view.target;
  const header = [
    `### Latest run that saw it ${t.status}`,
    `${utcTime(view.now.toISOString())} · ${runLink(view.runUrl)} · ${codeSpan(t.model, 80)} at ${codeSpan(t.baseUrl, 120)}`,
  ];
  return [DETAILS_START, ...header, breachList(view.target), ...runFigures(view, true), DETAILS_END]
    .filter((p) => p !== '')
    .join('\n\n');
}

/** The details section an earlier run wrote into the body; null when a person removed it. */
export function detailsOfBody(body: string | null): string | null {
  const start = body?.indexOf(DETAILS_START) ?? -1;
  const end = body?.indexOf(DETAILS_END, start) ?? -1;
  return body && start >= 0 && end > start ? body.slice(start, end + DETAILS_END.length) : null;
}

const MISSING_DETAILS = `${DETAILS_START}\n\n_The figures of the outage are no longer in this body (it was edited)._\n\n${DETAILS_END}`;

/** Where the outage is taken to have ended: the first run that saw the target healthy again. */
const outageEnd = (state: OutageState): string => state.healthySince ?? state.lastSeenAt;

const outageLength = (state: OutageState): string =>
  formatDuration(Date.parse(outageEnd(state)) - Date.parse(state.startedAt));

function headline(name: string, state: OutageState, phase: Phase, closeAfter: number): string[] {
  const who = escapeInline(name, 80);
  if (phase === 'resolved') return [`## ✅ ${who} recovered after about ${outageLength(state)}`];
  if (phase === 'recovering') {
    return [
      `## 🟢 ${who} looks healthy again`,
      `Healthy in ${state.healthyStreak} run(s) in a row since ${utcTime(outageEnd(state))}; the issue closes after ${closeAfter} (\`close-after\`).`,
    ];
  }
  const status = breachedStatus(state.lastStatus);
  return [`## ${STATUS_ICON[status]} ${who} is ${status}`];
}

function timeline(state: OutageState): string {
  const lines = [
    `- **First seen:** ${utcTime(state.startedAt)}, ${runLink(state.firstRunUrl)}`,
    `- **Last seen:** ${utcTime(state.lastSeenAt)}, ${runLink(state.lastRunUrl)}`,
    `- **Runs that saw it:** ${state.runsSeenDown}`,
    `- **Failure categories:** ${state.categories.map((c) => `\`${c}\``).join(', ') || 'none (thresholds only)'}`,
  ];
  if (state.outages > 1) lines.push(`- **Outages tracked in this issue:** ${state.outages}`);
  return lines.join('\n');
}

function footer(closeAfter: number, labels: readonly string[]): string {
  const label = labels[0] ?? 'llm-outage';
  return (
    `<sub>Kept by llm-heartbeat: it updates this body while the outage lasts, comments only when something ` +
    `changes, and closes the issue after ${closeAfter} healthy run(s) in a row. It finds the issue again by ` +
    `the label ${codeSpan(label, 50)} and a hidden marker in this body: keep both. ` +
    `Server text is escaped and redacted.</sub>`
  );
}

export interface IssueBodyInput {
  name: string;
  state: OutageState;
  phase: Phase;
  /** outageDetails() of a breached run, or detailsOfBody() of the body it replaces. */
  details: string | null;
  closeAfter: number;
  labels: readonly string[];
}

export function issueBody(input: IssueBodyInput, budget = BODY_BUDGET): string {
  const text = [
    targetMarker(input.name),
    stateBlock(input.state),
    ...headline(input.name, input.state, input.phase, input.closeAfter),
    timeline(input.state),
    input.details ?? MISSING_DETAILS,
    footer(input.closeAfter, input.labels),
  ].join('\n\n');
  return boundText(`${text}\n`, budget);
}

/** What changed since the last run, worth a comment: the status, or a failure category not seen before. */
export interface Change {
  from: Status;
  to: Status;
  newCategories: Category[];
}

export function changeComment(view: RunView, change: Change): string {
  const name = escapeInline(view.target.name, 80);
  const what: string[] = [];
  if (change.from !== change.to) {
    what.push(
      change.from === 'up'
        ? `${name} is ${STATUS_ICON[change.to]} ${change.to} again before the issue could close`
        : `${name} went from ${STATUS_ICON[change.from]} ${change.from} to ${STATUS_ICON[change.to]} ${change.to}`,
    );
  }
  if (change.newCategories.length > 0) {
    const list = change.newCategories.map((c) => `\`${c}\``).join(', ');
    what.push(`new failure ${change.newCategories.length > 1 ? 'categories' : 'category'} ${list}`);
  }
  const text = [
    `${STATUS_ICON[breachedStatus(view.target.status)]} **Changed:** ${what.join(' · ')} — ${runLink(view.runUrl)}`,
    breachList(view.target),
    ...runFigures(view, true),
  ];
  return boundText(text.filter((p) => p !== '').join('\n\n'), BODY_BUDGET);
}

export function recoveryComment(view: RunView, state: OutageState, issueOn: BreachedStatus): string {
  const name = escapeInline(view.target.name, 80);
  const now =
    view.target.status === 'up'
      ? `${name} is up again`
      : `${name} is no longer ${issueOn}: it is ${STATUS_ICON[view.target.status]} ${view.target.status} now, which does not reach \`issue-on: ${issueOn}\``;
  const text = [
    `🟢 **Recovered:** ${now}. The outage lasted about **${outageLength(state)}**: first seen ${utcTime(state.startedAt)}, ` +
      `healthy again ${utcTime(outageEnd(state))}, seen in ${state.runsSeenDown} run(s). ` +
      `Closing after ${state.healthyStreak} healthy run(s) in a row — ${runLink(view.runUrl)}.`,
    '**Figures now**',
    ...runFigures(view, false),
  ];
  return boundText(text.join('\n\n'), BODY_BUDGET);
}

export function reopenComment(view: RunView, closedAt: string, reopenWindowHours: number): string {
  const status = breachedStatus(view.target.status);
  const since = formatDuration(view.now.getTime() - Date.parse(closedAt));
  const text = [
    `${STATUS_ICON[status]} **${status === 'down' ? 'Down' : 'Degraded'} again:** ${escapeInline(view.target.name, 80)} is ${status} ` +
      `${since} after this issue was closed, so it is reopened rather than a new one opened ` +
      `(\`reopen-window: ${reopenWindowHours}\` hours) — ${runLink(view.runUrl)}.`,
    breachList(view.target),
    ...runFigures(view, true),
  ];
  return boundText(text.filter((p) => p !== '').join('\n\n'), BODY_BUDGET);
}

export function duplicateComment(keptNumber: number): string {
  return (
    `Closing as a duplicate of #${keptNumber}: llm-heartbeat keeps one issue per target, and this one was ` +
    `opened by an overlapping run. A \`concurrency\` group on the workflow keeps runs from overlapping.`
  );
}

// ---- the state issue: the pending streaks, kept between runs while open-after is not reached ----

export const STATE_ISSUE_TITLE = 'llm-heartbeat: pending outage streaks (closed on purpose)';

export function stateIssueBody(streaks: PendingStreaks): string {
  const rows = Object.entries(streaks).flatMap(([label, targets]) =>
    Object.entries(targets).map(
      ([name, streak]) =>
        `| ${codeSpan(label, 50)} | ${escapeInline(name, 80)} | ${streak.runs} | ${utcTime(streak.since)} |`,
    ),
  );
  const table =
    rows.length === 0
      ? '_No target is waiting: none is breached, or each breached one has its tracking issue._'
      : ['| first label | target | breached runs in a row | since |', '|---|---|---|---|', ...rows].join(
          '\n',
        );
  return [
    pendingBlock(streaks),
    '**Kept by llm-heartbeat: do not edit; closed on purpose.**',
    'With `open-after` above 1, a tracking issue opens only after that many breached runs in a row. ' +
      'Each run starts from nothing, so the runs counted so far for targets without a tracking issue are ' +
      'kept in a hidden block at the top of this body. It was created closed, so it notified watchers once, ' +
      'and it is edited (which notifies no one) only when a count changes. If it is deleted or its block ' +
      'is broken, the counts start over and a warning says so; nothing else is lost.',
    table,
  ].join('\n\n');
}
