/**
 * Builds the two bundles into a folder (dist/ by default): the action (dist/index.js, which
 * action.yml runs) and the CLI (dist/cli/index.js, the package's bin). ncc inlines every dependency.
 *
 * Code that only some runs need (history and its badges, the tracker's Octokit, notifications,
 * metrics) is `import()`ed where it runs and lands in chunk files beside index.js, so a run that does
 * not use it does not parse it: about 60 ms of start-up on a 2-core runner. ncc writes a licenses.txt
 * per chunk under one name, so the last chunk's would win; licenses.txt is written here instead, from
 * every package any chunk holds, in the format ncc's license plugin uses.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

interface StatsModule {
  name?: string;
  modules?: StatsModule[];
}

/** Each package the build holds (by its folder), from webpack's stats of every chunk's modules. */
function packagesOf(modules: StatsModule[], found = new Map<string, string>()): Map<string, string> {
  for (const module of modules) {
    const match = /^(?:\.\/)?(.*?node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(module.name ?? '');
    if (match) found.set(match[2]!, match[1]!);
    if (module.modules) packagesOf(module.modules, found);
  }
  return found;
}

/** licenses.txt: name, license and license file of every bundled package, sorted by name. */
export function licensesText(stats: { modules?: StatsModule[] }): string {
  return [...packagesOf(stats.modules ?? [])]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, dir]) => {
      const { license } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        license?: string;
      };
      const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
      const text = file ? readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n') : null;
      return text === null ? `${name}\n${license}` : `${name}\n${license}\n${text}`;
    })
    .join('\n\n');
}

export function bundle(outDir: string): void {
  const statsDir = mkdtempSync(path.join(tmpdir(), 'llm-heartbeat-stats-'));
  const ncc = (entry: string, out: string) => {
    const stats = path.join(statsDir, 'stats.json');
    // A clean folder: chunk names change from build to build, and a stale chunk must not ship.
    rmSync(out, { recursive: true, force: true });
    execFileSync(
      'npx',
      ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '--stats-out', stats, '--quiet'],
      { stdio: 'inherit' },
    );
    writeFileSync(path.join(out, 'licenses.txt'), licensesText(JSON.parse(readFileSync(stats, 'utf8'))));
  };
  try {
    ncc('src/index.ts', outDir);
    ncc('src/cli.ts', path.join(outDir, 'cli'));
  } finally {
    rmSync(statsDir, { recursive: true, force: true });
  }
  chmodSync(path.join(outDir, 'cli', 'index.js'), 0o755);
}

if (import.meta.main) bundle(process.argv[2] ?? 'dist');
