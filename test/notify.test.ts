import type { KnownBlock } from '@slack/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { discordMessage, slackMessage, teamsMessage, webhookPayload } from '../src/notify/channels.js';
import { discordMarkdown, slackMrkdwn, teamsMarkdown } from '../src/notify/escape.js';
import type { Notice } from '../src/notify/message.js';
import { deliver, retryAfterMs } from '../src/notify/send.js';
import { signature, verifySignature } from '../src/notify/signature.js';
import { reminderDue } from '../src/notify/transitions.js';
import { discordProblems, slackProblems, teamsProblems, webhookProblems } from './support/channel-formats.js';
import { type Receivers, startReceivers } from './support/receivers.js';

const long = 'x'.repeat(5000);
const notice: Notice = {
  kind: 'opened',
  target: `t ${long}`,
  model: long,
  status: 'down',
  from: null,
  reasons: Array.from({ length: 10 }, () => `reason ${long}`),
  errors: Array.from({ length: 3 }, () => `server_error: ${long}`),
  startedAt: '2025-06-01T02:00:00.000Z',
  endedAt: null,
  durationMs: 600_000,
  runUrl: 'https://github.com/acme/models/actions/runs/1',
  issue: { number: 3, url: 'https://github.com/acme/models/issues/3' },
  statusPageUrl: null,
  repository: 'acme/models',
  at: '2025-06-01T02:10:00.000Z',
  deliveryId: '1-1:opened:dA',
};

describe('channel formats, at their limits', () => {
  it('long text stays within every documented limit', () => {
    const slack = slackMessage(notice);
    // Type level: the blocks are Block Kit's own types.
    const blocks: KnownBlock[] = slack.blocks;
    expect(slackProblems({ ...slack, blocks })).toEqual([]);
    expect(discordProblems(discordMessage(notice))).toEqual([]);
    expect(teamsProblems(teamsMessage(notice))).toEqual([]);
    expect(webhookProblems(webhookPayload(notice, '0.1.0'))).toEqual([]);
  });

  it('escapes each markup', () => {
    expect(slackMrkdwn('<!channel> <@U1> a&b')).toBe('&lt;!channel&gt; &lt;@\u200bU1&gt; a&amp;b');
    expect(discordMarkdown('@everyone **x** <@1>')).toBe('@\u200beveryone \\*\\*x\\*\\* \\<@\u200b1\\>');
    expect(teamsMarkdown('[x](https://e.com) <at>y</at>')).toBe(
      '\\[x\\](https:\u200b//e.com) <\u200bat>y<\u200b/at>',
    );
    expect(teamsMarkdown('- gpt-4o-mini *b*')).toBe('\\- gpt-4o-mini \\*b\\*');
  });
});

describe('the signature', () => {
  it('verifies as documented, and refuses a changed body, another key or an old timestamp', () => {
    const now = 1_750_000_000;
    const sig = signature('k', now, '{"a":1}');
    expect(verifySignature('k', sig, String(now), '{"a":1}', now)).toBe(true);
    expect(verifySignature('k', sig, String(now), '{"a":2}', now)).toBe(false);
    expect(verifySignature('j', sig, String(now), '{"a":1}', now)).toBe(false);
    expect(verifySignature('k', sig, String(now), '{"a":1}', now + 301)).toBe(false);
  });
});

describe('reminders', () => {
  it('one per whole period since the outage started, at the first run past each mark', () => {
    const start = '2025-06-01T00:00:00Z';
    const t = (m: number) => new Date(Date.parse(start) + m * 60_000);
    expect(reminderDue(start, t(50).toISOString(), t(55), 1)).toBe(false);
    expect(reminderDue(start, t(55).toISOString(), t(60), 1)).toBe(true);
    expect(reminderDue(start, t(60).toISOString(), t(65), 1)).toBe(false);
    expect(reminderDue(start, t(65).toISOString(), t(200), 1)).toBe(true); // a long gap: one, not two
    expect(reminderDue(start, t(10).toISOString(), t(20), 0.25)).toBe(true);
  });
});

