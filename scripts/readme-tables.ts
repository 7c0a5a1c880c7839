/**
 * The README's input and output tables, rendered from action.yml so the two cannot drift.
 * `node scripts/readme-tables.ts` rewrites them in place; test/readme.test.ts fails when they are stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

interface ActionSpec {
  inputs: Record<string, { description: string; default?: string }>;
  outputs: Record<string, { description: string }>;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderTables(actionYml: string): { inputs: string; outputs: string } {
  const spec = parse(actionYml) as ActionSpec;
  const inputs = [
    '| input | default | what it does |',
    '|---|---|---|',
    ...Object.entries(spec.inputs).map(
      ([name, input]) =>
        `| \`${name}\` | ${input.default ? `\`${cell(input.default)}\`` : ''} | ${cell(input.description)} |`,
    ),
  ].join('\n');
  const outputs = [
    '| output | what it holds |',
    '|---|---|',
    ...Object.entries(spec.outputs).map(([name, output]) => `| \`${name}\` | ${cell(output.description)} |`),
  ].join('\n');
  return { inputs, outputs };
}

export function replaceBetween(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} block`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

export function renderReadme(readme: string, actionYml: string): string {
  const tables = renderTables(actionYml);
  return replaceBetween(replaceBetween(readme, 'inputs', tables.inputs), 'outputs', tables.outputs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const readmePath = path.join(root, 'README.md');
  const updated = renderReadme(
    readFileSync(readmePath, 'utf8'),
    readFileSync(path.join(root, 'action.yml'), 'utf8'),
  );
  writeFileSync(readmePath, updated);
  console.log('README.md tables rendered from action.yml');
}
