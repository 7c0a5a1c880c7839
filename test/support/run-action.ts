/**
 * Runs the committed bundle the way the GitHub runner does: action.yml's defaults applied,
 * every input as an INPUT_* variable, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY as files.
 * Used by the bundle tests and by `npm run demo`. Only node: modules and `yaml`, so Node runs it directly.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  workspace: string;
  durationMs: number;
}

export interface NodeRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script of this repository with the current Node and collects what it printed. */
export async function runNode(
  script: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; killAfterMs?: number },
): Promise<NodeRun> {
  const child = spawn(process.execPath, [path.join(ROOT, script), ...args], {
    cwd: options.cwd,
    env: options.env,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const killer = options.killAfterMs
    ? setTimeout(() => child.kill('SIGKILL'), options.killAfterMs)
    : undefined;
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  clearTimeout(killer);
  return { exitCode, stdout, stderr };
}

export interface RunActionOptions {
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** Kill the run after this long (ms); the test then sees a null exit code. */
  killAfterMs?: number;
  workspace?: string;
}

/** action.yml's defaults, with `${{ github.token }}` resolved as the runner would (to the env's token or ''). */
export async function actionDefaults(token = ''): Promise<Record<string, string>> {
  const action = parse(await readFile(path.join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, spec]) => [
      name,
      String(spec.default ?? '').replace(/\$\{\{\s*github\.token\s*\}\}/, token),
    ]),
  );
}

/** Parses the GITHUB_OUTPUT file format: `name=value` lines and `name<<DELIM` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const block = /^([^=]+)<<(.+)$/.exec(line);
    if (block) {
      const [, name, delimiter] = block;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]!);
      outputs[name!] = value.join('\n');
    } else if (line.includes('=')) {
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return outputs;
}

export async function runAction(options: RunActionOptions = {}): Promise<ActionRun> {
  const workspace = options.workspace ?? (await mkdtemp(path.join(tmpdir(), 'llm-heartbeat-')));
  const outputFile = path.join(workspace, 'github_output');
  const summaryFile = path.join(workspace, 'step_summary.md');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const inputs = { ...(await actionDefaults(options.env?.GITHUB_TOKEN ?? '')), ...options.inputs };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_OS: 'Linux',
    RUNNER_NAME: 'local-runner',
    ...options.env,
  };
  for (const [name, value] of Object.entries(inputs))
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;

  const started = performance.now();
  const { exitCode, stdout, stderr } = await runNode('dist/index.js', [], {
    cwd: workspace,
    env,
    killAfterMs: options.killAfterMs,
  });
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    workspace,
    durationMs: performance.now() - started,
  };
}
