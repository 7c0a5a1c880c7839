/**
 * How the data branch grows: replays scheduled runs for several targets through the real store
 * (src/history/store.ts `planWrite`: the same files and the same one commit per run the action writes)
 * into a local bare git repository with `git fast-import`, then packs it (`git repack -adf`; with
 * --aggressive, `--depth=250 --window=250` as `git gc --aggressive` does) and reports the files on the branch,
 * their size, the repository's size before and after packing, and bytes per commit.
 *
 *   node_modules/.bin/node scripts/history-growth.ts [--days 365] [--targets 10] [--every 5] [--repo DIR] [--aggressive]
 *
 * Records are synthetic but shaped like real ones (every field filled, a fingerprint that changes now
 * and then, an outage or a slow hour now and then); seeded, so every run prints the same figures.
 */
import './ts-resolve.ts';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { planWrite, pathsToRead, blobSha, STATE_PATH } = await import('../src/history/store.ts');
const { seededRandom } = await import('../sim/random.ts');
type HistoryRecord = import('../src/history/record.ts').HistoryRecord;

const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '365' },
    targets: { type: 'string', default: '10' },
    every: { type: 'string', default: '5' },
    repo: { type: 'string' },
    aggressive: { type: 'boolean', default: false },
  },
});
const DAYS = Number(values.days);
const TARGETS = Number(values.targets);
const EVERY_MS = Number(values.every) * 60_000;
const START = Date.parse('2026-01-01T00:00:00.000Z');
const random = seededRandom(7);

const names = Array.from({ length: TARGETS }, (_, i) => `Model ${String.fromCharCode(65 + i)} (${i})`);
const fingerprints = names.map(() => 'fp_0a1b2c3d4e');

function recordFor(name: string, i: number, t: number): HistoryRecord {
  const down = random() < 0.004;
  const slow = random() < 0.01 ? 3 : 1;
  if (random() < 0.0005) fingerprints[i] = `fp_${Math.floor(random() * 2 ** 40).toString(16)}`;
  const base = (600 + i * 80) * slow * (0.8 + random() * 0.4);
  const fig = (f: number) => Math.round(base * f * 10) / 10;
  return {
    t: new Date(t + Math.floor(random() * 90_000)).toISOString(),
    target: name,
    location: 'ubuntu-latest',
    status: down ? 'down' : slow > 1 ? 'degraded' : 'up',
    counts: down ? { server_error: 10 } : { ok: 10 },
    successRate: down ? 0 : 1,
    p50: down ? null : fig(1),
    p95: down ? null : fig(1.4),
    atP: down ? null : fig(1.4),
    ttftP50: down ? null : fig(0.3),
    ttftP95: down ? null : fig(0.45),
    ttftAtP: down ? null : fig(0.45),
    tps: down ? null : Math.round(400 + random() * 400) / 10,
    model: down ? null : `model-${i}-2025-04-14`,
    fingerprint: down ? null : fingerprints[i]!,
    identities: down ? [] : [{ model: `model-${i}-2025-04-14`, fingerprint: fingerprints[i]! }],
    runUrl: `https://github.com/acme/models/actions/runs/${14_000_000_000 + Math.floor(t / EVERY_MS)}`,
    issue: null,
    maintenance: false,
    locations: [],
  };
}

const repo = values.repo ?? mkdtempSync(path.join(tmpdir(), 'llm-heartbeat-growth-'));
execFileSync('git', ['init', '--bare', '-q', repo]);
// Uncompressed while importing (fast-import is the slow half of the replay); the final repack
// compresses every object again (-F).
const importer = spawn(
  'git',
  ['-c', 'core.compression=0', '-c', 'pack.compression=0', 'fast-import', '--quiet', '--done'],
  {
    cwd: repo,
    stdio: ['pipe', 'inherit', 'inherit'],
  },
);
const write = (chunk: string | Buffer) =>
  importer.stdin.write(chunk) ? Promise.resolve() : new Promise<void>((r) => importer.stdin.once('drain', r));

/** The branch as the action sees it: every path with its blob id, and the texts we need to read. */
const files = new Map<string, string>();
const shas = new Map<string, string>();
let commits = 0;
/** Written files by kind: how many times, how many bytes. */
const writes = new Map<string, { files: number; bytes: number }>();
let changedBytes = 0;
let changedFiles = 0;
const started = performance.now();
const runs = Math.floor((DAYS * 86_400_000) / EVERY_MS);

