import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import { cronMatches, firingsPerMonth, lastFiring, parseCron } from '../src/maintenance/cron.js';
import {
  configuredMark,
  issueMark,
  parseDuration,
  parseWindows,
  slug,
  windowOfIssue,
} from '../src/maintenance/windows.js';

const at = (text: string) => new Date(text);

describe('the five-field cron matcher', () => {
  it('matches steps, ranges, lists, names and Sunday as 0 or 7', () => {
    const c = parseCron('*/15 2-4 * * MON,wed');
    expect(cronMatches(c, at('2025-06-02T02:30:00Z'))).toBe(true); // a Monday
    expect(cronMatches(c, at('2025-06-02T02:31:00Z'))).toBe(false);
    expect(cronMatches(c, at('2025-06-03T02:30:00Z'))).toBe(false); // Tuesday
    expect(cronMatches(parseCron('0 3 * * 7'), at('2025-06-01T03:00:00Z'))).toBe(true); // Sunday
    expect(cronMatches(parseCron('0 0 1 JAN *'), at('2025-01-01T00:00:00Z'))).toBe(true);
  });

  it('day of month and day of week both restricted: either matches, as cron does', () => {
    const c = parseCron('0 0 13 * FRI');
    expect(cronMatches(c, at('2025-06-13T00:00:00Z'))).toBe(true); // Friday the 13th
    expect(cronMatches(c, at('2025-06-06T00:00:00Z'))).toBe(true); // a Friday
    expect(cronMatches(c, at('2025-07-13T00:00:00Z'))).toBe(true); // the 13th, a Sunday
    expect(cronMatches(c, at('2025-06-07T00:00:00Z'))).toBe(false);
  });

  it('refuses what is not five valid fields', () => {
    for (const bad of ['* * * *', '60 * * * *', '* 24 * * *', '*/0 * * * *', 'x * * * *', '5-1 * * * *'])
      expect(() => parseCron(bad), bad).toThrow();
  });

  it('finds the last firing and counts a month of runs', () => {
    expect(lastFiring(parseCron('0 3 * * *'), at('2025-06-01T04:30:00Z'), 2 * 3_600_000)?.toISOString()).toBe(
      '2025-06-01T03:00:00.000Z',
    );
    expect(lastFiring(parseCron('0 3 * * *'), at('2025-06-01T06:30:00Z'), 2 * 3_600_000)).toBeNull();
    expect(firingsPerMonth(parseCron('*/5 * * * *'))).toBe(8640);
    expect(firingsPerMonth(parseCron('*/15 * * * *'))).toBe(2880);
  });
});

describe('maintenance windows', () => {
  it('reads durations as 30m, 2h, 1h30m and ISO 8601', () => {
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('PT30M')).toBe(1_800_000);
    expect(parseDuration('P1DT2H')).toBe(26 * 3_600_000);
    for (const bad of ['', 'P', 'PT', 'soon', '-5m']) expect(parseDuration(bad), bad).toBeNull();
  });

  it('fixed and recurring windows, limited by targets', () => {
    const errors: string[] = [];
    const windows = parseWindows(
      '- start: 2025-06-01T02:00:00+02:00\n  end: 2025-06-01T04:00:00+02:00\n- cron: 0 3 * * SUN\n  duration: 2h\n  targets: [b]\n',
      'Input "maintenance"',
      errors,
    );
    expect(errors).toEqual([]);
    expect(configuredMark(windows, 'a', at('2025-06-01T01:00:00Z'))).toMatchObject({
      source: 'input',
      start: '2025-06-01T00:00:00.000Z',
      end: '2025-06-01T02:00:00.000Z',
    });
    expect(configuredMark(windows, 'a', at('2025-06-01T03:30:00Z'))).toBeNull();
    expect(configuredMark(windows, 'b', at('2025-06-01T04:59:00Z'))?.end).toBe('2025-06-01T05:00:00.000Z');
    expect(configuredMark(windows, 'b', at('2025-06-01T05:00:00Z'))).toBeNull();
  });

  it('says what is wrong with a window, naming the input and the item', () => {
    const config = () =>
      parseConfig({
        model: 'm',
        'api-key': 'sk-test-1234567890',
        maintenance:
          '- start: 2025-06-01T02:00:00\n  end: 2025-06-01T04:00:00Z\n- cron: 0 3 * *\n  duration: 2h\n- cron: 0 3 * * *\n  duration: forever\n- when: now\n',
      });
    expect(config).toThrow(/Input "maintenance" item 1 needs start and end as ISO 8601 with a time zone/);
    expect(config).toThrow(/item 2 key "cron" is "0 3 \* \*": expected five fields/);
    expect(config).toThrow(/item 3 key "duration" is "forever"/);
    expect(config).toThrow(/item 4 has an unknown key "when"/);
  });

  it("reads Upptime's hidden comment, on one line or several; no expectedDown means every target", () => {
    const w = windowOfIssue({
      number: 4,
      url: 'https://github.com/acme/models/issues/4',
      body: 'Planned.\n<!--\nstart: 2025-06-01T02:00:00Z\nend: 2025-06-01T03:00:00Z\nexpectedDown: My Model, other\nexpectedDegraded: third\n-->',
    })!;
    expect(w.targets).toEqual(['My Model', 'other', 'third']);
    expect(issueMark([w], 'my model', at('2025-06-01T02:30:00Z'))).toMatchObject({
      source: 'issue',
      issueNumber: 4,
    });
    expect(issueMark([w], 'fourth', at('2025-06-01T02:30:00Z'))).toBeNull();
    const all = windowOfIssue({
      number: 5,
      url: 'u',
      body: '<!-- start: 2025-06-01T02:00:00Z end: 2025-06-01T03:00:00Z -->',
    })!;
    expect(all.targets).toBeNull();
    expect(issueMark([all], 'anything', at('2025-06-01T02:59:59Z'))).not.toBeNull();
    expect(windowOfIssue({ number: 6, url: 'u', body: 'no comment here' })).toBeNull();
    expect(windowOfIssue({ number: 7, url: 'u', body: '<!-- start: soon end: later -->' })).toBeNull();
    expect(slug('GPT-4o mini (EU)')).toBe('gpt-4o-mini-eu');
  });
});
