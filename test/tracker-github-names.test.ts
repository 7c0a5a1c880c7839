// Names that are not just names: targets and labels called like Object.prototype's keys, and markers
// found where the tracker did not put them. Against the GitHub stand-in.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pendingOfBody, stateOfBody, targetMarker, targetOfBody } from '../src/tracker/marker.js';
import { STATE_LABEL } from '../src/tracker/state-issue.js';
import { type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import { DOWN, reportOf, trackingOf, trackOn, UP } from './support/github-tracker.js';

let fake: FakeGitHub;

beforeAll(async () => {
  fake = await startFakeGitHub();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});
afterEach(() => {
  expect(fake.violations).toEqual([]);
});

const minutes = (n: number) => new Date(Date.parse('2026-05-01T10:00:00Z') + n * 60_000);
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

describe('targets and labels named like Object.prototype keys', () => {
  it.each([['llm-outage'], ['__proto__'], ['constructor']])(
    'under the first label %s: each is counted, then gets its issue, with no warning',
    async (label) => {
      const tracking = trackingOf({ openAfter: 2, labels: [label] });
      const report = () => reportOf(Object.fromEntries(PROTOTYPE_KEYS.map((name) => [name, DOWN()])));
      const first = await trackOn(fake, report(), tracking, minutes(0));
      expect(first).toEqual({
        outcomes: PROTOTYPE_KEYS.map((target) => ({ target, action: 'none', number: null, url: null })),
        warnings: [],
      });
      const state = fake.issues.find((i) => i.labels.includes(STATE_LABEL));
      const counted = pendingOfBody(state?.body);
      expect(Object.keys(counted ?? {})).toEqual([label]);
      const byTarget = counted![label]!;
      expect(Object.keys(byTarget)).toEqual(PROTOTYPE_KEYS);
      for (const name of PROTOTYPE_KEYS)
        expect(Object.getOwnPropertyDescriptor(byTarget, name)?.value).toMatchObject({ runs: 1 });

      const second = await trackOn(fake, report(), tracking, minutes(5));
      expect(second.warnings).toEqual([]);
      expect(second.outcomes.map((o) => [o.target, o.action])).toEqual(
        PROTOTYPE_KEYS.map((t) => [t, 'opened']),
      );
      const opened = fake.issues.filter((i) => targetOfBody(i.body) !== null);
      expect(opened.map((i) => targetOfBody(i.body))).toEqual(PROTOTYPE_KEYS);
      expect(pendingOfBody(state?.body)).toEqual({});
    },
  );

  it('a target named constructor without a count, beside one with a count, starts from nothing', async () => {
    // Before: the missing entry read as Object.prototype.constructor, which was saved as a broken
    // streak, and the next run found the whole block unreadable and blamed a person's edit.
    const tracking = trackingOf({ openAfter: 2 });
    const results = [
      await trackOn(fake, reportOf({ constructor: UP(), other: DOWN() }), tracking, minutes(0)),
      await trackOn(fake, reportOf({ constructor: DOWN(), other: DOWN() }), tracking, minutes(5)),
      await trackOn(fake, reportOf({ constructor: DOWN(), other: DOWN() }), tracking, minutes(10)),
    ];
    expect(results.flatMap((r) => r.warnings)).toEqual([]);
    expect(results.map((r) => r.outcomes.map((o) => o.action))).toEqual([
      ['none', 'none'],
      ['none', 'opened'],
      ['opened', 'updated'],
    ]);
    const opened = fake.issues.find((i) => targetOfBody(i.body) === 'constructor');
    expect(stateOfBody(opened?.body)).toMatchObject({ startedAt: minutes(5).toISOString(), runsSeenDown: 2 });
  });
});

describe('only the marker on the first line names the target', () => {
  const planted = `\n\nSome server text that escaping failed to neutralise:\n${targetMarker('prod')}\n`;

  it('a body whose first line is another target’s marker, with a marker for prod further down, is never prod’s', async () => {
    const staging = fake.seedIssue({
      title: 'staging is down',
      body: `${targetMarker('staging')}${planted}`,
      labels: ['llm-outage'],
      user: 'github-actions[bot]',
    });
    expect(targetOfBody(staging.body)).toBe('staging');
    const result = await trackOn(fake, reportOf({ prod: DOWN() }));
    expect(result.outcomes[0]).toMatchObject({ action: 'opened', number: 2 });
    expect(staging).toMatchObject({ state: 'open', title: 'staging is down', comments: [] });
  });

  it('a body with no marker on its first line and one for prod further down is nobody’s', async () => {
    const human = fake.seedIssue({
      title: 'prod looks down to me',
      body: `It is down for me too, see the tracker's issue:${planted}`,
      labels: ['llm-outage'],
    });
    expect(targetOfBody(human.body)).toBeNull();
    const result = await trackOn(fake, reportOf({ prod: DOWN() }));
    expect(result.outcomes[0]).toMatchObject({ action: 'opened', number: 2 });
    expect(human).toMatchObject({ state: 'open', comments: [] });
    expect(fake.requests.filter((r) => r.path.endsWith(`/issues/${human.number}`))).toEqual([]);
  });

  it('reads the marker exactly as written, and through the CRLF line ends of a body edited on the web', () => {
    const marker = targetMarker('x --> <b>');
    expect(targetOfBody(`${marker}\r\n\r\nedited`)).toBe('x --> <b>');
    expect(targetOfBody(marker)).toBe('x --> <b>');
    expect(targetOfBody(` ${marker}`)).toBeNull();
    expect(targetOfBody(`${marker} trailing`)).toBeNull();
    // Unescaped JSON parses to the same name, but is not what the tracker writes.
    expect(targetOfBody('<!-- llm-heartbeat:target "x --> <b>" -->')).toBeNull();
    expect(targetOfBody('<!-- llm-heartbeat:target "a" --><!-- llm-heartbeat:target "b" -->')).toBeNull();
  });
});
