/**
 * The policies the simulation compares: candidate defaults of this action, and the alert rules of
 * Upptime and Gatus expressed with the same inputs (docs/simulation.md says how each peer decides).
 */
import { parseConfig } from '../src/config/index.ts';
import type { Policy } from './policy.ts';

/** What every policy shares, pinned so that a change of defaults does not move the other rows. */
const SHARED = { interval: '1', timeout: '30', 'reopen-window': '24' } as const;

const candidate = (
  checks: number,
  openAfter: number,
  closeAfter: number,
  judged: { confidence: number } | { raw: number },
): Policy => ({
  name:
    `${checks} checks · open-after ${openAfter} · close-after ${closeAfter} · ` +
    ('confidence' in judged ? `min 95% at ${judged.confidence}% confidence` : `min ${judged.raw}% raw rate`),
  inputs: {
    ...SHARED,
    checks: String(checks),
    'open-after': String(openAfter),
    'close-after': String(closeAfter),
    'min-success-rate': 'confidence' in judged ? '95' : String(judged.raw),
    'success-confidence': 'confidence' in judged ? String(judged.confidence) : 'off',
    'rate-limit-policy': 'exclude',
  },
});

export const CANDIDATES: Policy[] = [
  candidate(10, 1, 1, { raw: 95 }),
  candidate(10, 2, 1, { raw: 95 }),
  candidate(10, 2, 2, { raw: 95 }),
  candidate(10, 3, 2, { raw: 95 }),
  candidate(10, 2, 2, { raw: 80 }),
  candidate(10, 1, 2, { confidence: 95 }),
  candidate(10, 2, 2, { confidence: 95 }),
  candidate(10, 2, 3, { confidence: 95 }),
  candidate(20, 2, 2, { confidence: 95 }),
  candidate(5, 2, 2, { confidence: 95 }),
  candidate(3, 2, 2, { raw: 95 }),
];

/** Upptime: one request; on failure two re-tests back to back; an issue when all three fail; closed on the first success; a 429 is a failure. */
export const UPPTIME: Policy = {
  name: 'Upptime-style: 1 check + 2 re-tests, issue when all 3 fail, close on the first success',
  inputs: {
    ...SHARED,
    checks: '3',
    interval: '0',
    'min-success-rate': '1',
    'success-confidence': 'off',
    'open-after': '1',
    'close-after': '1',
    'rate-limit-policy': 'failure',
  },
  stopOnSuccess: true,
};

/** Gatus: one request per run; an alert after 3 failures in a row, resolved after 2 successes; a 429 is a failure. */
export const GATUS: Policy = {
  name: 'Gatus-style: 1 check, issue after 3 failed runs in a row, close after 2 good ones',
  inputs: {
    ...SHARED,
    checks: '1',
    'min-success-rate': '100',
    'success-confidence': 'off',
    'open-after': '3',
    'close-after': '2',
    'rate-limit-policy': 'failure',
  },
};

export const POLICIES: Policy[] = [...CANDIDATES, UPPTIME, GATUS];

/** The settings a policy's alerts depend on, as the action reads them. */
function alertSettings(inputs: Policy['inputs']): string {
  const config = parseConfig({ model: 'm', 'base-url': 'http://127.0.0.1:9/v1', ...inputs });
  const thresholds = config.targets[0]!.thresholds;
  return JSON.stringify([
    config.checks,
    config.intervalMs,
    config.rateLimitPolicy,
    config.tracking.openAfter,
    config.tracking.closeAfter,
    thresholds.minSuccessRate,
    thresholds.confidence,
  ]);
}

/** Whether a policy is what the action does with its default inputs. */
export function isDefault(policy: Policy): boolean {
  return !policy.stopOnSuccess && alertSettings(policy.inputs) === alertSettings({});
}
