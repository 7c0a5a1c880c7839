/**
 * The pure helpers of `npm run bench` (bench/figures.ts). Timings are not tested here: their claims
 * live in the benchmark itself and in BENCHMARKS.md.
 */
import { describe, expect, it } from 'vitest';
import { composition } from '../bench/bundle-composition.js';
import {
  BENCH_KEYS,
  benchJson,
  type Figure,
  median,
  NOTES_MARKER,
  notesOf,
  percentile,
  renderMarkdown,
  renderTable,
  verdictOf,
} from '../bench/figures.js';

const ISSUE_KEYS = [
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
];

/** One figure per key, listed out of order to show the renderings put them back in order. */
const figures: Figure[] = [...BENCH_KEYS].reverse().map((key, i) => ({
  key,
  value: key === 'dist_bytes' ? 3_183_099.4 : i + 0.12345,
  detail: `detail of ${key}`,
}));

const machine = {
  cpu: 'Test CPU',
  cores: 2,
  node: 'v24.0.0',
  os: 'Linux 6.0',
  memoryGb: 8,
  date: '2026-01-01',
  revision: 'commit abc1234',
};

describe('percentile and median', () => {
  it('interpolates linearly between closest ranks, like numpy', () => {
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([4, 1, 3, 2], 0)).toBe(1);
    expect(percentile([4, 1, 3, 2], 100)).toBe(4);
    expect(percentile([10, 20], 99)).toBeCloseTo(19.9);
    expect(
      percentile(
        Array.from({ length: 101 }, (_, i) => i),
        99,
      ),
    ).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('median is the 50th percentile and leaves its input alone', () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
  });

  it('refuses an empty list', () => {
    expect(() => percentile([], 50)).toThrow(/no values/);
  });
});

describe('the JSON object', () => {
  it('has exactly the documented keys, in their order', () => {
    expect(BENCH_KEYS).toEqual(ISSUE_KEYS);
    expect(Object.keys(benchJson(figures))).toEqual(ISSUE_KEYS);
  });

  it('rounds bytes to whole numbers and the rest to 3 decimals', () => {
    const json = benchJson(figures);
    expect(json.dist_bytes).toBe(3_183_099);
    expect(json.seed_script_ratio).toBe(0.123);
  });

  it('refuses a run with a figure missing', () => {
    expect(() => benchJson(figures.slice(1))).toThrow(/no figure for/);
  });
});

describe('verdicts', () => {
  it('meets a goal at or below it, misses above it, and has none for the bundle size', () => {
    expect(verdictOf({ key: 'overhead_ms_p50', value: 1, detail: '' })).toBe('met');
    expect(verdictOf({ key: 'overhead_ms_p50', value: 1.01, detail: '' })).toBe('MISSED');
    expect(verdictOf({ key: 'dist_bytes', value: 1, detail: '' })).toBe('—');
  });

  it("judges the TTFT and latency errors against the bare client's of the same run", () => {
    const raw = { key: 'raw_ttft_error_ms_p99', value: 2.5, detail: '' } as const;
    expect(verdictOf({ key: 'ttft_error_ms_p99', value: 3.5, detail: '' }, [raw])).toBe('met');
    expect(verdictOf({ key: 'ttft_error_ms_p99', value: 3.6, detail: '' }, [raw])).toBe('MISSED');
    expect(verdictOf({ key: 'ttft_error_ms_p99', value: 0.1, detail: '' })).toBe('—');
    expect(verdictOf(raw)).toBe('—');
  });
});

describe('the table', () => {
  it('lists every figure with its value, goal, verdict and detail, in key order', () => {
    const lines = renderTable(figures).split('\n');
    expect(lines[0]).toMatch(/^Figure\s+Measured\s+Goal\s+Verdict\s+Details$/);
    expect(lines).toHaveLength(2 + BENCH_KEYS.length);
    expect(lines[2]).toContain('Per-check overhead, p50');
    expect(lines[2]).toContain('12.12 ms');
    expect(lines[2]).toContain('≤ 1 ms');
    expect(lines[2]).toContain('MISSED');
    expect(lines.at(-1)).toContain('0.123');
    expect(lines.at(-1)).toContain('met');
    expect(renderTable(figures)).toContain('3,183,099 B');
  });

  it('lines up the columns', () => {
    const [header, , ...rows] = renderTable(figures).split('\n');
    const column = header!.indexOf('Measured');
    for (const row of rows) expect(row[column - 1]).toBe(' ');
  });
});

describe('BENCHMARKS.md', () => {
  const render = (notes: string) =>
    renderMarkdown({
      figures,
      machine,
      methods: [{ title: 'Overhead', keys: ['overhead_ms_p50'], text: 'how | measured' }],
      durationS: 75.4,
      notes,
    });

  it('shows each figure beside its goal, the machine and the method', () => {
    const markdown = render(notesOf(null));
    expect(markdown).toContain(
      '| Per-check overhead, p50 (`overhead_ms_p50`) | 12.12 ms | ≤ 1 ms | MISSED |',
    );
    expect(markdown).toContain('Test CPU, 2 cores, 8 GB RAM, Linux 6.0');
    expect(markdown).toContain('Node v24.0.0; code: commit abc1234');
    expect(markdown).toContain('took 75 s');
    expect(markdown).toContain('- **Overhead** (`overhead_ms_p50`): how | measured');
  });

  it('keeps the hand-written notes when it is regenerated', () => {
    const first = render(notesOf(null)).replace('(none yet)', 'Cold start misses because of the SDK.');
    const again = render(notesOf(first));
    expect(again).toContain(NOTES_MARKER);
    expect(again).toContain('Cold start misses because of the SDK.');
    expect(again.split(NOTES_MARKER)).toHaveLength(2);
  });

  it('escapes pipes inside table cells', () => {
    const markdown = renderMarkdown({
      figures: figures.map((f) => ({ ...f, detail: 'a | b' })),
      machine,
      methods: [],
      durationS: 1,
      notes: notesOf(null),
    });
    expect(markdown).toContain('a \\| b');
  });
});

describe('bundle composition', () => {
  it('adds up bytes per package at module and concatenated-module boundaries', () => {
    const runtime = 'RUNTIME\n';
    const yaml = '/***/ 11:\nyaml code\n';
    const merged =
      '/***/ 22:\n;// CONCATENATED MODULE: ./src/index.ts\nours\n;// CONCATENATED MODULE: ./node_modules/openai/client.mjs\nsdk code here\n';
    const bytes = composition(`${runtime}${yaml}${merged}`, [
      { id: 11, name: './node_modules/yaml/dist/index.js' },
      { id: 22, name: './src/index.ts + 2 modules' },
    ]);
    expect(bytes.get('webpack runtime, externals')).toBe(runtime.length);
    expect(bytes.get('yaml')).toBe(yaml.length);
    expect(bytes.get('src (ours)')).toBe('/***/ 22:\n;// CONCATENATED MODULE: ./src/index.ts\nours\n'.length);
    expect(bytes.get('openai')).toBe(
      ';// CONCATENATED MODULE: ./node_modules/openai/client.mjs\nsdk code here\n'.length,
    );
    expect([...bytes.values()].reduce((a, b) => a + b)).toBe(runtime.length + yaml.length + merged.length);
  });
});