for (let n = 0; n < runs; n++) {
  const t = START + n * EVERY_MS;
  const records = names.map((name, i) => recordFor(name, i, t));
  const state = files.get(STATE_PATH) ?? null;
  const plan = planWrite(
    {
      paths: shas,
      state,
      hours: new Map(pathsToRead(records, state, shas).map((p) => [p, files.get(p) ?? null])),
    },
    records,
    {
      now: t + 60_000,
      slo: 99.5,
      title: 'acme/models status',
      repositoryUrl: 'https://github.com/acme/models',
    },
  );
  const lines: (string | Buffer)[] = [];
  for (const [p, content] of plan.files) {
    if (content === null) {
      files.delete(p);
      shas.delete(p);
      lines.push(`D ${p}\n`);
      continue;
    }
    files.set(p, content);
    shas.set(p, blobSha(content));
    const kind = p.startsWith('history/runs/') ? 'hour files' : p.startsWith('api/') ? 'badges' : p;
    const k = writes.get(kind) ?? { files: 0, bytes: 0 };
    k.files++;
    k.bytes += Buffer.byteLength(content);
    writes.set(kind, k);
    const body = Buffer.from(content, 'utf8');
    changedBytes += body.length;
    changedFiles++;
    lines.push(`M 100644 inline ${p}\ndata ${body.length}\n`, body, '\n');
  }
  const message = `llm-heartbeat: ${records.length} record(s) of the run at ${records[0]!.t}\n`;
  const when = Math.floor((t + 60_000) / 1000);
  await write(
    Buffer.concat(
      [
        `commit refs/heads/llm-heartbeat-data\ncommitter github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com> ${when} +0000\ndata ${Buffer.byteLength(message)}\n${message}`,
        ...lines,
        '\n',
      ].map((l) => (typeof l === 'string' ? Buffer.from(l) : l)),
    ),
  );
  commits++;
  if (n % 2016 === 0 && n > 0)
    process.stderr.write(
      `  day ${Math.round((n * EVERY_MS) / 86_400_000)}: ${commits} commits, ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
    );
}
await write('done\n');
importer.stdin.end();
await new Promise((r) => importer.on('close', r));
const replayS = (performance.now() - started) / 1000;

const du = (dir: string) => Number(execFileSync('du', ['-sb', dir]).toString().split('\t')[0]);
const before = du(repo);
const packStarted = performance.now();
execFileSync('git', ['repack', '-adFq', ...(values.aggressive ? ['--depth=250', '--window=250'] : [])], {
  cwd: repo,
});
execFileSync('git', ['prune-packed'], { cwd: repo });
const packS = (performance.now() - packStarted) / 1000;
const after = du(repo);

const branchBytes = [...files.values()].reduce((s, c) => s + Buffer.byteLength(c), 0);
const biggest = [...files]
  .map(([p, c]) => [p, Buffer.byteLength(c)] as const)
  .sort((a, b) => b[1] - a[1])
  .slice(0, 3);
const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
const kb = (b: number) => `${(b / 1e3).toFixed(1)} KB`;
const years = DAYS / 365;
console.log(
  [
    `${TARGETS} targets, a run every ${EVERY_MS / 60_000} min for ${DAYS} days: ${commits} commits (${Math.round(commits / years)} a year)`,
    `files on the branch at the end: ${files.size}, ${mb(branchBytes)} (largest: ${biggest.map(([p, b]) => `${p} ${kb(b)}`).join(', ')})`,
    `written per commit (changed files, uncompressed): ${(changedFiles / commits).toFixed(1)} files, ${kb(changedBytes / commits)}; ${mb(changedBytes)} in all`,
    `written by kind: ${[...writes]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .map(([k, w]) => `${k} ${w.files}× ${mb(w.bytes)}`)
      .join(', ')}`,
    `repository after fast-import (uncompressed): ${mb(before)}; after git repack -adF${values.aggressive ? ' --depth=250 --window=250' : ''}: ${mb(after)}`,
    `packed bytes per commit: ${kb(after / commits)}; per year: ${mb(after / years)}`,
    `replay ${replayS.toFixed(0)} s, repack ${packS.toFixed(0)} s; repository: ${repo}`,
  ].join('\n'),
);
if (!values.repo) rmSync(repo, { recursive: true, force: true });
