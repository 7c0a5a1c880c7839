/**
 * Each channel's native format: Slack Block Kit, a Discord embed, a Teams Adaptive Card (inside the
 * message envelope a Workflows webhook takes), and the generic webhook's documented JSON
 * (docs/webhook-payload.schema.json). Untrusted text goes through the channel's own escaper.
 */
import type { KnownBlock } from '@slack/types';
import { STATUS_ICON } from '../report/blocks.js';
import { discordMarkdown, fitted, jsonText, slackMrkdwn, slackPlain, teamsMarkdown } from './escape.js';
import { duration, headlineTail, KIND_ICON, type Notice } from './message.js';

export type ChannelName = 'slack' | 'discord' | 'teams' | 'webhook';

const when = (iso: string | null) =>
  iso
    ? iso
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC')
        .replace(/Z$/, ' UTC')
    : null;

/** The facts every channel shows, as label and trusted-or-escaped value. */
function facts(n: Notice, esc: (text: string, max?: number) => string): [string, string][] {
  const out: [string, string][] = [
    ['Target', esc(n.target, 100)],
    ['Model', esc(n.model, 100)],
    ['Status', `${STATUS_ICON[n.status]} ${n.status}`],
  ];
  if (n.startedAt) out.push(['Since', when(n.startedAt)!]);
  const took = duration(n.durationMs);
  if (took) out.push([n.kind === 'recovered' ? 'Lasted' : 'Down for', took]);
  return out;
}

// ---- Slack ----

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
  unfurl_links: false;
  unfurl_media: false;
}

export function slackMessage(n: Notice): SlackMessage {
  const title = `${KIND_ICON[n.kind]} ${n.target} ${headlineTail(n)}`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: fitted(slackPlain, title, 150), emoji: true } },
    {
      type: 'section',
      fields: facts(n, (t, max = 100) => fitted(slackMrkdwn, t, max)).map(([k, v]) => ({
        type: 'mrkdwn' as const,
        text: `*${k}*\n${v}`,
      })),
    },
  ];
  if (n.reasons.length > 0)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: n.reasons.map((r) => `• ${fitted(slackMrkdwn, r, 290)}`).join('\n') },
    });
  if (n.errors.length > 0)
    blocks.push({
      type: 'context',
      elements: n.errors.map((e) => ({
        type: 'plain_text' as const,
        text: fitted(slackPlain, e, 300),
        emoji: false,
      })),
    });
  const links = [
    n.runUrl && `<${n.runUrl}|Workflow run>`,
    n.issue && `<${n.issue.url}|Issue #${n.issue.number}>`,
    n.statusPageUrl && `<${n.statusPageUrl}|Status page>`,
  ].filter(Boolean);
  if (links.length > 0)
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links.join(' · ') }] });
  return { text: slackMrkdwn(title, 300), blocks, unfurl_links: false, unfurl_media: false };
}

// ---- Discord ----

/** Discord's embed limits (developer docs, "Embed Limits"). */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  total: 6000,
};

const DISCORD_COLOUR: Record<string, number> = { up: 0x2eb67d, degraded: 0xecb22e, down: 0xe01e5a };

export function discordMessage(n: Notice) {
  const lines = [
    ...n.reasons.map((r) => `• ${discordMarkdown(r, 300)}`),
    ...n.errors.map((e) => `> ${discordMarkdown(e, 300)}`),
  ];
  const links = [
    n.runUrl && `[Workflow run](${n.runUrl})`,
    n.issue && `[Issue #${n.issue.number}](${n.issue.url})`,
    n.statusPageUrl && `[Status page](${n.statusPageUrl})`,
  ].filter(Boolean);
  if (links.length > 0) lines.push(links.join(' · '));
  return {
    username: 'llm-heartbeat',
    allowed_mentions: { parse: [] as string[] },
    embeds: [
      {
        title: `${KIND_ICON[n.kind]} ${discordMarkdown(n.target, 100)} ${headlineTail(n)}`.slice(
          0,
          DISCORD_LIMITS.title,
        ),
        description: lines.join('\n').slice(0, 3500),
        color: DISCORD_COLOUR[n.status] ?? 0x888888,
        ...(n.issue ? { url: n.issue.url } : n.runUrl ? { url: n.runUrl } : {}),
        fields: facts(n, discordMarkdown).map(([name, value]) => ({
          name,
          value: value || '–',
          inline: true,
        })),
        footer: { text: 'llm-heartbeat' },
        timestamp: n.at,
      },
    ],
  };
}

// ---- Teams ----

export function teamsMessage(n: Notice) {
  const body: Record<string, unknown>[] = [
    {
      type: 'TextBlock',
      text: `${KIND_ICON[n.kind]} ${teamsMarkdown(n.target, 100)} ${headlineTail(n)}`,
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    { type: 'FactSet', facts: facts(n, teamsMarkdown).map(([title, value]) => ({ title, value })) },
  ];
  for (const r of n.reasons) body.push({ type: 'TextBlock', text: `• ${teamsMarkdown(r, 300)}`, wrap: true });
  for (const e of n.errors)
    body.push({ type: 'TextBlock', text: teamsMarkdown(e, 300), wrap: true, isSubtle: true, size: 'Small' });
  const actions = [
    n.runUrl && { type: 'Action.OpenUrl', title: 'Workflow run', url: n.runUrl },
    n.issue && { type: 'Action.OpenUrl', title: `Issue #${n.issue.number}`, url: n.issue.url },
    n.statusPageUrl && { type: 'Action.OpenUrl', title: 'Status page', url: n.statusPageUrl },
  ].filter(Boolean);
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.5',
          body,
          ...(actions.length > 0 ? { actions } : {}),
          msteams: { width: 'Full' },
        },
      },
    ],
  };
}

// ---- the generic webhook ----

export const WEBHOOK_SCHEMA_ID =
  'https://github.com/llm-heartbeat/llm-heartbeat/docs/webhook-payload.schema.json';

export function webhookPayload(n: Notice, version: string) {
  return {
    schema: 'llm-heartbeat.notification.v1',
    deliveryId: n.deliveryId,
    event: n.kind,
    sentAt: n.at,
    repository: n.repository,
    target: { name: jsonText(n.target, 500), model: jsonText(n.model, 500) },
    status: n.status,
    previousStatus: n.from,
    reasons: n.reasons.map((r) => jsonText(r, 2000)),
    errors: n.errors.map((e) => jsonText(e, 2000)),
    outage: {
      startedAt: n.startedAt,
      endedAt: n.endedAt,
      durationSeconds: n.durationMs === null ? null : Math.round(n.durationMs / 1000),
    },
    links: { run: n.runUrl, issue: n.issue?.url ?? null, statusPage: n.statusPageUrl },
    issue: n.issue,
    tool: { name: 'llm-heartbeat', version },
  };
}
