import { makeBadge } from 'badge-maker';
import { slugOf } from './record.js';
import { DAY_MS, p95sOver, type TargetState, uptimeOver } from './state.js';

/** Shields.io's endpoint JSON (https://shields.io/badges/endpoint-badge). */
export interface ShieldsEndpoint {
  schemaVersion: 1;
  label: string;
  message: string;
  color: string;
}

export function uptimeColor(v: number | null): string {
  if (v === null) return 'lightgrey';
  return v >= 99.9
    ? 'brightgreen'
    : v >= 99
      ? 'green'
      : v >= 97
        ? 'yellowgreen'
        : v >= 95
          ? 'yellow'
          : v >= 90
            ? 'orange'
            : 'red';
}

export function latencyColor(v: number | null): string {
  if (v === null) return 'lightgrey';
  return v < 1000 ? 'brightgreen' : v < 2000 ? 'green' : v < 5000 ? 'yellow' : v < 10000 ? 'orange' : 'red';
}

const pct = (v: number | null) => (v === null ? 'no data' : `${v.toFixed(2)}%`);

/** The badges of a target, by file name under api/<slug>/. Pure. */
export function badgesOf(state: TargetState, now: number): Record<string, ShieldsEndpoint> {
  const u = (days: number) => uptimeOver(state, days * DAY_MS, now);
  const p95 = p95sOver(state, now - DAY_MS, now);
  const sorted = p95.sort((a, b) => a - b);
  const median = sorted.length === 0 ? null : sorted[Math.floor(sorted.length / 2)]!;
  const badge = (label: string, message: string, color: string): ShieldsEndpoint => ({
    schemaVersion: 1,
    label,
    message,
    color,
  });
  return {
    'uptime-24h': badge('uptime 24h', pct(u(1)), uptimeColor(u(1))),
    'uptime-7d': badge('uptime 7d', pct(u(7)), uptimeColor(u(7))),
    'uptime-30d': badge('uptime 30d', pct(u(30)), uptimeColor(u(30))),
    'response-time': badge(
      'p95 24h',
      median === null ? 'no data' : `${Math.round(median)} ms`,
      latencyColor(median),
    ),
  };
}

/** api/<slug>/<name>.json and .svg for every badge of every target. */
export function badgeFiles(states: TargetState[], now: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (const state of states) {
    const slug = slugOf(state.target);
    for (const [name, badge] of Object.entries(badgesOf(state, now))) {
      files[`api/${slug}/${name}.json`] = `${JSON.stringify(badge)}\n`;
      files[`api/${slug}/${name}.svg`] = makeBadge({
        label: badge.label,
        message: badge.message,
        color: badge.color,
      });
    }
  }
  return files;
}
