// The tracker's pure parts: the hidden marker and state, the issue text, and the lifecycle decision.
import { describe, expect, it } from 'vitest';
import { parseConfig, type TrackingConfig } from '../src/config/index.js';
import { ConfigError } from '../src/errors.js';
import { judgeRun } from '../src/pipeline.js';
import type { CheckResult } from '../src/probe/result.js';
import type { TargetReport } from '../src/report/model.js';
import { runInfoFromEnv } from '../src/runner-env.js';
import {
  BODY_BUDGET,
  boundText,
  formatDuration,
  GITHUB_BODY_LIMIT,
  issueBody,
  issueTitle,
  outageDetails,
  type RunView,
  stateIssueBody,
} from '../src/tracker/body.js';
import {
  decideIssue,
  type IssuePlan,
  type KnownIssue,
  opensThisRun,
  pendingAfter,
  updatedStreaks,
} from '../src/tracker/lifecycle.js';
import {
  hasPendingBlock,
  type OutageState,
  type PendingStreak,
  pendingBlock,
  pendingOfBody,
  stateBlock,
  stateOfBody,
  targetMarker,
  targetOfBody,
} from '../src/tracker/marker.js';
import { check } from './support/fixtures.js';

const ZWSP = '\u200B';
const HOSTILE = '@octocat #1 </details><script>alert(1)</script> | ``` \u001b[31mred\u001b[0m';
const KEY = 'sk-proj-abcdefghijklmnop1234';
const T0 = Date.parse('2026-05-01T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

const down = (extra: Partial<CheckResult> = {}) =>
  [0, 1, 2].map((index) => check('server_error', 120, { index, ...extra }));
const up = () => [0, 1, 2].map((index) => check('ok', 300, { index }));

function targetOf(checks: CheckResult[], inputs: Record<string, string> = {}): TargetReport {
  const config = parseConfig({ model: 'gpt-4o-mini', 'base-url': 'http://127.0.0.1:9/v1', ...inputs });
  const report = judgeRun(config, [checks], {
    startedAt: new Date(T0),
    finishedAt: new Date(T0),
    version: 'test',
    location: null,
    run: runInfoFromEnv({}),
  });
  return report.targets[0]!;
}

/** open-after and close-after 1 unless a test says otherwise, whatever the defaults are. */
const tracking = (extra: Partial<TrackingConfig> = {}): TrackingConfig => ({
  ...parseConfig({ model: 'm', 'base-url': 'http://127.0.0.1:9/v1', 'open-after': '1', 'close-after': '1' })
    .tracking,
  ...extra,
});

const view = (checks: CheckResult[], minutes: number, run = minutes): RunView => ({
  target: targetOf(checks),
  stream: true,
  runUrl: `https://github.com/acme/models/actions/runs/${run}`,
  now: at(minutes),
});

/** The plan of a run, given the issues GitHub holds for its target. */
const decideAt = (
  run: RunView,
  open: KnownIssue | null,
  settings = tracking(),
  lastClosed: KnownIssue | null = null,
  pending: PendingStreak | null = null,
): IssuePlan => decideIssue({ view: run, open, lastClosed, pending, tracking: settings });

/** The issue GitHub would hold after a plan was carried out at `minutes`. */
function issueAfter(plan: IssuePlan, minutes: number): KnownIssue {
  if (plan.action === 'opened')
    return {
      number: 7,
      url: 'https://github.com/acme/models/issues/7',
      title: plan.title,
      body: plan.body,
      createdAt: at(minutes).toISOString(),
      closedAt: null,
    };
  if (plan.action === 'none') throw new Error('no issue');
  return {
    ...plan.issue,
    title: plan.edit.title ?? plan.issue.title,
    body: plan.edit.body,
    closedAt:
      plan.edit.state === 'closed'
        ? at(minutes).toISOString()
        : plan.edit.state === 'open'
          ? null
          : plan.issue.closedAt,
  };
}

describe('marker and state', () => {
  it('names the target in a comment no name can break out of, and reads it back', () => {
    for (const name of ['gpt-4o-mini', 'x --> <script>', 'a "quoted"\nname', '模型 🚀', '']) {
      const marker = targetMarker(name);
      expect(marker.startsWith('<!-- llm-heartbeat:target ')).toBe(true);
      expect(marker.indexOf('-->')).toBe(marker.length - 3);
      expect(marker).not.toMatch(/<(?!!--)/);
      expect(targetOfBody(`${marker}\n\ntext after`)).toBe(name);
      // Only on the first line, where body.ts writes it.
      expect(targetOfBody(`text before\n${marker}\ntext after`)).toBeNull();
    }
  });

  it('finds no target in an issue a person wrote, or in a broken marker', () => {
    expect(targetOfBody('🔴 gpt-4o-mini is down, please look')).toBeNull();
    expect(targetOfBody(null)).toBeNull();
    expect(targetOfBody('<!-- llm-heartbeat:target gpt-4o-mini -->')).toBeNull();
    expect(targetOfBody('<!-- llm-heartbeat:target "unterminated')).toBeNull();
    expect(targetOfBody('<!-- llm-heartbeat:target 42 -->')).toBeNull();
  });

  it('round-trips the state and tolerates a missing, corrupted or foreign block', () => {
    const state: OutageState = {
      startedAt: '2026-05-01T10:00:00.000Z',
      firstRunUrl: 'https://github.com/acme/models/actions/runs/1',
      lastSeenAt: '2026-05-01T10:10:00.000Z',
      lastRunUrl: null,
      runsSeenDown: 3,
      healthyStreak: 0,
      healthySince: null,
      lastStatus: 'down',
      categories: ['server_error', 'timeout'],
      outages: 1,
    };
    expect(stateOfBody(`${targetMarker('x')}\n${stateBlock(state)}\nbody`)).toEqual(state);
    expect(stateOfBody('no state here')).toBeNull();
    expect(stateOfBody('<!-- llm-heartbeat:state {"startedAt": -->')).toBeNull();
    expect(stateOfBody(stateBlock({ ...state, runsSeenDown: -1 }))).toBeNull();
    expect(stateOfBody(stateBlock({ ...state, categories: ['weird'] } as unknown as OutageState))).toBeNull();
    expect(stateOfBody(stateBlock({ ...state, startedAt: 'yesterday' }))).toBeNull();
  });
});

describe('issue text', () => {
  it('titles from a fixed template', () => {
    expect(issueTitle('gpt-4o-mini', 'down')).toBe('🔴 gpt-4o-mini is down');
    expect(issueTitle('gpt-4o-mini', 'degraded')).toBe('🟡 gpt-4o-mini is degraded');
    expect(issueTitle(`a\nb ${'x'.repeat(500)}`, 'down').length).toBeLessThan(256);
  });

  it('says when it started, the run, the figures, the categories, sample errors and the models', () => {
    const plan = decideAt(
      view(
        [...down(), check('timeout', 30_000, { index: 3, httpStatus: null, error: 'no complete reply' })],
        0,
        101,
      ),
      null,
    );
    if (plan.action !== 'opened') throw new Error(plan.action);
    expect(plan.title).toBe('🔴 gpt-4o-mini is down');
    const body = plan.body;
    expect(targetOfBody(body)).toBe('gpt-4o-mini');
    expect(stateOfBody(body)).toMatchObject({ runsSeenDown: 1, categories: ['server_error', 'timeout'] });
    expect(body).toContain(
      '- **First seen:** 2026-05-01 10:00 UTC, [workflow run](https://github.com/acme/models/actions/runs/101)',
    );
    expect(body).toContain('| success rate | 0% (0/4) — minimum 95% |');
    expect(body).toContain('- **Failure categories:** `server_error`, `timeout`');
    expect(body).toContain('**Failed checks** (4 of 4');
    expect(body).toContain('Models seen: `gpt-4o-mini` fingerprint `fp_1` ×4');
  });

  it('makes hostile server text inert and redacts keys: no mention, issue link, HTML, fence, ANSI or table break', () => {
    const hostile = down({
      error: `${HOSTILE} key ${KEY}`,
      errorCode: `@octocat|${KEY}`,
      model: `evil</details>@octocat`,
      requestId: '#1 `x`',
    });
    const plan = decideAt(view(hostile, 0), null);
    if (plan.action !== 'opened') throw new Error(plan.action);
    // What GitHub renders as markdown: code spans show their text literally, hidden comments not at all.
    const visible = plan.body.replace(/<!--[\s\S]*?-->/g, '').replace(/(?<!\\)`[^`]*(?<!\\)`/g, 'CODE');
    expect(visible).not.toMatch(/@[a-z]/i);
    expect(visible).toContain(`@${ZWSP}octocat`);
    expect(visible).not.toMatch(/(^|[^\\])#\d/m);
    expect(visible).not.toMatch(/<\/?(details|script)/i);
    expect(visible).not.toContain('```');
    expect(visible).not.toContain('\u001b');
    expect(plan.body).not.toContain(KEY);
    expect(plan.body).toContain('[REDACTED]');
    // Every row of the failed-checks table still has its 7 cells.
    const rows = visible.split('\n').filter((line) => line.startsWith('| 1 |') || line.startsWith('| 2 |'));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(7);
  });

  it('stays under GitHub’s 65,536-character limit however much a server says', () => {
    const flood = Array.from({ length: 1000 }, (_, index) =>
      check('server_error', 100, {
        index,
        error: `${'&<>"@#|'.repeat(2000)}`,
        model: `model-${index}-${'x'.repeat(5000)}`,
        systemFingerprint: 'y'.repeat(5000),
        requestId: 'z'.repeat(5000),
      }),
    );
    const longName = 'n'.repeat(10_000);
    const target = { ...targetOf(flood), name: longName };
    const details = outageDetails({ target, stream: true, runUrl: null, now: at(0) });
    const state = stateOfBody(
      stateBlock({
        startedAt: at(0).toISOString(),
        firstRunUrl: null,
        lastSeenAt: at(0).toISOString(),
        lastRunUrl: null,
        runsSeenDown: 1,
        healthyStreak: 0,
        healthySince: null,
        lastStatus: 'down',
        categories: ['server_error'],
        outages: 1,
      }),
    )!;
    const body = issueBody({
      name: longName,
      state,
      phase: 'breached',
      details: details.repeat(20),
      closeAfter: 1,
      labels: ['llm-outage'],
    });
    expect(body.length).toBeLessThanOrEqual(BODY_BUDGET);
    expect(BODY_BUDGET).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(targetOfBody(body)).toBe(longName);
    expect(stateOfBody(body)).toEqual(state);
    expect(body).toContain('cut to fit GitHub’s size limit');
  });

  it('cuts at a line end and keeps short text as it is', () => {
    expect(boundText('short', 100)).toBe('short');
    const cut = boundText(`${'a'.repeat(50)}\n${'b'.repeat(200)}`, 150);
    expect(cut.length).toBeLessThanOrEqual(150);
    expect(cut.startsWith(`${'a'.repeat(50)}\n\n…`)).toBe(true);
  });

  it('says durations the way a person would', () => {
    expect(formatDuration(12_300)).toBe('12 s');
    expect(formatDuration(25 * 60_000)).toBe('25 min');
    expect(formatDuration(125 * 60_000)).toBe('2 h 5 min');
    expect(formatDuration(3 * 3_600_000)).toBe('3 h');
    expect(formatDuration(76 * 3_600_000)).toBe('3 d 4 h');
  });
});

describe('lifecycle', () => {
  it('opens once, updates without a comment while nothing changes, closes on recovery with the duration', () => {
    const settings = tracking();
    const opened = decideAt(view(down(), 0), null, settings);
    expect(opened.action).toBe('opened');
    let issue = issueAfter(opened, 0);

    const again = decideAt(view(down(), 10), issue, settings);
    expect(again).toMatchObject({ action: 'updated', comment: null });
    // The title is left as it is while the status stays the same (a person may have edited it).
    expect(again.action === 'updated' && again.edit.title).toBeUndefined();
    issue = issueAfter(again, 10);
    expect(stateOfBody(issue.body)).toMatchObject({ runsSeenDown: 2, lastSeenAt: at(10).toISOString() });
    expect(issue.body).toContain('- **Runs that saw it:** 2');

    const healthy = decideAt(view(up(), 25), issue, settings);
    if (healthy.action !== 'closed') throw new Error(healthy.action);
    expect(healthy.edit).toMatchObject({ state: 'closed', stateReason: 'completed' });
    expect(healthy.edit.title).toBeUndefined();
    expect(healthy.comment).toContain(
      '🟢 **Recovered:** gpt\\-4o\\-mini is up again. The outage lasted about **25 min**',
    );
    expect(healthy.comment).toContain('seen in 2 run(s)');
    expect(healthy.comment).toContain('**Figures now**');
    expect(healthy.comment).toContain('| success rate | 100% (3/3) — minimum 95% |');
    // The body keeps the outage's figures and says it is over.
    expect(healthy.edit.body).toContain('## ✅ gpt\\-4o\\-mini recovered after about 25 min');
    expect(healthy.edit.body).toContain('| success rate | 0% (0/3) — minimum 95% |');
  });

  it('does nothing for a healthy target without an issue', () => {
    expect(decideAt(view(up(), 0), null)).toEqual({ action: 'none', issue: null, pending: null });
  });

  it('comments when something changes: the status, or a new failure category', () => {
    const settings = tracking({ issueOn: 'degraded' });
    const opened = decideAt(view(down(), 0), null, settings);
    const issue = issueAfter(opened, 0);

    const newCategory = decideAt(
      view([...down(), check('timeout', 30_000, { index: 3, error: 'slow' })], 5),
      issue,
      settings,
    );
    expect(newCategory.action).toBe('updated');
    expect(newCategory.action === 'updated' && newCategory.comment).toContain(
      'new failure category `timeout`',
    );

    const slow = [0, 1, 2].map((index) => check('ok', 5000, { index }));
    const degraded: RunView = { ...view(slow, 10), target: targetOf(slow, { 'max-latency': '1000' }) };
    const plan = decideAt(degraded, issue, settings);
    if (plan.action !== 'updated') throw new Error(plan.action);
    expect(plan.comment).toContain('went from 🔴 down to 🟡 degraded');
    expect(plan.edit.title).toBe('🟡 gpt-4o-mini is degraded');
  });

  it('treats a status below issue-on as healthy', () => {
    const slow = [0, 1, 2].map((index) => check('ok', 5000, { index }));
    const degraded: RunView = { ...view(slow, 0), target: targetOf(slow, { 'max-latency': '1000' }) };
    expect(decideAt(degraded, null).action).toBe('none');
    const issue = issueAfter(decideAt(view(down(), 0), null), 0);
    const plan = decideAt({ ...degraded, now: at(30) }, issue);
    expect(plan.action).toBe('closed');
    expect(plan.action === 'closed' && plan.comment).toContain('is no longer down: it is 🟡 degraded now');
  });

  it('closes only after close-after healthy runs in a row, counting in the state', () => {
    const settings = tracking({ closeAfter: 2 });
    let issue = issueAfter(decideAt(view(down(), 0), null, settings), 0);
    const first = decideAt(view(up(), 10), issue, settings);
    expect(first).toMatchObject({ action: 'updated', comment: null });
    issue = issueAfter(first, 10);
    expect(stateOfBody(issue.body)).toMatchObject({ healthyStreak: 1, healthySince: at(10).toISOString() });
    expect(issue.body).toContain('Healthy in 1 run(s) in a row');

    // Down again before closing: the streak starts over, and that is worth a comment.
    const relapse = decideAt(view(down(), 20), issue, settings);
    expect(relapse.action === 'updated' && relapse.comment).toContain(
      'is 🔴 down again before the issue could close',
    );
    issue = issueAfter(relapse, 20);
    expect(stateOfBody(issue.body)).toMatchObject({ healthyStreak: 0, healthySince: null, runsSeenDown: 2 });

    issue = issueAfter(decideAt(view(up(), 30), issue, settings), 30);
    const closing = decideAt(view(up(), 40), issue, settings);
    expect(closing.action).toBe('closed');
    // The outage ended at the first run of the healthy streak, not when the issue closes.
    expect(closing.action === 'closed' && closing.comment).toContain('lasted about **30 min**');
  });

  it('reopens an issue closed within the reopen window, and opens a new one after it', () => {
    const settings = tracking({ reopenWindowHours: 24 });
    let issue = issueAfter(decideAt(view(down(), 0), null, settings), 0);
    issue = issueAfter(decideAt(view(up(), 10), issue, settings), 10);
    expect(issue.closedAt).toBe(at(10).toISOString());

    const soon = decideAt(view(down(), 70), null, settings, issue);
    if (soon.action !== 'reopened') throw new Error(soon.action);
    expect(soon.edit.state).toBe('open');
    expect(soon.comment).toContain('**Down again:** gpt\\-4o\\-mini is down 1 h after this issue was closed');
    expect(stateOfBody(soon.edit.body)).toMatchObject({
      outages: 2,
      runsSeenDown: 1,
      startedAt: at(70).toISOString(),
    });
    expect(soon.edit.body).toContain('- **Outages tracked in this issue:** 2');

    const late = decideAt(view(down(), 10 + 24 * 60), null, settings, issue);
    expect(late.action).toBe('opened');
    const never = decideAt(view(down(), 11), null, tracking({ reopenWindowHours: 0 }), issue);
    expect(never.action).toBe('opened');
  });

  it('carries on from what the issue tells when a person broke the state block', () => {
    const issue: KnownIssue = {
      number: 3,
      url: 'https://github.com/acme/models/issues/3',
      title: '🔴 gpt-4o-mini is down',
      body: `${targetMarker('gpt-4o-mini')}\n<!-- llm-heartbeat:state {broken -->\nedited by hand`,
      createdAt: at(0).toISOString(),
      closedAt: null,
    };
    const plan = decideAt(view(down(), 30), issue);
    if (plan.action !== 'updated') throw new Error(plan.action);
    expect(plan.comment).toBeNull();
    expect(stateOfBody(plan.edit.body)).toMatchObject({ startedAt: at(0).toISOString(), runsSeenDown: 2 });

    const closing = decideAt(view(up(), 40), issue);
    expect(closing.action === 'closed' && closing.comment).toContain('lasted about **40 min**');
    expect(closing.action === 'closed' && closing.edit.body).toContain('no longer in this body');
  });
});

describe('open-after: breached runs in a row before an issue opens', () => {
  const streak = (runs: number, since = 0, last = since): PendingStreak => ({
    runs,
    since: at(since).toISOString(),
    firstRunUrl: `https://github.com/acme/models/actions/runs/${since}`,
    lastSeenAt: at(last).toISOString(),
  });

  it('reads open-after as a whole number from 1 to 100, naming the input otherwise', () => {
    const parse = (value: string) =>
      parseConfig({ model: 'm', 'base-url': 'http://127.0.0.1:9/v1', 'open-after': value }).tracking
        .openAfter;
    expect(parse('3')).toBe(3);
    expect(parse(' 100 ')).toBe(100);
    for (const bad of ['0', '101', '1.5', '-1', 'abc', '1e1']) {
      expect(() => parse(bad)).toThrow(ConfigError);
      expect(() => parse(bad)).toThrow(
        `Input "open-after" is ${JSON.stringify(bad)}: expected a whole number from 1 to 100.`,
      );
    }
  });

  it('counts the first breached run, and opens on the second with the outage dated from the first', () => {
    const settings = tracking({ openAfter: 2 });
    const first = decideAt(view(down(), 0, 100), null, settings);
    expect(first).toEqual({
      action: 'none',
      issue: null,
      pending: {
        runs: 1,
        since: at(0).toISOString(),
        firstRunUrl: 'https://github.com/acme/models/actions/runs/100',
        lastSeenAt: at(0).toISOString(),
      },
    });
    const second = decideAt(view(down(), 5, 101), null, settings, null, pendingAfter(first));
    if (second.action !== 'opened') throw new Error(second.action);
    expect(pendingAfter(second)).toBeNull();
    expect(stateOfBody(second.body)).toMatchObject({
      startedAt: at(0).toISOString(),
      firstRunUrl: 'https://github.com/acme/models/actions/runs/100',
      lastSeenAt: at(5).toISOString(),
      lastRunUrl: 'https://github.com/acme/models/actions/runs/101',
      runsSeenDown: 2,
    });
    expect(second.body).toContain('- **Runs that saw it:** 2');
  });

  it('a healthy run ends the streak: breached, healthy, breached never opens', () => {
    const settings = tracking({ openAfter: 2 });
    let pending: PendingStreak | null = null;
    for (const [minutes, checks] of [
      [0, down()],
      [5, up()],
      [10, down()],
      [15, up()],
      [20, down()],
    ] as const) {
      const plan = decideAt(view([...checks], minutes), null, settings, null, pending);
      expect(plan.action).toBe('none');
      pending = pendingAfter(plan);
    }
    expect(pending).toMatchObject({ runs: 1, since: at(20).toISOString() });
  });

  it('counts up to open-after, and reopens (within the window) only then', () => {
    const settings = tracking({ openAfter: 3 });
    const closed = issueAfter(decideAt(view(up(), 0), issueAfter(decideAt(view(down(), 0), null), 0)), 1);
    expect(closed.closedAt).not.toBeNull();
    expect(decideAt(view(down(), 10), null, settings, closed, streak(1, 5))).toMatchObject({
      action: 'none',
      pending: { runs: 2, since: at(5).toISOString() },
    });
    const reopened = decideAt(view(down(), 15), null, settings, closed, streak(2, 5, 10));
    expect(reopened.action).toBe('reopened');
    expect(reopened.action === 'reopened' && stateOfBody(reopened.edit.body)).toMatchObject({
      startedAt: at(5).toISOString(),
      runsSeenDown: 3,
      outages: 2,
    });
  });

  it('an open issue is the state: the streak plays no part, and ends', () => {
    const settings = tracking({ openAfter: 5 });
    const issue = issueAfter(decideAt(view(down(), 0), null), 0);
    const plan = decideAt(view(down(), 5), issue, settings, null, streak(1));
    expect(plan.action).toBe('updated');
    expect(pendingAfter(plan)).toBeNull();
  });

  it('says whether a run opens an issue', () => {
    const settings = { issueOn: 'down' as const, openAfter: 2 };
    expect(opensThisRun('down', null, settings)).toBe(false);
    expect(opensThisRun('down', streak(1), settings)).toBe(true);
    expect(opensThisRun('degraded', streak(1), settings)).toBe(false);
    expect(opensThisRun('down', null, { ...settings, openAfter: 1 })).toBe(true);
  });

  it('merges a run’s streaks into the state: its label only, cleared ones dropped, week-old ones forgotten', () => {
    const before = {
      'llm-outage': { a: streak(1, 0), b: streak(1, 0), stale: streak(1, -8 * 24 * 60) },
      'staging-outage': { a: streak(2, 0) },
    };
    const after = updatedStreaks(
      before,
      'llm-outage',
      new Map([
        ['a', streak(2, 0, 5)],
        ['b', null],
        ['c', streak(1, 5)],
      ]),
      at(5),
    );
    expect(after).toEqual({
      'llm-outage': { a: streak(2, 0, 5), c: streak(1, 5) },
      'staging-outage': { a: streak(2, 0) },
    });
    expect(
      updatedStreaks(
        after,
        'llm-outage',
        new Map([
          ['a', null],
          ['c', null],
        ]),
        at(5),
      ),
    ).toEqual({
      'staging-outage': { a: streak(2, 0) },
    });
    expect(updatedStreaks({}, 'llm-outage', new Map([['a', null]]), at(5))).toEqual({});
  });

  it('round-trips the pending block, and tells a corrupted one from none', () => {
    const streaks = { 'llm-outage': { 'x --> <b>': streak(1) } };
    const block = pendingBlock(streaks);
    expect(block.indexOf('-->')).toBe(block.length - 3);
    expect(pendingOfBody(`text\n${block}\ntext`)).toEqual(streaks);
    expect(hasPendingBlock(block)).toBe(true);
    expect(hasPendingBlock(targetMarker('x'))).toBe(false);
    const broken = '<!-- llm-heartbeat:pending {"llm-outage": -->';
    expect(hasPendingBlock(broken)).toBe(true);
    expect(pendingOfBody(broken)).toBeNull();
    expect(pendingOfBody(pendingBlock({ x: { y: { ...streak(1), runs: 0 } } }))).toBeNull();
  });

  it('the state issue body: the block, a plain explanation and the streaks, escaped; never a tracking issue', () => {
    const body = stateIssueBody({ 'llm-outage': { [HOSTILE]: streak(1) } });
    expect(body.startsWith('<!-- llm-heartbeat:pending ')).toBe(true);
    expect(body).toContain('**Kept by llm-heartbeat: do not edit; closed on purpose.**');
    expect(pendingOfBody(body)).toEqual({ 'llm-outage': { [HOSTILE]: streak(1) } });
    expect(targetOfBody(body)).toBeNull();
    expect(stateOfBody(body)).toBeNull();
    const visible = body.replace(/<!--[\s\S]*?-->/, '');
    expect(visible).not.toMatch(/@octocat|#1\b|<script/);
    expect(visible).not.toContain('\u001b');
    expect(stateIssueBody({})).toContain('No target is waiting');
  });
});
