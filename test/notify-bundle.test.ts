/**
 * Notifications through the committed bundle (`npm run bundle` first), run as the runner runs it:
 * the fake provider, the GitHub stand-in and the channel stand-ins all on loopback. One message per
 * tracked change on every channel, in each channel's documented format; reminders on schedule; none
 * while healthy; faults as warnings that never change the verdict or hold up the other channels.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stateBlock, stateOfBody } from '../src/tracker/marker.js';
import { discordProblems, slackProblems, teamsProblems, webhookProblems } from './support/channel-formats.js';
import { type FakeGitHub, startFakeGitHub } from './support/fake-github.js';
import { type FakeProvider, type Script, startFakeProvider } from './support/fake-provider.js';
import { type Receivers, startReceivers } from './support/receivers.js';
import { runAction } from './support/run-action.js';

const MODEL = 'gpt-4o-mini';
const DOWN: Script = { [MODEL]: { kind: 'error', status: 500 } };
const UP: Script = { [MODEL]: { kind: 'ok', ttftMs: 5, tokens: 2 } };
const SLOW: Script = { [MODEL]: { kind: 'ok', ttftMs: 120, tokens: 2 } };
const SECRET = 'whsec_test_0123456789abcdef';
const SLACK_PATH = '/slack/services/T0000/B0000/slacktokenABCDEFGH';

let github: FakeGitHub;
let provider: FakeProvider;
let receivers: Receivers;
let runId = 5000;

beforeAll(async () => {
  [github, provider, receivers] = await Promise.all([
    startFakeGitHub(),
    startFakeProvider(DOWN),
    startReceivers(),
  ]);
});
afterAll(async () => {
  await Promise.all([github.close(), provider.close(), receivers.close()]);
});
beforeEach(() => {
  github.reset();
  receivers.reset();
});
afterEach(() => {
  expect(github.violations).toEqual([]);
});

const channels = () => ({
  'slack-webhook-url': receivers.url(SLACK_PATH),
  'discord-webhook-url': receivers.url('/discord/api/webhooks/1/discordtokenABCDEFGH'),
  'teams-webhook-url': receivers.url(
    '/teams/workflows/abc/triggers/manual/paths/invoke?sig=teamsSigABCDEFGH',
  ),
  'webhook-url': receivers.url('/hook/llm'),
  'webhook-secret': SECRET,
});

async function scheduledRun(script: Script, inputs: Record<string, string> = {}) {
  provider.setScript(script);
  runId++;
  return runAction({
    inputs: {
      'base-url': provider.url,
      model: MODEL,
      checks: '3',
      interval: '0',
      'open-after': '1',
      'close-after': '1',
      ...channels(),
      ...inputs,
    },
    env: {
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_TOKEN: 'ghs_faketoken0123456789',
      GITHUB_RUN_ID: String(runId),
      GITHUB_SERVER_URL: 'https://github.com',
    },
  });
}

/** The documented algorithm, written again on the receiver's side: HMAC-SHA256 over `timestamp.body`. */
function signatureValid(headers: Record<string, string | string[] | undefined>, raw: string): boolean {
  const timestamp = String(headers['x-llm-heartbeat-timestamp'] ?? '');
  const given = String(headers['x-llm-heartbeat-signature-256'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected = `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${raw}`).digest('hex')}`;
  return expected.length === given.length && timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

/** What each channel received since the last reset, by channel, every payload checked against its format. */
function received() {
  const by = (prefix: string) => receivers.delivered.filter((r) => r.path.startsWith(prefix));
  const slack = by('/slack');
  const discord = by('/discord');
  const teams = by('/teams');
  const hook = by('/hook');
  for (const r of slack) expect(slackProblems(r.json)).toEqual([]);
  for (const r of discord) expect(discordProblems(r.json)).toEqual([]);
  for (const r of teams) expect(teamsProblems(r.json)).toEqual([]);
  for (const r of hook) {
    expect(webhookProblems(r.json)).toEqual([]);
    expect(signatureValid(r.headers, r.raw)).toBe(true);
    expect(r.headers['idempotency-key']).toBe(r.json.deliveryId);
  }
  return { slack, discord, teams, hook, events: hook.map((r) => r.json.event as string) };
}

describe('notifications through the bundle', () => {
  it('up, down, down, down (a reminder due), up, up: opened, one reminder, recovered; nothing while healthy', async () => {
    const healthy = await scheduledRun(UP, { 'notify-reminder': '1' });
    expect(healthy.exitCode).toBe(0);
    expect(receivers.requests).toEqual([]);

    const opened = await scheduledRun(DOWN, { 'notify-reminder': '1' });
    expect(opened.exitCode).toBe(1);
    let got = received();
    expect(got.events).toEqual(['opened']);
    expect([got.slack.length, got.discord.length, got.teams.length]).toEqual([1, 1, 1]);
    expect(got.slack[0]!.json.text).toContain('gpt-4o-mini is down');
    expect(got.teams[0]!.raw).toContain('https://github.com/acme/models/issues/1');
    expect(got.hook[0]!.json).toMatchObject({
      event: 'opened',
      status: 'down',
      issue: { number: 1, url: 'https://github.com/acme/models/issues/1' },
      links: { run: `https://github.com/acme/models/actions/runs/${runId}` },
      repository: 'acme/models',
    });
    expect(got.hook[0]!.json.reasons[0]).toMatch(/success rate/i);
    expect(opened.summary).toContain('### Notifications');

    receivers.reset();
    const again = await scheduledRun(DOWN, { 'notify-reminder': '1' });
    expect(again.exitCode).toBe(1);
    expect(receivers.requests).toEqual([]);

    // Ninety minutes pass: the outage's state is moved back, as if it had started then.
    const issue = github.issues.find((i) => i.number === 1)!;
    const state = stateOfBody(issue.body)!;
    const shifted = new Date(Date.now() - 90 * 60_000).toISOString();
    issue.body = issue.body!.replace(
      stateBlock(state),
      stateBlock({ ...state, startedAt: shifted, lastSeenAt: shifted }),
    );
    const reminder = await scheduledRun(DOWN, { 'notify-reminder': '1' });
    expect(reminder.exitCode).toBe(1);
    got = received();
    expect(got.events).toEqual(['reminder']);
    expect(got.slack[0]!.json.text).toContain('still down (for 1 h 30 min)');
    expect(got.discord).toHaveLength(1);

    receivers.reset();
    await scheduledRun(DOWN, { 'notify-reminder': '1' });
    expect(receivers.requests).toEqual([]);

    const recovered = await scheduledRun(UP, { 'notify-reminder': '1' });
    expect(recovered.exitCode).toBe(0);
    got = received();
    expect(got.events).toEqual(['recovered']);
    expect(got.hook[0]!.json.outage.durationSeconds).toBeGreaterThanOrEqual(90 * 60);
    expect(got.teams[0]!.raw).toContain('recovered after 1 h 30 min');

    receivers.reset();
    await scheduledRun(UP, { 'notify-reminder': '1' });
    expect(receivers.requests).toEqual([]);
  });

  it('degraded then down: opened (degraded), then escalated; notify-on limits what is sent', async () => {
    const inputs = { 'issue-on': 'degraded', 'max-latency': '60' };
    await scheduledRun(SLOW, inputs);
    expect(received().events).toEqual(['opened']);
    receivers.reset();
    await scheduledRun(DOWN, inputs);
    const got = received();
    expect(got.events).toEqual(['escalated']);
    expect(got.hook[0]!.json).toMatchObject({ status: 'down', previousStatus: 'degraded' });
    expect(got.slack[0]!.json.text).toContain('went from degraded to down');

    receivers.reset();
    github.reset();
    await scheduledRun(DOWN, { 'notify-on': 'recovered' });
    expect(receivers.requests).toEqual([]);
    await scheduledRun(UP, { 'notify-on': 'recovered' });
    expect(received().events).toEqual(['recovered']);
  });

  it('a failing channel is a warning: retried within a bound, the others delivered, the verdict unchanged, no URL shown', async () => {
    receivers.fail({ path: /^\/slack/, status: 500, body: `error at ${SLACK_PATH}`, times: 10 });
    receivers.fail({
      path: /^\/discord/,
      status: 429,
      headers: { 'retry-after': '0.1' },
      body: '{"retry_after":0.1}',
    });
    receivers.fail({ path: /^\/teams/, status: 404, body: 'not found' });
    const run = await scheduledRun(DOWN);
    expect(run.exitCode).toBe(1);
    const slackTries = receivers.requests.filter((r) => r.path.startsWith('/slack'));
    expect(slackTries).toHaveLength(3);
    const got = received();
    expect(got.slack).toHaveLength(0);
    expect(got.discord).toHaveLength(1);
    expect(receivers.requests.filter((r) => r.path.startsWith('/discord'))).toHaveLength(2);
    expect(got.teams).toHaveLength(0);
    expect(receivers.requests.filter((r) => r.path.startsWith('/teams'))).toHaveLength(1);
    expect(got.hook).toHaveLength(1);
    expect(run.stdout).toMatch(
      /::warning::Slack notification \(opened\) of "gpt-4o-mini" not sent after 3 tries: HTTP 500/,
    );
    expect(run.stdout).toMatch(
      /::warning::Teams notification \(opened\) of "gpt-4o-mini" not sent after 1 try: HTTP 404/,
    );
    // Only the runner's own mask commands carry them (the runner hides them everywhere after).
    const shown = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    for (const secret of ['slacktokenABCDEFGH', 'discordtokenABCDEFGH', 'teamsSigABCDEFGH', SECRET])
      expect(shown.join('\n') + run.stderr + run.summary).not.toContain(secret);
    // Masked for the runner, too.
    expect(run.stdout).toContain(`::add-mask::${receivers.url(SLACK_PATH)}`);
  });

  it('a webhook retry after a 502 the receiver may have applied carries the same Idempotency-Key', async () => {
    receivers.fail({ path: /^\/hook/, status: 502 });
    await scheduledRun(DOWN);
    const tries = receivers.requests.filter((r) => r.path.startsWith('/hook'));
    expect(tries).toHaveLength(2);
    expect(tries[0]!.headers['idempotency-key']).toBe(tries[1]!.headers['idempotency-key']);
    expect(tries[0]!.json.deliveryId).toBe(tries[1]!.json.deliveryId);
  });

  it('server text is escaped for each format: no mention, no link, no markup', async () => {
    const evil =
      '<!channel> <@U123> @everyone @here <https://evil.example|click> **bold** [x](https://evil.example) <at>boss</at>';
    await scheduledRun({
      [MODEL]: { kind: 'error', status: 500, json: { error: { message: evil, type: 'server_error' } } },
    });
    const got = received();
    const slack = JSON.stringify(got.slack[0]!.json);
    expect(slack).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
    expect(slack).not.toMatch(/(?<!\u200b)@everyone|@here(?!\u200b)/);
    const discord = got.discord[0]!.json.embeds[0].description as string;
    expect(discord).not.toMatch(/@everyone|@here|(?<!\\)<@U123>|(?<!\\)\[x\]/);
    expect(discord).toContain('\\*\\*bold\\*\\*');
    const teams = JSON.stringify(got.teams[0]!.json);
    expect(teams).not.toMatch(/<at>|\]\(https:\/\/evil/);
    expect(got.hook[0]!.json.errors[0]).toContain('<!channel>');
  });

  it('tracking-issue false: the same changes from the outages kept in the state issue, and no tracking issue', async () => {
    const inputs = { 'tracking-issue': 'false', 'open-after': '2', 'close-after': '2' };
    await scheduledRun(DOWN, inputs);
    expect(receivers.requests).toEqual([]);
    await scheduledRun(DOWN, inputs);
    let got = received();
    expect(got.events).toEqual(['opened']);
    expect(got.hook[0]!.json.issue).toBeNull();
    receivers.reset();
    await scheduledRun(DOWN, inputs);
    await scheduledRun(UP, inputs);
    expect(receivers.requests).toEqual([]);
    const recovered = await scheduledRun(UP, inputs);
    got = received();
    expect(got.events).toEqual(['recovered']);
    expect(recovered.summary).not.toContain('### Tracking issues');
    expect(github.issues.map((i) => i.labels)).toEqual([['llm-heartbeat-state']]);
    expect(github.issues[0]!.state).toBe('closed');
  });
});
