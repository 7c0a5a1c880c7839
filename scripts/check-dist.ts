/**
 * Fails when dist/ is not the bundle of src/: action.yml runs dist/index.js, so a stale bundle
 * would ship old code. Builds into a temporary folder and compares file by file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundle } from './bundle.ts';

function files(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const name = path.join(prefix, entry.name);
    return entry.isDirectory() ? files(dir, name) : [name];
  });
}

const fresh = mkdtempSync(path.join(tmpdir(), 'llm-heartbeat-dist-'));
try {
  bundle(fresh);
  const names = new Set([...files('dist'), ...files(fresh)]);
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
