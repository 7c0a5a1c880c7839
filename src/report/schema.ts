import { z } from 'zod';
import { KINDS } from '../config/types.js';
import { NETWORK_KINDS } from '../probe/classify.js';
import { GATEWAYS } from '../probe/gateway.js';
import { CATEGORIES } from '../probe/result.js';
import { FAIL_ON, STATUSES } from '../status.js';
import type { Report } from './model.js';
import { SCHEMA_VERSION } from './model.js';

/**
 * The report as a schema, for reading one back (aggregate mode): a file is untrusted, so every field
 * is checked for its type and bounded in length before anything renders it. Typed against the
 * report model, so the two cannot drift apart.
 */

/** Text fields: names and ids are short; error texts and replies were bounded when written. */
const text = (max: number) => z.string().max(max);
const nullableText = (max: number) => text(max).nullable();
/** A time as the report writes it (ISO 8601); aggregation does arithmetic on it. */
const time = z
  .string()
  .max(40)
  .refine((t) => !Number.isNaN(Date.parse(t)), 'expected an ISO 8601 time');
const count = z.number().int().min(0).max(1_000_000_000);
const figure = z.number().finite();
const nullableFigure = figure.nullable();

const thresholds = z.object({
  minSuccessRate: figure.min(0).max(100),
  maxLatencyMs: nullableFigure,
  maxTtftMs: nullableFigure,
  latencyPercentile: figure.min(1).max(100),
  confidence: nullableFigure,
});

const distribution = z.object({
  n: count,
  p50: nullableFigure,
  p95: nullableFigure,
  p99: nullableFigure,
  atThreshold: nullableFigure,
  thresholdPercentile: figure,
});

const byCategory = z.object(
  Object.fromEntries(CATEGORIES.map((c) => [c, count])) as Record<(typeof CATEGORIES)[number], typeof count>,
);

/** Reports written before gateways were read have no gateway fields: they read as null. */
const gatewayCounts = z.object({
  names: z.array(z.enum(GATEWAYS)).max(GATEWAYS.length),
  seen: count,
  retriesReported: count,
  retried: count,
  retries: count,
  exhausted: count,
  fellBack: count,
  cached: count,
  rescued: count,
});

const gatewaySeen = z.object({
  name: z.enum(GATEWAYS),
  retries: count.nullable(),
  retriesExhausted: z.boolean(),
  fellBack: z.boolean().nullable(),
  cacheHit: z.boolean().nullable(),
});

/** Per-phase timings (src/probe/phases.ts); reports written before phases were recorded have none. */
const checkPhases = z.object({
  connection: z.enum(['new', 'reused']),
  queueMs: figure,
  dnsMs: figure.optional(),
  connectMs: figure.optional(),
  tlsMs: figure.optional(),
  sendMs: figure,
  waitMs: nullableFigure,
  firstTokenMs: figure.optional(),
  transferMs: figure.optional(),
});

const phaseFigure = z.object({ n: count, p50: nullableFigure, atThreshold: nullableFigure });

const phaseStats = z.object({
  newConnections: count,
  reusedConnections: count,
  network: phaseFigure,
  dns: phaseFigure,
  connect: phaseFigure,
  tls: phaseFigure,
  queue: phaseFigure,
  toHeaders: phaseFigure,
  firstToken: phaseFigure,
  transfer: phaseFigure,
});

const networkDetail = z.object({
  kind: z.enum(NETWORK_KINDS),
  certificateExpiry: text(100).optional(),
});

const stats = z.object({
  checks: count,
  judged: count,
  successes: count,
  successRate: nullableFigure,
  rateLimited: count,
  byCategory,
  latency: distribution,
  ttft: distribution,
  tokensPerSecond: nullableFigure,
  tokensPerSecondN: count,
  identities: z
    .array(z.object({ model: nullableText(500), systemFingerprint: nullableText(500), checks: count }))
    .max(10_000),
  gateway: gatewayCounts.nullable().default(null),
  phases: phaseStats.nullable().optional(),
});

const verdict = z.object({
  status: z.enum(STATUSES),
  breaches: z
    .array(
      z.object({
        kind: z.enum([
          'success-rate',
          'latency',
          'ttft',
          'all-rate-limited',
          'all-cached',
          'gateway-retries',
          'locations',
          'latency-regression',
          'ttft-regression',
        ]),
        figure: nullableFigure,
        limit: nullableFigure,
        text: text(2000),
      }),
    )
    .max(100),
  notes: z.array(text(2000)).max(100),
});

