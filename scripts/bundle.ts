/**
 * Builds the two bundles into a folder (dist/ by default): the action (dist/index.js, which
 * action.yml runs) and the CLI (dist/cli/index.js, the package's bin). ncc inlines every dependency.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import path from 'node:path';

export function bundle(outDir: string): void {
  const ncc = (entry: string, out: string) =>
    execFileSync('npx', ['ncc', 'build', entry, '-o', out, '--license', 'licenses.txt', '--quiet'], {
      stdio: 'inherit',
    });
  ncc('src/index.ts', outDir);
  ncc('src/cli.ts', path.join(outDir, 'cli'));
  chmodSync(path.join(outDir, 'cli', 'index.js'), 0o755);
}

if (import.meta.main) bundle(process.argv[2] ?? 'dist');
