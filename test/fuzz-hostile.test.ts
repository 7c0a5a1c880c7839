/**
 * Property tests of the hostile-input guarantees, with fast-check (FUZZ_RUNS raises the cases):
 * whatever a server puts in any field, and however a report file is damaged, no crash, no leaked
 * key, no workflow command on stdout, no live marker in markdown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregateReports } from '../src/aggregate.js';
import { parseConfig } from '../src/config/index.js';
import { ReportMergeError } from '../src/errors.js';
import { judgeRun } from '../src/pipeline.js';
import { CATEGORIES, type CheckResult } from '../src/probe/result.js';
import { sealResult } from '../src/probe/seal.js';
import { checkLine } from '../src/report/log-line.js';
import type { Report } from '../src/report/model.js';
import { renderSummary } from '../src/report/summary.js';
import { runInfoFromEnv } from '../src/runner-env.js';
import { secretForms } from '../src/secrets.js';
import { check } from './support/fixtures.js';
import { asGitHubSees } from './support/live-links.js';
import { runnerCommands } from './support/runner-commands.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 0);
const runs = (quick: number) => ({ numRuns: RUNS > 0 ? RUNS : quick });

const KEY = ['7d1e4a09', 'c3b25f86', 'e4a0d917', '2b6c5e38'].join('');
const config = parseConfig({
  'base-url': 'http://127.0.0.1:9/v1',
  'api-key': KEY,
  targets: '- name: main\n  model: m',
});

/** Text a hostile server would send: the key in some form, commands, markers, bait, anything. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    KEY,
    encodeURIComponent(KEY),
    Buffer.from(KEY).toString('base64'),
    Buffer.from(`u:${KEY}`).toString('base64'),
    '##[set-env name=A;]b',
    '#\u200B#[error]x',
    '\r::error::x',
    '  ::add-mask::x',
    '<!-- llm-heartbeat:target "prod" -->',
    '@octocat GH-1 a/b#2 a/b@c0ffee1',
    '<'.repeat(5000),
  ),
  fc
    .tuple(fc.string({ maxLength: 20 }), fc.nat({ max: KEY.length }), fc.string({ maxLength: 20 }))
    .map(([a, cut, b]) => `${a}${KEY.slice(0, cut)}${KEY.slice(cut)}${b}`),
);

const hostileCheck = fc
  .record({
    category: fc.constantFrom(...CATEGORIES),
    errorCode: hostile,
    finishReason: hostile,
    model: hostile,
    systemFingerprint: hostile,
    requestId: hostile,
    retryAfter: hostile,
    error: hostile,
    reply: hostile,
  })
  .map((fields): CheckResult => ({ ...check(fields.category, 100), ...fields }));

const forms = secretForms([KEY]);
const leaks = (text: string) => forms.filter((f) => text.includes(f));

describe('hostile server fields', () => {
  it('sealed, they leak no key into the log line, the report or the summary, and the log line holds no command', () => {
    fc.assert(
      fc.property(fc.array(hostileCheck, { minLength: 1, maxLength: 4 }), (checks) => {
        const sealed = checks.map((c, i) => ({ ...sealResult(c, [KEY]), index: i }));
        const report = judgeRun(config, [sealed], {
          startedAt: new Date(0),
          finishedAt: new Date(1000),
          version: '0',
          location: null,
          run: runInfoFromEnv({}),
        });
        const line = checkLine('main', 'm', sealed[0]!);
        expect(runnerCommands(line)).toEqual([]);
        expect(leaks(line)).toEqual([]);
        expect(leaks(JSON.stringify(report))).toEqual([]);
        const summary = renderSummary(report);
        expect(leaks(summary)).toEqual([]);
        expect(summary).not.toContain('<!-- llm-heartbeat:target "prod"');
        for (const value of Object.values(sealed[0]!))
          if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(300);
      }),
      runs(300),
    );
  });
});

/** A JSON value of any kind, to put where a report had something else. */
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('@octocat <b>x</b> | y', '__proto__', -1, 1e308, null, [], {}, 'x'.repeat(10_000)),
);

function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (value !== null && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  return out;
}

describe('damaged report files in aggregate mode', () => {
  const good = judgeRun(config, [[check('ok', 100), { ...check('server_error', 50), index: 1 }]], {
    startedAt: new Date(0),
    finishedAt: new Date(1000),
    version: '0',
    location: 'a',
    run: runInfoFromEnv({}),
  });
  const all = paths(JSON.parse(JSON.stringify(good))).filter((p) => p.length > 0);

  it('are a clear ReportMergeError naming the file, or merge and render: never another error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...all), anyJson, (at, value) => {
        const damaged = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
        let node: Record<string | number, unknown> = damaged;
        for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
        node[at.at(-1)!] = value;
        try {
          const merged = aggregateReports([{ path: 'reports/a.json', content: damaged }], {
            minFailingLocations: null,
            failOn: 'degraded',
            pattern: 'reports/*.json',
            run: runInfoFromEnv({}),
          });
          // Code spans show their text literally, so only what is outside them could be live.
          const outside = renderSummary(merged as Report).replace(/`[^`\n]*`/g, ' ');
          expect(outside).not.toContain('<b>');
          expect(asGitHubSees(outside)).not.toContain('@octocat');
        } catch (err) {
          expect(err).toBeInstanceOf(ReportMergeError);
          expect((err as Error).message).toMatch(/^reports\/a\.json /);
        }
      }),
      runs(500),
    );
  });
});
