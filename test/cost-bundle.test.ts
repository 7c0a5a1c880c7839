/**
 * What probing costs, through the committed bundle (`npm run bundle` first): the tokens each check
 * spent as the server reported them (prompt, completion with its reasoning part), per target and per
 * run in the report and the summary; money at price-per-mtok; a month of a schedule's runs and the
 * Actions minutes they bill; reasoning_effort sent as the API expects.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { type ActionRun, runAction } from './support/run-action.js';

let provider: FakeProvider;

beforeAll(async () => {
  provider = await startFakeProvider({
    plain: { kind: 'ok', content: 'pong', tokens: 2 },
    thinker: { kind: 'ok', reasoningOnly: true, tokens: 4 },
  });
});
afterAll(() => provider.close());

async function reportOf(run: ActionRun) {
  return JSON.parse(await readFile(run.outputs['report-file']!, 'utf8'));
}

describe('cost figures through the bundle', () => {
  it('tokens per check, per target and per run; money at each price; reasoning_effort sent; a month of */5', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'llm-heartbeat-event-'));
    const event = path.join(dir, 'event.json');
    await writeFile(event, JSON.stringify({ schedule: '*/5 * * * *' }));
    const run = await runAction({
      inputs: {
        'base-url': provider.url,
        checks: '2',
        interval: '0',
        'fail-on': 'never',
        'price-per-mtok': '0.15/0.60',
        'reasoning-effort': 'minimal',
        'max-tokens-per-day': '100000',
        targets: [
          '- name: plain',
          '  model: plain',
          '- name: thinker',
          '  model: thinker',
          '  reasoning-effort: low',
          '  price-per-mtok: 1.10/4.40',
        ].join('\n'),
      },
      env: { GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: event },
    });
    expect(run.exitCode).toBe(0);
    const sent = (model: string) =>
      provider.requests.filter((r) => r.model === model).map((r) => r.body.reasoning_effort);
    expect(sent('plain')).toEqual(['minimal', 'minimal']);
    expect(sent('thinker')).toEqual(['low', 'low']);

    const report = await reportOf(run);
    const [plain, thinker] = report.targets;
    for (const c of plain.checks) expect(c.promptTokens).toBeGreaterThan(0);
    expect(plain.tokens).toMatchObject({ completion: 4, reasoning: 0, checksReported: 2 });
    expect(thinker.tokens).toMatchObject({ completion: 8, reasoning: 8, checksReported: 2 });
    expect(thinker.checks[0].reasoningTokens).toBe(4);
    const prompt = plain.tokens.prompt;
    expect(plain.cost).toBeCloseTo((prompt * 0.15 + 4 * 0.6) / 1e6, 12);
    expect(thinker.cost).toBeCloseTo((thinker.tokens.prompt * 1.1 + 8 * 4.4) / 1e6, 12);
    expect(report.tokens).toEqual({
      prompt: prompt + thinker.tokens.prompt,
      completion: 12,
      reasoning: 8,
      checksReported: 4,
    });
    expect(report.cost).toBeCloseTo(plain.cost + thinker.cost, 12);

    const line = run.summary.split('\n').find((l) => l.startsWith('**What it cost:**'))!;
    const total = report.tokens.prompt + 12;
    expect(line).toContain(
      `**What it cost:** ${total} tokens this run (${report.tokens.prompt} prompt + 12 completion, 8 of them reasoning)`,
    );
    expect(line).toMatch(/≈ 0\.0000\d+ at price-per-mtok/);
    expect(line).toContain('+ 3 completion per check');
    expect(run.summary).toMatch(
      /Tokens: \d+ prompt \+ 8 completion \(8 reasoning\) over 2 check\(s\) ≈ 0\.0000\d+/,
    );
    expect(line).toContain('on `*/5 * * * *` (8,640 runs per 30 days)');
    expect(line).toContain('≥ 8,640 Actions minutes per month');
    console.log(line);
    expect(run.stdout).toMatch(/::notice::max-tokens-per-day \(100000\) is not applied/);
  });

  it('without a price or a schedule: tokens only', async () => {
    const run = await runAction({
      inputs: { 'base-url': provider.url, model: 'plain', checks: '1', interval: '0' },
    });
    const line = run.summary.split('\n').find((l) => l.startsWith('**What it cost:**'))!;
    expect(line).toMatch(
      /^\*\*What it cost:\*\* \d+ tokens this run \(\d+ prompt \+ 2 completion, 0 of them reasoning\) · \d+ prompt \+ 2 completion per check$/,
    );
    expect((await reportOf(run)).cost).toBeNull();
  });
});
