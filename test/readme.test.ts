import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderReadme } from '../scripts/readme-tables.ts';
import { CATEGORIES } from '../src/probe/result.js';
import { VERSION } from '../src/version.js';

const read = (file: string) => readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');

describe('README', () => {
  const readme = read('README.md');

  it('has the input and output tables of action.yml (run `node scripts/readme-tables.ts` to refresh)', () => {
    expect(renderReadme(readme, read('action.yml'))).toBe(readme);
  });

  it('explains every outcome category', () => {
    for (const category of CATEGORIES) expect(readme).toContain(`| \`${category}\` |`);
  });

  it('shows the two commands that work on a fresh clone', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm test');
  });

  it('states the version package.json has', () => {
    expect(JSON.parse(read('package.json')).version).toBe(VERSION);
  });

  it('maps src/ as it is: every path in the map exists, and every file is in it or in a folder that is', () => {
    const section = readme.slice(readme.indexOf('### Map of `src/`'));
    const rows = [...section.matchAll(/^\| `(src\/[^`]+)` \|/gm)].map((m) => m[1]!);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(existsSync(new URL(`../${row}`, import.meta.url)), row).toBe(true);
    const files = (readdirSync(new URL('../src', import.meta.url), { recursive: true }) as string[])
      .map((f) => `src/${f.replace(/\\/g, '/')}`)
      .filter((f) => f.endsWith('.ts'));
    for (const file of files)
      expect(
        rows.some((row) => row === file || (row.endsWith('/') && file.startsWith(row))),
        `${file} is not in the README's map of src/`,
      ).toBe(true);
  });
});
