/**
 * What dist/index.js is made of, by package, in bytes of the bundle itself (not of the sources):
 *   node bench/bundle-composition.ts
 * Rebuilds src/index.ts with ncc exactly as `npm run bundle` does, into a temporary directory with
 * webpack's stats, then splits the output at its module boundaries (`/***\/ <id>:` for modules,
 * `// CONCATENATED MODULE: <path>` inside merged ES modules) and adds up each package's bytes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function packageOf(modulePath: string | undefined): string {
  const packages = (modulePath ?? '').match(/node_modules\/(@[^/]+\/)?[^/]+/g);
  if (packages) return packages.at(-1)!.slice('node_modules/'.length);
  return /(^|\/)src\//.test(modulePath ?? '') ? 'src (ours)' : 'webpack runtime, externals';
}

/** Bytes per package of an ncc bundle, given webpack's stats for it. */
export function composition(
  bundle: string,
  modules: { id: string | number; name: string }[],
): Map<string, number> {
  const nameOf = new Map(modules.map((m) => [String(m.id), m.name]));
  const bytes = new Map<string, number>();
  const add = (pkg: string, n: number) => {
    bytes.set(pkg, (bytes.get(pkg) ?? 0) + n);
  };
  const starts = [...bundle.matchAll(/^\/\*\*\*\/ (\d+):$/gm)].map((m) => ({ at: m.index, id: m[1]! }));
  add(packageOf(undefined), starts[0]?.at ?? bundle.length);
  for (const [i, { at, id }] of starts.entries()) {
    const text = bundle.slice(at, starts[i + 1]?.at ?? bundle.length);
    const merged = [...text.matchAll(/^;?\/\/ CONCATENATED MODULE: (.*)$/gm)];
    add(packageOf(nameOf.get(id)), merged[0]?.index ?? text.length);
    for (const [j, m] of merged.entries())
      add(packageOf(m[1]), (merged[j + 1]?.index ?? text.length) - m.index);
  }
  return bytes;
}

const isRunDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isRunDirectly) {
  const out = mkdtempSync(path.join(os.tmpdir(), 'bundle-composition-'));
  const stats = path.join(out, 'stats.json');
  const build = spawnSync(
    path.join(ROOT, 'node_modules/.bin/ncc'),
    ['build', 'src/index.ts', '-o', out, '--license', 'licenses.txt', '--stats-out', stats, '--quiet'],
    { cwd: ROOT, stdio: 'inherit' },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
  const bundle = readFileSync(path.join(out, 'index.js'), 'utf8');
  const { modules } = JSON.parse(readFileSync(stats, 'utf8')) as { modules: { id: string; name: string }[] };
  const rows = [...composition(bundle, modules)].sort((a, b) => b[1] - a[1]);
  console.log(`${path.join(out, 'index.js')}: ${bundle.length.toLocaleString('en-US')} characters`);
  for (const [pkg, n] of rows.filter(([, n]) => n >= 10_000))
    console.log(
      `${(n / 1024).toFixed(0).padStart(6)} KB  ${((100 * n) / bundle.length).toFixed(1).padStart(5)}%  ${pkg}`,
    );
}
