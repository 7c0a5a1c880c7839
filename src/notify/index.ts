/**
 * Notifications: the tracker's transitions (the changes it made to each outage) that `notify-on` and
 * `notify-reminder` ask for, sent to every configured channel at once. A channel's fault is a warning:
 * it never changes the verdict, and never holds up the other channels.
 */
import type { NotifyConfig } from '../config/types.js';
import type { Report } from '../report/model.js';
import { type ChannelName, discordMessage, slackMessage, teamsMessage, webhookPayload } from './channels.js';
import { type Notice, noticeOf } from './message.js';
import { type Delivery, deliver, SEND_DEFAULTS, type SendOptions } from './send.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signature, TIMESTAMP_HEADER } from './signature.js';
import type { Transition } from './transitions.js';

export interface NotifyRun {
  notify: NotifyConfig;
  report: Report;
  transitions: readonly Transition[];
  version: string;
  /** Every secret of the run, redacted from fault texts. */
  secrets: readonly string[];
  statusPageUrl?: string | null;
  send?: Partial<Omit<SendOptions, 'secrets'>>;
}

export interface NotifyResult {
  /** One line per message sent: channel, event, target. */
  sent: string[];
  warnings: string[];
}

export function channelsOf(notify: NotifyConfig): ChannelName[] {
  return (['slack', 'discord', 'teams', 'webhook'] as const).filter((c) => notify[c] !== null);
}

/** The transitions that notify: those notify-on names, and reminders when notify-reminder is set. */
export function wanted(notify: NotifyConfig, transitions: readonly Transition[]): Transition[] {
  return transitions.filter((t) =>
    t.kind === 'reminder' ? notify.reminderHours !== null : notify.on.includes(t.kind),
  );
}

function deliveryFor(channel: ChannelName, url: string, n: Notice, run: NotifyRun): Delivery {
  if (channel === 'webhook') {
    const body = JSON.stringify(webhookPayload(n, run.version));
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      'Idempotency-Key': n.deliveryId,
      [DELIVERY_HEADER]: n.deliveryId,
      [EVENT_HEADER]: n.kind,
      [TIMESTAMP_HEADER]: String(timestamp),
    };
    if (run.notify.webhookSecret)
      headers[SIGNATURE_HEADER] = signature(run.notify.webhookSecret, timestamp, body);
    return { channel, url, body, headers, idempotent: true };
  }
  const message =
    channel === 'slack' ? slackMessage(n) : channel === 'discord' ? discordMessage(n) : teamsMessage(n);
  return { channel, url, body: JSON.stringify(message), headers: {}, idempotent: false };
}

const CHANNEL_TITLE: Record<ChannelName, string> = {
  slack: 'Slack',
  discord: 'Discord',
  teams: 'Teams',
  webhook: 'Webhook',
};

export async function sendNotifications(run: NotifyRun): Promise<NotifyResult> {
  const channels = channelsOf(run.notify);
  const transitions = wanted(run.notify, run.transitions);
  if (channels.length === 0 || transitions.length === 0) return { sent: [], warnings: [] };
  const runKey = `${run.report.run.runId ?? 'local'}-${run.report.run.runAttempt ?? 1}`;
  const notices = transitions.map((t) => noticeOf(t, run.report, runKey, run.statusPageUrl ?? null));
  const options: SendOptions = { ...SEND_DEFAULTS, ...run.send, secrets: run.secrets };
  const sent: string[] = [];
  const warnings: string[] = [];
  // Channels in parallel; within one channel, messages in order (opened before a later reminder).
  await Promise.all(
    channels.map(async (channel) => {
      for (const n of notices) {
        const result = await deliver(deliveryFor(channel, run.notify[channel]!, n, run), options);
        const what = `${CHANNEL_TITLE[channel]} notification (${n.kind}) of "${n.target}"`;
        if (result.ok) sent.push(`${what} sent`);
        else
          warnings.push(
            `${what} not sent after ${result.tries} tr${result.tries === 1 ? 'y' : 'ies'}: ${result.error}`,
          );
      }
    }),
  );
  return { sent, warnings };
}
