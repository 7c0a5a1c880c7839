/**
 * The pure half of `npm run bench`: the figures and their goals, the statistics, and the table,
 * JSON and BENCHMARKS.md renderings. No timing happens here, so test/bench.test.ts can check it all.
 */
import { percentile as percentileOfSorted } from '../src/stats.ts';

/** The JSON keys, in their documented order: `--json` prints exactly these. */
export const BENCH_KEYS = [
  'overhead_ms_p50',
  'overhead_ms_p99',
  'ttft_error_ms_p99',
  'latency_error_ms_p99',
  'raw_ttft_error_ms_p99',
  'raw_latency_error_ms_p99',
  'interval_drift_ms_p99',
  'raw_interval_drift_ms_p99',
  'scale_wall_ratio',
  'scale_rss_mb',
  'cold_start_ratio',
  'dist_bytes',
  'seed_script_ratio',
] as const;
export type BenchKey = (typeof BENCH_KEYS)[number];

export interface FigureSpec {
  label: string;
  unit: 'ms' | 'ratio' | 'MB' | 'bytes';
  /**
   * The figure meets its goal when it is at most this (or, with a baseline, at most this much above
   * the baseline figure of the same run); null when the goal is not a number.
   */
  goal: number | null;
  /** The figure of the same run this one is judged against, when its goal is relative. */
  baseline?: BenchKey;
  goalText: string;
}

export const FIGURES: Record<BenchKey, FigureSpec> = {
  overhead_ms_p50: { label: 'Per-check overhead, p50', unit: 'ms', goal: 1, goalText: '≤ 1 ms' },
  overhead_ms_p99: { label: 'Per-check overhead, p99', unit: 'ms', goal: 3, goalText: '≤ 3 ms' },
  ttft_error_ms_p99: {
    label: 'TTFT error, p99',
    unit: 'ms',
    goal: 1,
    baseline: 'raw_ttft_error_ms_p99',
    goalText: "≤ the bare client's + 1 ms",
  },
  latency_error_ms_p99: {
    label: 'Latency error, p99',
    unit: 'ms',
    goal: 1,
    baseline: 'raw_latency_error_ms_p99',
    goalText: "≤ the bare client's + 1 ms",
  },
  raw_ttft_error_ms_p99: {
    label: 'TTFT error, p99, bare node:http client',
    unit: 'ms',
    goal: null,
    goalText: 'baseline of the TTFT error',
  },
  raw_latency_error_ms_p99: {
    label: 'Latency error, p99, bare node:http client',
    unit: 'ms',
    goal: null,
    goalText: 'baseline of the latency error',
  },
  interval_drift_ms_p99: {
    label: 'Start-to-start error, p99',
    unit: 'ms',
    goal: 0.5,
    baseline: 'raw_interval_drift_ms_p99',
    goalText: "≤ the bare loop's + 0.5 ms, no accumulation",
  },
  raw_interval_drift_ms_p99: {
    label: 'Start-to-start error, p99, bare node:http loop',
    unit: 'ms',
    goal: null,
    goalText: 'baseline of the start-to-start error',
  },
  scale_wall_ratio: {
    label: '100 targets × 20 checks: wall / ideal',
    unit: 'ratio',
    goal: 1.1,
    goalText: '≤ 1.1',
  },
  scale_rss_mb: { label: '100 targets × 20 checks: peak RSS', unit: 'MB', goal: 150, goalText: '≤ 150 MB' },
  cold_start_ratio: { label: 'Cold start vs minimal action', unit: 'ratio', goal: 1.5, goalText: '≤ 1.5' },
  dist_bytes: {
    label: 'Bundle size of dist/index.js',
    unit: 'bytes',
    goal: null,
    goalText: 'as small as the features allow',
  },
  seed_script_ratio: {
    label: '10 checks at 1 s vs sleep loop',
    unit: 'ratio',
    goal: 0.95,
    goalText: '≤ 0.95',
  },
};

/** One measured figure, with a short account of where it came from. */
export interface Figure {
  key: BenchKey;
  value: number;
  detail: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  os: string;
  memoryGb: number;
  date: string;
  /** The code measured: commit, and whether src/ or dist/ differ from it. */
  revision: string;
}

/** How a group of figures is measured, for BENCHMARKS.md. */
export interface Method {
  title: string;
  keys: BenchKey[];
  text: string;
}

