import { CATEGORIES } from '../probe/result.js';
import type { Report, TargetReport } from '../report/model.js';
import type { Status } from '../status.js';
import { oneDecimal } from '../text/numbers.js';
import { plain, truncate } from '../text/untrusted.js';

const COLOR: Record<Status, string> = { up: '\u001b[32m', degraded: '\u001b[33m', down: '\u001b[31m' };
const RESET = '\u001b[0m';
const DIM = '\u001b[2m';

const ms = (v: number | null) => (v === null ? '–' : String(Math.round(v)));

/** Pads by what the eye sees: colour codes take no room. */
function pad(text: string, width: number): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: measuring without colour codes
  const visible = text.replace(/\u001b\[[0-9;]*m/g, '');
  return text + ' '.repeat(Math.max(0, width - Array.from(visible).length));
}

function row(target: TargetReport, streaming: boolean, color: boolean): string[] {
  const s = target.stats;
  const status = color ? `${COLOR[target.status]}${target.status}${RESET}` : target.status;
  const categories = CATEGORIES.filter((c) => c !== 'ok' && s.byCategory[c] > 0)
    .map((c) => `${c} ${s.byCategory[c]}`)
    .join(', ');
  return [
    status,
    truncate(plain(target.name), 32),
    s.successRate === null ? '–' : `${oneDecimal(s.successRate)}% (${s.successes}/${s.judged})`,
    `${ms(s.latency.p50)} / ${ms(s.latency.p95)} / ${ms(s.latency.p99)}`,
    streaming ? `${ms(s.ttft.p50)} / ${ms(s.ttft.p95)}` : 'not streamed',
    s.tokensPerSecond === null ? '–' : String(oneDecimal(s.tokensPerSecond)),
    categories || '–',
  ];
}

/** The report as a terminal table: one row per target, then what breached. Colours only when asked. */
export function renderTable(report: Report, color: boolean): string {
  const header = [
    'status',
    'target',
    'success',
    'latency p50/p95/p99 ms',
    'TTFT p50/p95 ms',
    'tok/s',
    'failures',
  ];
  const rows = report.targets.map((t) => row(t, report.settings.stream, color));
  const widths = header.map((h, i) =>
    // biome-ignore lint/suspicious/noControlCharactersInRegex: measuring without colour codes
    Math.max(h.length, ...rows.map((r) => Array.from(r[i]!.replace(/\u001b\[[0-9;]*m/g, '')).length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(c, widths[i]!))
      .join('  ')
      .trimEnd();
  const dim = (text: string) => (color ? `${DIM}${text}${RESET}` : text);
  const breaches = report.targets.flatMap((t) => [
    ...t.verdict.breaches.map((b) => `  ✗ ${plain(t.name)}: ${b.text}`),
    ...t.checks
      .filter((c) => c.category !== 'ok')
      .slice(0, 3)
      .map((c) =>
        dim(
          `    #${c.index + 1} ${c.category}${c.httpStatus ? ` ${c.httpStatus}` : ''}: ${truncate(plain(c.error ?? ''), 140)}`,
        ),
      ),
  ]);
  const overall = color ? `${COLOR[report.status]}${report.status}${RESET}` : report.status;
  return [
    line(header),
    ...rows.map(line),
    '',
    ...(breaches.length > 0 ? [...breaches, ''] : []),
    `overall: ${overall}${report.failed ? ` (reaches fail-on ${report.settings.failOn}: exit 1)` : ''}`,
  ].join('\n');
}
