/**
 * The bundle against a server that does its worst with every field it controls, with tracking issues,
 * metrics and a report on: over every channel the action writes to, no key in any form, no workflow
 * command the runner would parse, no planted marker, no live mention or autolink, bounded sizes, and a
 * run that ends within its bound.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretForms } from '../src/secrets.js';
import { type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import {
  CANARIES,
  type HostileMode,
  type HostileProvider,
  startHostileProvider,
} from './support/hostile-provider.js';
import { asGitHubSees } from './support/live-links.js';
import { type RunningPushgateway, requireTool, startPushgateway } from './support/pushgateway.js';
import { type ActionRun, runAction } from './support/run-action.js';
import { runnerCommands } from './support/runner-commands.js';

// Azure-style: 32 hex characters, no prefix any "looks like a key" pattern would catch.
const KEY = ['5be3f0a2', '91d84c6e', 'b07a13f5', 'c2e9d648'].join('');
const MODES: HostileMode[] = [
  'echo-json',
  'echo-stream',
  'echo-error',
  'redirect',
  'html-bait',
  'huge',
  'gzip-bomb',
];
const TIMEOUT_S = 10;
const pushgatewayBinary = requireTool('prometheus-pushgateway', 'prometheus-pushgateway');

let provider: HostileProvider;
let github: FakeGitHub;
let pushgateway: RunningPushgateway | null = null;
const channels: Record<string, string> = {};
let run: ActionRun;

/** Markdown with code spans taken out: GitHub links nothing inside them. */
const outsideCode = (markdown: string) => markdown.replace(/`[^`\n]*`/g, ' ');

beforeAll(async () => {
  [provider, github] = await Promise.all([
    startHostileProvider(Object.fromEntries(MODES.map((m) => [m, m]))),
    startFakeGitHub(),
  ]);
  if (pushgatewayBinary) pushgateway = await startPushgateway(pushgatewayBinary);
  const targets = MODES.map((m) => `- name: ${m}\n  model: ${m}`).join('\n');
  for (const stream of ['true', 'false']) {
    run = await runAction({
      inputs: {
        'base-url': provider.url,
        'api-key': KEY,
        targets,
        stream,
        checks: '2',
        interval: '0',
        timeout: String(TIMEOUT_S),
        'open-after': '1',
        'fail-on': 'never',
        'report-file': 'report.json',
        ...(pushgateway ? { 'pushgateway-url': pushgateway.url } : {}),
      },
      env: {
        GITHUB_API_URL: github.url,
        GITHUB_REPOSITORY: 'acme/models',
        GITHUB_TOKEN: 'ghs_faketoken0123456789',
        GITHUB_RUN_ID: stream === 'true' ? '1' : '2',
        GITHUB_SERVER_URL: 'https://github.com',
      },
      killAfterMs: 120_000,
    });
    const suffix = stream === 'true' ? ' (streamed)' : ' (not streamed)';
    channels[`stdout${suffix}`] = run.stdout
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n');
    channels[`stderr${suffix}`] = run.stderr;
    channels[`summary${suffix}`] = run.summary;
    channels[`outputs${suffix}`] = JSON.stringify(run.outputs);
    channels[`report${suffix}`] = await readFile(path.join(run.workspace, 'report.json'), 'utf8');
    channels[`duration${suffix}`] = String(run.durationMs);
    if (process.env.LLM_HEARTBEAT_SHOW_BOUNDS) {
      const report = JSON.parse(channels[`report${suffix}`]!) as {
        targets: {
          name: string;
          checks: { latencyMs: number; category: string; errorCode: string | null }[];
        }[];
      };
      const worst = report.targets
        .flatMap((t) => t.checks.map((c) => ({ target: t.name, ...c })))
        .sort((a, b) => b.latencyMs - a.latencyMs)[0];
      console.log(
        `bounds${suffix}: run ${Math.round(run.durationMs)} ms, stdout ${run.stdout.length} B, summary ${run.summary.length} B, report ${channels[`report${suffix}`]!.length} B, slowest check ${JSON.stringify(worst)}`,
      );
    }
  }
  if (pushgateway) channels.metrics = await (await fetch(`${pushgateway.url}/metrics`)).text();
  for (const issue of github.issues) {
    channels[`issue #${issue.number} title`] = issue.title;
    channels[`issue #${issue.number} body`] = issue.body ?? '';
    for (const [i, comment] of (issue.comments ?? []).entries())
      channels[`issue #${issue.number} comment ${i + 1}`] = comment.body;
  }
}, 240_000);