const check = z.object({
  index: count,
  category: z.enum(CATEGORIES),
  startedAt: time,
  startDelayMs: figure,
  latencyMs: figure,
  ttftMs: nullableFigure,
  phases: checkPhases.nullable().optional(),
  outputTokens: nullableFigure,
  promptTokens: nullableFigure.optional(),
  reasoningTokens: nullableFigure.optional(),
  tokensFromServer: z.boolean(),
  tokensPerSecond: nullableFigure,
  speedNote: nullableText(2000).optional(),
  notes: z.array(text(2000)).max(100).optional(),
  httpStatus: z.number().int().min(100).max(999).nullable(),
  errorCode: nullableText(500),
  finishReason: nullableText(500),
  model: nullableText(500),
  systemFingerprint: nullableText(500),
  requestId: nullableText(500),
  gateway: gatewaySeen.nullable().default(null),
  retryAfter: nullableText(500),
  network: networkDetail.nullable().optional(),
  error: nullableText(2000),
  reply: nullableText(2000),
  kind: z.enum(KINDS).optional(),
  dimensions: count.nullable().optional(),
});

const issue = z.object({
  action: z.enum(['opened', 'updated', 'closed', 'reopened', 'none']),
  number: count.nullable(),
  url: nullableText(500),
});

const locationView = z.object({
  location: text(500),
  status: z.enum(STATUSES),
  successRate: nullableFigure,
  latencyP95: nullableFigure,
  checks: count,
  breaches: z.array(text(2000)).max(100),
});

const tokens = z.object({ prompt: count, completion: count, reasoning: count, checksReported: count });

const maintenance = z.object({
  source: z.enum(['input', 'issue']),
  start: text(40),
  end: text(40),
  issueNumber: count.nullable(),
  issueUrl: nullableText(2000),
});

const target = z.object({
  name: text(500),
  model: text(500),
  baseUrl: text(2000),
  apiKeySource: text(500),
  prompt: text(10_000),
  expect: nullableText(10_000),
  maxTokens: count,
  kind: z.enum(KINDS).optional(),
  modelListing: z
    .object({
      listed: z.boolean().nullable(),
      shutdownDate: nullableText(10),
      error: nullableText(2000),
    })
    .optional(),
  thresholds,
  status: z.enum(STATUSES),
  verdict,
  stats,
  checks: z.array(check).max(1000),
  issue: issue.nullable(),
  locations: z.array(locationView).max(1000).optional(),
  maintenance: maintenance.nullable().optional(),
  tokens: tokens.optional(),
  cost: nullableFigure.optional(),
});

export const ReportSchema: z.ZodType<Report> = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('llm-heartbeat'), version: text(100) }),
  startedAt: time,
  finishedAt: time,
  durationMs: figure,
  location: nullableText(500),
  run: z.object({
    repository: nullableText(500),
    workflow: nullableText(500),
    runId: nullableText(100),
    runAttempt: nullableText(100),
    url: nullableText(2000),
    sha: nullableText(100),
    ref: nullableText(500),
  }),
  loopDelay: z
    .object({ p50Ms: figure.min(0), p99Ms: figure.min(0), maxMs: figure.min(0), samples: count })
    .nullable()
    .optional(),
  settings: z.object({
    checks: count,
    intervalMs: figure,
    concurrency: count,
    timeoutMs: figure,
    idleTimeoutMs: figure,
    stream: z.boolean(),
    rateLimitPolicy: z.enum(['exclude', 'failure']),
    failOn: z.enum(FAIL_ON),
  }),
  status: z.enum(STATUSES),
  breached: z.boolean(),
  failed: z.boolean(),
  targets: z.array(target).max(1000),
  trackerWarnings: z.array(text(2000)).max(1000),
  tokens: tokens.optional(),
  cost: nullableFigure.optional(),
  notifications: z.array(text(2000)).max(1000).optional(),
});

/** Where a report breaks the schema, for an error a person can act on: the field, and what it holds. */
export function schemaProblem(error: z.ZodError, content: unknown): string {
  const first = error.issues[0];
  if (!first) return 'it does not match the report schema';
  const where = first.path.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    '',
  );
  let value: unknown = content;
  for (const key of first.path)
    value = (value as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
  const shown = value === undefined ? 'missing' : `${JSON.stringify(value)?.slice(0, 60) ?? String(value)}`;
  return `field ${where || '(the whole file)'} is ${shown}: ${first.message}`;
}