describe('delivery', () => {
  let receivers: Receivers;
  beforeAll(async () => {
    receivers = await startReceivers();
  });
  afterAll(() => receivers.close());
  beforeEach(() => receivers.reset());
  const base = { timeoutMs: 300, tries: 3, backoffMs: 10, maxWaitMs: 1000, secrets: ['hooksecretpath'] };

  it('a timeout is not repeated where a repeat could post twice, and is where the far end drops repeats', async () => {
    receivers.fail({ path: /hooksecretpath/, hang: true, times: 10 });
    const d = { channel: 'slack', url: receivers.url('/slack/hooksecretpath'), body: '{}', headers: {} };
    const once = await deliver({ ...d, idempotent: false }, base);
    expect(once).toMatchObject({ ok: false, tries: 1 });
    expect(once.error).toMatch(/no answer within 0.3 s; not tried again/);
    expect(receivers.requests).toHaveLength(1);
    receivers.reset();
    receivers.fail({ path: /hooksecretpath/, hang: true, times: 1 });
    const again = await deliver({ ...d, idempotent: true }, base);
    expect(again).toMatchObject({ ok: true, tries: 2 });
  });

  it('a 429 asking to wait too long is given up at once; errors never show the URL', async () => {
    receivers.fail({
      path: /./,
      status: 429,
      headers: { 'retry-after': '3600' },
      body: 'slow down /hooksecretpath',
    });
    const r = await deliver(
      { channel: 'x', url: receivers.url('/x/hooksecretpath'), body: '{}', headers: {}, idempotent: true },
      base,
    );
    expect(r).toMatchObject({ ok: false, tries: 1 });
    expect(r.error).toContain('given up');
    expect(r.error).not.toContain('hooksecretpath');
    const closed = await startReceivers();
    await closed.close();
    const refused = await deliver(
      { channel: 'x', url: closed.url('/hooksecretpath'), body: '{}', headers: {}, idempotent: false },
      base,
    );
    expect(refused).toMatchObject({ ok: false, tries: 3 });
    expect(refused.error).toContain('ECONNREFUSED');
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('2')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 5_000)).toBe(5000);
    expect(retryAfterMs('soon')).toBeNull();
  });
});

describe('the notification inputs', () => {
  const base = { model: 'm', 'api-key': 'sk-test-1234567890abcdef' };
  it('reads the channels, notify-on and notify-reminder', async () => {
    const { parseConfig } = await import('../src/config/index.js');
    const config = parseConfig({
      ...base,
      'slack-webhook-url': 'https://hooks.slack.com/services/T0/B0/abcdefghijkl',
      'notify-on': 'opened, recovered',
      'notify-reminder': '0.5',
    });
    expect(config.notify).toMatchObject({
      slack: 'https://hooks.slack.com/services/T0/B0/abcdefghijkl',
      discord: null,
      on: ['opened', 'recovered'],
      reminderHours: 0.5,
    });
    expect(parseConfig(base).notify).toMatchObject({
      on: ['opened', 'reopened', 'escalated', 'recovered'],
      reminderHours: null,
    });
  });

  it('says what is wrong without showing a webhook URL', async () => {
    const { parseConfig } = await import('../src/config/index.js');
    const attempt = () =>
      parseConfig({
        ...base,
        'discord-webhook-url': 'ftp://discord.com/api/webhooks/1/secrettoken',
        'notify-on': 'opened, exploded',
        'notify-reminder': 'daily',
        'reasoning-effort': 'lots',
        'price-per-mtok': '0.15',
      });
    expect(attempt).toThrow(/Input "discord-webhook-url" is \(hidden\): expected an http\(s\) webhook URL/);
    expect(attempt).toThrow(
      /Input "notify-on" is "opened, exploded": expected a comma-separated list of opened, reopened, escalated, recovered/,
    );
    expect(attempt).toThrow(/Input "notify-reminder" is "daily"/);
    expect(attempt).toThrow(
      /Input "reasoning-effort" is "lots": expected one of none, minimal, low, medium, high, xhigh/,
    );
    expect(attempt).toThrow(/Input "price-per-mtok" is "0.15": expected INPUT\/OUTPUT prices/);
    try {
      attempt();
    } catch (err) {
      expect((err as Error).message).not.toContain('secrettoken');
    }
  });

  it('redacts webhook URLs, their paths and the signing key', async () => {
    const { parseConfig } = await import('../src/config/index.js');
    const { configSecrets } = await import('../src/secrets.js');
    const secrets = configSecrets(
      parseConfig({
        ...base,
        'teams-webhook-url':
          'https://prod.example.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=xyzSIGNATURE123',
        'webhook-secret': 'whsec_0123456789',
      }),
    );
    expect(secrets).toEqual(expect.arrayContaining(['sig=xyzSIGNATURE123', 'whsec_0123456789']));
  });
});