/** The action's own percentile (numpy's linear interpolation), over unsorted figures that must exist. */
export function percentile(values: readonly number[], p: number): number {
  const value = percentileOfSorted(
    [...values].sort((a, b) => a - b),
    p,
  );
  if (value === null) throw new Error('percentile of no values');
  return value;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export type Verdict = 'met' | 'MISSED' | '—';

/** Met, missed, or no goal; a relative goal needs its baseline among `figures` (else no verdict). */
export function verdictOf(figure: Figure, figures: readonly Figure[] = []): Verdict {
  const { goal, baseline } = FIGURES[figure.key];
  if (goal === null) return '—';
  if (baseline === undefined) return figure.value <= goal ? 'met' : 'MISSED';
  const base = figures.find((f) => f.key === baseline);
  if (!base) return '—';
  return figure.value <= base.value + goal ? 'met' : 'MISSED';
}

export function formatValue(key: BenchKey, value: number): string {
  switch (FIGURES[key].unit) {
    case 'ms':
      return `${value.toFixed(2)} ms`;
    case 'ratio':
      return value.toFixed(3);
    case 'MB':
      return `${value.toFixed(1)} MB`;
    case 'bytes':
      return `${Math.round(value).toLocaleString('en-US')} B`;
  }
}

/** Figures in BENCH_KEYS order; throws when one is missing, so a partial run never looks complete. */
function inOrder(figures: readonly Figure[]): Figure[] {
  return BENCH_KEYS.map((key) => {
    const figure = figures.find((f) => f.key === key);
    if (!figure) throw new Error(`bench: no figure for ${key}`);
    return figure;
  });
}

/** The `--json` object: exactly BENCH_KEYS, bytes whole, everything else to 3 decimals. */
export function benchJson(figures: readonly Figure[]): Record<BenchKey, number> {
  const entries = inOrder(figures).map((f) => [
    f.key,
    f.key === 'dist_bytes' ? Math.round(f.value) : Math.round(f.value * 1000) / 1000,
  ]);
  return Object.fromEntries(entries) as Record<BenchKey, number>;
}

function tableRows(figures: readonly Figure[]): string[][] {
  return inOrder(figures).map((f) => [
    FIGURES[f.key].label,
    formatValue(f.key, f.value),
    FIGURES[f.key].goalText,
    verdictOf(f, figures),
    f.detail,
  ]);
}

const HEADER = ['Figure', 'Measured', 'Goal', 'Verdict', 'Details'];

/** A plain-text table for the terminal: columns padded, details last so long ones only widen the end. */
export function renderTable(figures: readonly Figure[]): string {
  const rows = [HEADER, ...tableRows(figures)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w, column) => '─'.repeat(column === widths.length - 1 ? 7 : w)).join('  ');
  return [line(HEADER), rule, ...rows.slice(1).map(line)].join('\n');
}

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Marks where the hand-written notes start; everything from it on survives regeneration. */
export const NOTES_MARKER =
  '<!-- Everything below this line is written by hand; `npm run bench -- --write` keeps it. -->';

const DEFAULT_NOTES = `${NOTES_MARKER}\n\n## Notes\n\n(none yet)\n`;

/** The hand-written part of an existing BENCHMARKS.md, or an empty notes section. */
export function notesOf(existing: string | null): string {
  if (existing === null) return DEFAULT_NOTES;
  const at = existing.indexOf(NOTES_MARKER);
  return at === -1 ? DEFAULT_NOTES : existing.slice(at);
}

export function renderMarkdown(options: {
  figures: readonly Figure[];
  machine: Machine;
  methods: readonly Method[];
  durationS: number;
  notes: string;
}): string {
  const { figures, machine, methods, durationS, notes } = options;
  const head = `| ${HEADER.join(' | ')} |\n|${HEADER.map(() => '---').join('|')}|`;
  const rows = tableRows(figures).map((row, i) => {
    const key = BENCH_KEYS[i]!;
    const cells = [`${row[0]} (\`${key}\`)`, ...row.slice(1)].map(markdownCell);
    return `| ${cells.join(' | ')} |`;
  });
  const methodText = methods
    .map((m) => `- **${m.title}** (${m.keys.map((k) => `\`${k}\``).join(', ')}): ${m.text}`)
    .join('\n');
  return `# Benchmarks

How close the probe comes to the limit, measured side by side against the fake provider on 127.0.0.1.
This file is written by \`npm run bench -- --write\`; \`npm run -s bench -- --json\` prints
the same figures as one JSON object.

Ran on ${machine.date}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, ${machine.os},
Node ${machine.node}; code: ${machine.revision}. The whole run took ${durationS.toFixed(0)} s.

${head}
${rows.join('\n')}

## How each figure is measured

${methodText}

${notes.trimEnd()}
`;
}
