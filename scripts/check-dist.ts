/**
 * Fails when dist/ is not the bundle of src/: action.yml runs dist/index.js, so a stale bundle
 * would ship old code. Builds into a temporary folder and compares file by file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const fresh = mkdtempSync(path.join(tmpdir(), 'llm-heartbeat-dist-'));
try {
  execFileSync('npx', ['ncc', 'build', 'src/index.ts', '-o', fresh, '--license', 'licenses.txt', '--quiet'], {
    stdio: 'inherit',
  });
  const names = new Set([...readdirSync('dist'), ...readdirSync(fresh)]);
  const stale = [...names].filter((name) => {
    try {
      return !readFileSync(path.join('dist', name)).equals(readFileSync(path.join(fresh, name)));
    } catch {
      return true;
    }
  });
  if (stale.length > 0) {
    console.error(
      `dist/ is stale (${stale.join(', ')} differ from a fresh build): run \`npm run bundle\` and commit dist/.`,
    );
    process.exit(1);
  }
  console.log('dist/ matches a fresh build of src/.');
} finally {
  rmSync(fresh, { recursive: true, force: true });
}
