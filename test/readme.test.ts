import { readFileSync } from 'node:fs';
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
});
