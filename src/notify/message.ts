/**
 * One notification, before any channel's format: what changed, for which target, why (the verdict's
 * breaches with their figures, and a few of the errors the server sent), for how long, and where to
 * look (the run, the issue, the status page). Channels render it; every text field here is untrusted
 * until a channel escapes it for its own markup.
 */
import type { Report, TargetReport } from '../report/model.js';
import type { Status } from '../status.js';
import type { Transition, TransitionKind } from './transitions.js';

export interface Notice {
  kind: TransitionKind;
  target: string;
  model: string;
  status: Status;
  from: Status | null;
  /** Breach texts of the verdict, with figures and limits. */
  reasons: string[];
  /** Up to three distinct error texts the server sent (redacted when the check stored them). */
  errors: string[];
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  runUrl: string | null;
  issue: { number: number; url: string } | null;
  /** The status page, when history publishes one; null otherwise. */
  statusPageUrl: string | null;
  repository: string | null;
  at: string;
  /** Stable per run, target and change: the generic webhook's delivery id. */
  deliveryId: string;
}

export const KIND_ICON: Record<TransitionKind, string> = {
  opened: '🔴',
  reopened: '🔴',
  escalated: '🔴',
  recovered: '✅',
  reminder: '⏰',
};

/** 95 min → "1 h 35 min"; under a minute → "under a minute". */
export function duration(ms: number | null): string | null {
  if (ms === null) return null;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under a minute';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days ? `${days} d` : '', hours ? `${hours} h` : '', rest ? `${rest} min` : '']
    .filter(Boolean)
    .join(' ');
}

/** The headline's words after the target's name (the name is escaped by each channel). */
export function headlineTail(n: Pick<Notice, 'kind' | 'status' | 'from' | 'durationMs'>): string {
  const took = duration(n.durationMs);
  switch (n.kind) {
    case 'opened':
      return `is ${n.status}`;
    case 'reopened':
      return `is ${n.status} again (issue reopened)`;
    case 'escalated':
      return `went from ${n.from ?? 'degraded'} to ${n.status}`;
    case 'recovered':
      return took ? `recovered after ${took}` : 'recovered';
    case 'reminder':
      return took ? `is still ${n.status} (for ${took})` : `is still ${n.status}`;
  }
}

function errorsOf(target: TargetReport): string[] {
  const seen = new Set<string>();
  for (const c of target.checks) if (c.error && seen.size < 3) seen.add(`${c.category}: ${c.error}`);
  return [...seen];
}

export function noticeOf(t: Transition, report: Report, run: string, statusPageUrl: string | null): Notice {
  const target = report.targets.find((x) => x.name === t.target);
  return {
    kind: t.kind,
    target: t.target,
    model: target?.model ?? '',
    status: t.status,
    from: t.from,
    reasons: t.kind === 'recovered' ? [] : (target?.verdict.breaches.map((b) => b.text) ?? []).slice(0, 10),
    errors: t.kind === 'recovered' || !target ? [] : errorsOf(target),
    startedAt: t.startedAt,
    endedAt: t.endedAt,
    durationMs: t.durationMs,
    runUrl: report.run.url,
    issue: t.issue,
    statusPageUrl,
    repository: report.run.repository,
    at: t.at,
    deliveryId: `${run}:${t.kind}:${Buffer.from(t.target).toString('base64url')}`,
  };
}