afterAll(async () => {
  await Promise.all([provider?.close(), github?.close(), pushgateway?.stop()]);
});

const texts = () => Object.entries(channels).filter(([name]) => !name.startsWith('duration'));
const markdown = () => texts().filter(([name]) => /^(summary|issue)/.test(name));

describe('a hostile server, over every output channel', () => {
  it('reached every channel: the runs finished, issues were opened for the targets that failed, metrics pushed', () => {
    expect(run.exitCode).toBe(0);
    expect(github.issues.filter((i) => i.title !== 'llm-heartbeat state').length).toBeGreaterThanOrEqual(
      MODES.length - 2,
    );
    if (pushgatewayBinary) expect(channels.metrics).toContain('llm_heartbeat_checks');
    expect(github.violations).toEqual([]);
  });

  it('no channel holds the key in any form', () => {
    const forms = secretForms([KEY]);
    for (const [name, text] of texts())
      for (const form of forms) expect(text, `${name} holds ${form}`).not.toContain(form);
  });

  it('stdout and stderr hold no workflow command but the action’s own', () => {
    for (const [name, text] of texts().filter(([n]) => /^std(out|err)/.test(n))) {
      const commands = runnerCommands(text).map((c) => c.toLowerCase());
      expect(
        commands.filter((c) => !['warning', 'error', 'notice'].includes(c)),
        name,
      ).toEqual([]);
      expect(text, name).not.toMatch(/##\[/);
    }
  });

  it('no planted marker, mention, reference or autolink is live in the summary or any issue', () => {
    for (const [name, text] of markdown()) {
      const seen = asGitHubSees(outsideCode(text));
      for (const [form, canary] of Object.entries(CANARIES)) {
        if (form === 'html' || form === 'img' || form === 'marker') continue;
        expect(seen, `${name}: live ${form}`).not.toContain(canary);
      }
      // Raw HTML and markers are live in code spans too, so the whole text is searched.
      expect(text, `${name}: a marker`).not.toContain(CANARIES.marker);
      expect(text, `${name}: raw HTML`).not.toContain(CANARIES.html);
      expect(text, `${name}: raw HTML`).not.toContain(CANARIES.img);
    }
  });

  it('each issue is found by its own marker only: on the first line, naming its own target', () => {
    for (const issue of github.issues.filter((i) => i.title !== 'llm-heartbeat state')) {
      const body = issue.body ?? '';
      expect(body.split('\n')[0]).toMatch(/^<!-- llm-heartbeat:target "[a-z-]+" -->$/);
      expect(body.match(/<!-- llm-heartbeat:target/g)).toHaveLength(1);
    }
  });

  it('sizes are bounded', async () => {
    for (const [name, text] of texts()) {
      const limit = name.startsWith('report') ? 512 * 1024 : 256 * 1024;
      expect(text.length, name).toBeLessThan(limit);
    }
    expect((await stat(path.join(run.workspace, 'report.json'))).size).toBeLessThan(512 * 1024);
  });

  it('each run ends within its timeout plus a small bound', () => {
    for (const [name, ms] of Object.entries(channels).filter(([n]) => n.startsWith('duration')))
      expect(Number(ms), name).toBeLessThan((TIMEOUT_S + 15) * 1000);
  });
});
