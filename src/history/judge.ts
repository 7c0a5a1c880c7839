import type { Report, TargetReport } from '../report/model.js';
import { reachesFailOn, worstStatus } from '../status.js';
import type { Breach } from '../verdict.js';
import { recordOf } from './record.js';
import { baseline, type TargetState } from './state.js';

/** Earlier runs the 7-day baseline needs before a burst is judged against it. */
export const MIN_BASELINE_RUNS = 5;

export interface RegressionLimits {
  /** Percent above the 7-day median; null = off. */
  latency: number | null;
  ttft: number | null;
}

export interface IdentityChange {
  target: string;
  from: { model: string | null; fingerprint: string | null };
  to: { model: string | null; fingerprint: string | null };
}

const ms = (v: number) => `${Math.round(v)} ms`;

/** A burst against the target's own past: breaches above the limits, notes when it cannot be judged. Pure. */
export function regressionFindings(
  target: TargetReport,
  state: TargetState | undefined,
  limits: RegressionLimits,
  t: number,
): { breaches: Breach[]; notes: string[] } {
  const breaches: Breach[] = [];
  const notes: string[] = [];
  const p = target.stats.latency.thresholdPercentile;
  const checks: [keyof RegressionLimits, number | null, 'atP' | 'ttftAtP', string, Breach['kind']][] = [
    ['latency', target.stats.latency.atThreshold, 'atP', 'latency', 'latency-regression'],
    ['ttft', target.stats.ttft.atThreshold, 'ttftAtP', 'TTFT', 'ttft-regression'],
  ];
  for (const [key, figure, field, word, kind] of checks) {
    const limit = limits[key];
    if (limit === null || figure === null) continue;
    const base = state ? baseline(state, t, field) : { n: 0, median: null };
    if (base.n < MIN_BASELINE_RUNS || base.median === null) {
      notes.push(
        `${word} p${p} not judged against its own past: the 7-day baseline has ${base.n} earlier run(s), it needs ${MIN_BASELINE_RUNS}`,
      );
      continue;
    }
    const bound = base.median * (1 + limit / 100);
    if (figure > bound) {
      const above = ((figure / base.median - 1) * 100).toFixed(0);
      breaches.push({
        kind,
        figure,
        limit: bound,
        text: `${word} p${p} ${ms(figure)} is ${above}% above its 7-day median ${ms(base.median)} (n=${base.n} runs; max-${key}-regression ${limit}%)`,
      });
    }
  }
  return { breaches, notes };
}

/**
 * The identity the target last answered with: the newest record's, or, when that run got no answer (a
 * down run names no model), the identity seen most recently. Pure.
 */
export function previousIdentity(
  state: TargetState | undefined,
): { model: string | null; fingerprint: string | null } | null {
  const last = state?.last;
  if (last && (last.model !== null || last.fingerprint !== null))
    return { model: last.model, fingerprint: last.fingerprint };
  const newest = [...(state?.identities ?? [])].sort((a, b) => b.lastSeen - a.lastSeen)[0];
  return newest ? { model: newest.model, fingerprint: newest.fingerprint } : null;
}

/** The model name or fingerprint the burst mostly answered with, against the previous answer's. Pure. */
export function identityChange(
  target: TargetReport,
  report: Report,
  state: TargetState | undefined,
): IdentityChange | null {
  const last = previousIdentity(state);
  if (!last) return null;
  const now = recordOf(report, target);
  if (now.model === null && now.fingerprint === null) return null;
  if (now.model === last.model && now.fingerprint === last.fingerprint) return null;
  // A fingerprint the server stopped sending is not a change of model.
  if (now.model === last.model && now.fingerprint === null) return null;
  return {
    target: target.name,
    from: { model: last.model, fingerprint: last.fingerprint },
    to: { model: now.model, fingerprint: now.fingerprint },
  };
}

export function identityText(change: IdentityChange): string {
  const parts: string[] = [];
  if (change.from.model !== change.to.model)
    parts.push(`model ${change.from.model ?? '(none)'} → ${change.to.model ?? '(none)'}`);
  if (change.from.fingerprint !== change.to.fingerprint)
    parts.push(
      `system_fingerprint ${change.from.fingerprint ?? '(none)'} → ${change.to.fingerprint ?? '(none)'}`,
    );
  return `the model's identity changed since the previous run: ${parts.join(', ')}`;
}

/**
 * The report judged against each target's past: regression breaches (degraded), identity changes and
 * "not judged" as notes (the summary and the tracking issue show notes), status and failure recomputed.
 * Pure.
 */
export function judgeAgainstHistory(
  report: Report,
  states: Map<string, TargetState>,
  limits: RegressionLimits,
): { report: Report; changes: IdentityChange[] } {
  const t = Date.parse(report.startedAt);
  const changes: IdentityChange[] = [];
  const targets = report.targets.map((target) => {
    const state = states.get(target.name);
    const found = regressionFindings(target, state, limits, t);
    const change = identityChange(target, report, state);
    if (change) changes.push(change);
    const notes = [...target.verdict.notes, ...found.notes, ...(change ? [identityText(change)] : [])];
    const breaches = [...target.verdict.breaches, ...found.breaches];
    const status = worstStatus([target.status, found.breaches.length > 0 ? 'degraded' : 'up']);
    return { ...target, status, verdict: { ...target.verdict, status, breaches, notes } };
  });
  const status = worstStatus(targets.map((x) => x.status));
  return {
    report: {
      ...report,
      targets,
      status,
      breached: targets.some((x) => x.verdict.breaches.length > 0),
      failed: reachesFailOn(status, report.settings.failOn),
    },
    changes,
  };
}
