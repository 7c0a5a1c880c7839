/** Reports and records for the history tests: a run at a given time whose checks say what we want. */
import { parseConfig } from '../../src/config/index.js';
import type { HistoryRecord } from '../../src/history/record.js';
import { recordOf } from '../../src/history/record.js';
import { judgeRun } from '../../src/pipeline.js';
import type { Report } from '../../src/report/model.js';
import { check } from './fixtures.js';

export interface RunSpec {
  /** ok checks out of 10 (default 10). */
  ok?: number;
  latencyMs?: number;
  /** null: the checks name no model (as a run that got no answer). */
  model?: string | null;
  fingerprint?: string | null;
  name?: string;
  location?: string | null;
}

export function reportAt(
  at: string | number,
  spec: RunSpec = {},
  inputs: Record<string, string> = {},
): Report {
  const config = parseConfig({
    'base-url': 'http://127.0.0.1:9/v1',
    model: 'gpt-4o-mini',
    name: spec.name ?? 'Alpha One',
    'success-confidence': 'off',
    ...inputs,
  });
  const ok = spec.ok ?? 10;
  const checks = Array.from({ length: 10 }, (_, i) =>
    check(i < ok ? 'ok' : 'server_error', (spec.latencyMs ?? 100) + i, {
      index: i,
      model: spec.model === undefined ? 'gpt-4o-mini-2024-07-18' : spec.model,
      systemFingerprint: spec.fingerprint === undefined ? 'fp_1' : spec.fingerprint,
    }),
  );
  const started = new Date(at);
  return judgeRun(config, [checks], {
    startedAt: started,
    finishedAt: new Date(started.getTime() + 5000),
    version: 'test',
    location: spec.location ?? 'test-runner',
    run: {
      repository: 'acme/models',
      workflow: 'probe',
      runId: '1',
      runAttempt: '1',
      url: 'https://github.com/acme/models/actions/runs/1',
      sha: null,
      ref: null,
    },
  });
}

export function recordAt(at: string | number, spec: RunSpec = {}): HistoryRecord {
  const report = reportAt(at, spec);
  return recordOf(report, report.targets[0]!);
}
