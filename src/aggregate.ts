import { ReportMergeError } from './errors.js';
import { worstLoopDelay } from './probe/loop-delay.js';
import type { LocationView, Report, TargetReport } from './report/model.js';
import { SCHEMA_VERSION } from './report/model.js';
import { ReportSchema, schemaProblem } from './report/schema.js';
import { computeStats } from './stats.js';
import { type FailOn, reachesFailOn, type Status, severity, worstStatus } from './status.js';
import type { Breach } from './verdict.js';

/** A report found on disk, before it is trusted. */
export interface ReportFile {
  path: string;
  content: unknown;
}

/** The default quorum: a strict majority of the locations that reported the target. */
export function majority(locations: number): number {
  return Math.floor(locations / 2) + 1;
}

function validReport(file: ReportFile): Report {
  const report = file.content as Partial<Report> | null;
  if (report === null || typeof report !== 'object' || report.tool?.name !== 'llm-heartbeat') {
    throw new ReportMergeError(
      `${file.path} is not an llm-heartbeat report: expected the JSON written by report-file.`,
    );
  }
  if (report.schemaVersion !== SCHEMA_VERSION) {
    throw new ReportMergeError(
      `${file.path} has schemaVersion ${JSON.stringify(report.schemaVersion)}: expected ${SCHEMA_VERSION} (run the same llm-heartbeat version in every probe job).`,
    );
  }
  if (!Array.isArray(report.targets)) {
    throw new ReportMergeError(`${file.path} has no targets list: expected the JSON written by report-file.`);
  }
  // The file is untrusted (another job wrote it, or a person edited it): every field is checked.
  const parsed = ReportSchema.safeParse(file.content);
  if (!parsed.success) {
    throw new ReportMergeError(
      `${file.path} is a damaged report (${schemaProblem(parsed.error, file.content)}): expected the JSON written by report-file.`,
    );
  }
  return parsed.data;
}

/** The status a target has overall: down when `quorum` locations saw it down, degraded when that many saw it unhealthy. */
export function quorumStatus(statuses: readonly Status[], quorum: number): Status {
  const atLeast = (s: Status) => statuses.filter((x) => severity(x) >= severity(s)).length;
  if (atLeast('down') >= quorum) return 'down';
  if (atLeast('degraded') >= quorum) return 'degraded';
  return 'up';
}

function mergeTarget(
  views: { location: string; target: TargetReport }[],
  minFailing: number | null,
): TargetReport & { locations: LocationView[] } {
  const first = views[0]!.target;
  const quorum = Math.min(minFailing ?? majority(views.length), views.length);
  const locations: LocationView[] = views.map(({ location, target }) => ({
    location,
    status: target.status,
    successRate: target.stats.successRate,
    latencyP95: target.stats.latency.p95,
    checks: target.stats.checks,
    breaches: target.verdict.breaches.map((b) => b.text),
  }));
  const status = quorumStatus(
    locations.map((l) => l.status),
    quorum,
  );
  const unhealthy = locations.filter((l) => l.status !== 'up');
  const checks = views.flatMap((v) => v.target.checks);
  const stats = computeStats(checks, {
    rateLimitPolicy: 'exclude',
    latencyPercentile: first.thresholds.latencyPercentile,
  });
  // Pooled figures may not be right about rate-limit policy per job; the per-location ones are.
  stats.successRate = pooledSuccessRate(views.map((v) => v.target));
  const breaches: Breach[] =
    status === 'up'
      ? []
      : [
          {
            kind: 'locations',
            figure: unhealthy.length,
            limit: quorum,
            text: `${status} at ${unhealthy.filter((l) => severity(l.status) >= severity(status)).length} of ${locations.length} locations (quorum ${quorum}): ${unhealthy
              .map((l) => `${l.location} ${l.status}`)
              .join(', ')}`,
          },
        ];
  const notes =
    unhealthy.length > 0 && unhealthy.length < locations.length
      ? [`the locations disagree: ${unhealthy.length} of ${locations.length} saw it unhealthy`]
      : [];
  if (minFailing !== null && minFailing > views.length) {
    notes.push(`only ${views.length} locations reported it, fewer than min-failing-locations ${minFailing}`);
  }
  return { ...first, status, verdict: { status, breaches, notes }, stats, checks, issue: null, locations };
}

function pooledSuccessRate(targets: TargetReport[]): number | null {
  const judged = targets.reduce((n, t) => n + t.stats.judged, 0);
  const ok = targets.reduce((n, t) => n + t.stats.successes, 0);
  return judged === 0 ? null : (ok / judged) * 100;
}

export type AggregatedReport = Report & { targets: (TargetReport & { locations: LocationView[] })[] };

/**
 * Merges the reports of a matrix of probe jobs into one report: per target, the status the
 * quorum of locations agrees on (so one runner's bad network does not make a target down),
 * pooled figures, and every location's own view.
 */
export function aggregateReports(
  files: readonly ReportFile[],
  options: { minFailingLocations: number | null; failOn: FailOn; pattern: string; run: Report['run'] },
): AggregatedReport {
  if (files.length === 0) {
    throw new ReportMergeError(
      `Input "reports" is ${JSON.stringify(options.pattern)}, which matched no file: expected the JSON reports of the probe jobs (download them with actions/download-artifact first).`,
    );
  }
  const reports = files.map((file) => ({ file, report: validReport(file) }));
  const seen = new Map<string, string>();
  for (const { file, report } of reports) {
    const location = report.location ?? file.path;
    const earlier = seen.get(location);
    if (earlier) {
      throw new ReportMergeError(
        `${file.path} and ${earlier} are both from location ${JSON.stringify(location)}: expected one report per location (set a distinct location input in each probe job).`,
      );
    }
    seen.set(location, file.path);
  }

  const byTarget = new Map<string, { location: string; target: TargetReport }[]>();
  for (const { file, report } of reports) {
    for (const target of report.targets) {
      const views = byTarget.get(target.name) ?? [];
      views.push({ location: report.location ?? file.path, target });
      byTarget.set(target.name, views);
    }
  }
  const targets = [...byTarget.values()].map((views) => mergeTarget(views, options.minFailingLocations));
  const status = worstStatus(targets.map((t) => t.status));
  const first = reports[0]!.report;
  const started = Math.min(...reports.map((r) => Date.parse(r.report.startedAt)));
  const finished = Math.max(...reports.map((r) => Date.parse(r.report.finishedAt)));
  return {
    ...first,
    run: options.run,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    location: `${reports.length} locations: ${reports.map((r) => r.report.location ?? r.file.path).join(', ')}`,
    loopDelay: worstLoopDelay(reports.map((r) => r.report.loopDelay)),
    settings: { ...first.settings, failOn: options.failOn },
    status,
    breached: targets.some((t) => t.verdict.breaches.length > 0),
    failed: reachesFailOn(status, options.failOn),
    targets,
    trackerWarnings: [],
  };
}
