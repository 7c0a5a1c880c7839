/**
 * Each channel's documented message format, checked at run time on what the stand-ins received:
 * Slack Block Kit (block and text-object limits from Slack's reference; the types come from
 * @slack/types), Discord's embed limits, Adaptive Card 1.5's required fields inside the Workflows
 * message envelope, and the generic webhook's JSON schema (docs/webhook-payload.schema.json, with ajv).
 */
import { readFileSync } from 'node:fs';
import type { KnownBlock } from '@slack/types';
import { Ajv2020 } from 'ajv/dist/2020.js';

type Json = Record<string, unknown>;
const isText = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;

function textObject(o: unknown, where: string, max: number, problems: string[], plainOnly = false): void {
  const t = o as Json;
  if (!t || (t.type !== 'plain_text' && t.type !== 'mrkdwn')) problems.push(`${where}: not a text object`);
  else if (plainOnly && t.type !== 'plain_text') problems.push(`${where}: must be plain_text`);
  if (!isText(t?.text, max)) problems.push(`${where}: text missing or over ${max} characters`);
}

/** Slack Block Kit: the blocks this action may send, with Slack's documented limits. */
export function slackProblems(payload: { text?: unknown; blocks?: KnownBlock[] }): string[] {
  const problems: string[] = [];
  if (!isText(payload.text, 40_000)) problems.push('text (the notification fallback) missing');
  const blocks = payload.blocks ?? [];
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 50) problems.push('blocks: 1 to 50');
  blocks.forEach((b, i) => {
    const where = `blocks[${i}] (${b.type})`;
    if (b.type === 'header') textObject(b.text, where, 150, problems, true);
    else if (b.type === 'section') {
      if (!b.text && !b.fields) problems.push(`${where}: text or fields required`);
      if (b.text) textObject(b.text, `${where}.text`, 3000, problems);
      if (b.fields && (b.fields.length > 10 || b.fields.length === 0))
        problems.push(`${where}: 1 to 10 fields`);
      for (const [j, f] of (b.fields ?? []).entries()) textObject(f, `${where}.fields[${j}]`, 2000, problems);
    } else if (b.type === 'context') {
      if (b.elements.length === 0 || b.elements.length > 10) problems.push(`${where}: 1 to 10 elements`);
      for (const [j, e] of b.elements.entries()) textObject(e, `${where}.elements[${j}]`, 3000, problems);
    } else problems.push(`${where}: a block type this action does not send`);
  });
  return problems;
}

/** Discord embeds: the limits of Discord's developer documentation ("Embed Limits"). */
export function discordProblems(payload: Json): string[] {
  const problems: string[] = [];
  const embeds = payload.embeds as Json[] | undefined;
  if (!Array.isArray(embeds) || embeds.length === 0 || embeds.length > 10) return ['embeds: 1 to 10'];
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const title = (e.title as string) ?? '';
    const description = (e.description as string) ?? '';
    const fields = (e.fields as { name: string; value: string }[]) ?? [];
    const footer = ((e.footer as Json | undefined)?.text as string) ?? '';
    if (title.length > 256) problems.push(`embeds[${i}].title over 256`);
    if (description.length > 4096) problems.push(`embeds[${i}].description over 4096`);
    if (fields.length > 25) problems.push(`embeds[${i}]: over 25 fields`);
    for (const f of fields) {
      if (!isText(f.name, 256)) problems.push(`embeds[${i}] field name empty or over 256`);
      if (!isText(f.value, 1024)) problems.push(`embeds[${i}] field value empty or over 1024`);
    }
    if (footer.length > 2048) problems.push(`embeds[${i}].footer over 2048`);
    if (
      e.color !== undefined &&
      (!Number.isInteger(e.color) || (e.color as number) < 0 || (e.color as number) > 0xffffff)
    )
      problems.push(`embeds[${i}].color not a 24-bit integer`);
    if (e.timestamp !== undefined && Number.isNaN(Date.parse(e.timestamp as string)))
      problems.push('timestamp not ISO 8601');
    total +=
      title.length +
      description.length +
      footer.length +
      fields.reduce((s, f) => s + f.name.length + f.value.length, 0);
  }
  if (total > 6000) problems.push(`embeds: ${total} characters in all, over 6000`);
  const mentions = payload.allowed_mentions as Json | undefined;
  if (!mentions || !Array.isArray(mentions.parse) || mentions.parse.length > 0)
    problems.push('allowed_mentions.parse must be []');
  return problems;
}

const CARD_ELEMENTS = new Set(['TextBlock', 'FactSet', 'ColumnSet', 'Container', 'Image', 'RichTextBlock']);

/** A Teams Workflows message: the envelope, then Adaptive Card 1.5's required fields. */
export function teamsProblems(payload: Json): string[] {
  const problems: string[] = [];
  if (payload.type !== 'message') problems.push('type must be "message"');
  const attachments = payload.attachments as Json[] | undefined;
  if (!Array.isArray(attachments) || attachments.length !== 1)
    return [...problems, 'one attachment expected'];
  const a = attachments[0]!;
  if (a.contentType !== 'application/vnd.microsoft.card.adaptive') problems.push('contentType');
  const card = a.content as Json;
  if (card?.type !== 'AdaptiveCard') problems.push('content.type must be AdaptiveCard');
  if (card?.version !== '1.5') problems.push('content.version must be "1.5"');
  const body = card?.body as Json[] | undefined;
  if (!Array.isArray(body) || body.length === 0) problems.push('content.body: a non-empty array');
  for (const [i, el] of (body ?? []).entries()) {
    if (!CARD_ELEMENTS.has(el.type as string))
      problems.push(`body[${i}]: unknown element ${String(el.type)}`);
    if (el.type === 'TextBlock' && typeof el.text !== 'string')
      problems.push(`body[${i}]: TextBlock needs text`);
    if (el.type === 'FactSet') {
      const facts = el.facts as Json[];
      if (
        !Array.isArray(facts) ||
        facts.some((f) => typeof f.title !== 'string' || typeof f.value !== 'string')
      )
        problems.push(`body[${i}]: FactSet needs facts with title and value`);
    }
  }
  for (const [i, action] of ((card?.actions as Json[]) ?? []).entries()) {
    if (
      action.type !== 'Action.OpenUrl' ||
      typeof action.url !== 'string' ||
      typeof action.title !== 'string'
    )
      problems.push(`actions[${i}]: Action.OpenUrl needs url and title`);
  }
  return problems;
}

const schema = JSON.parse(
  readFileSync(new URL('../../docs/webhook-payload.schema.json', import.meta.url), 'utf8'),
);
const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
const validate = ajv.compile(schema);

export function webhookProblems(payload: unknown): string[] {
  if (validate(payload)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
}
