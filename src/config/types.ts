import type { Price } from '../cost/tokens.js';
import type { ConfiguredWindow } from '../maintenance/windows.js';
import type { FailOn, Status } from '../status.js';

export interface Thresholds {
  /** Percent, 0–100. */
  minSuccessRate: number;
  maxLatencyMs: number | null;
  maxTtftMs: number | null;
  /** Percentile, 1–100, at which latency and TTFT are judged. */
  latencyPercentile: number;
  /** Percent: judge the success rate by its Wilson interval at this confidence; null judges the raw rate. */
  confidence: number | null;
}

export type Provider = 'openai' | 'azure';

/** What a check asks of the model: a chat reply, a tool call, structured output, an embedding, a Responses reply. */
export const KINDS = ['chat', 'tools', 'json', 'embeddings', 'responses'] as const;
export type Kind = (typeof KINDS)[number];

export interface Target {
  name: string;
  model: string;
  provider: Provider;
  baseUrl: string;
  /** Azure only: the API version sent as ?api-version=, and the deployment in the path. */
  apiVersion: string | null;
  deployment: string | null;
  /** Extra request headers; values may be secrets (never written to a report). */
  headers: Record<string, string>;
  /** The names in `headers` whose values are secrets (secrets.ts decides, secret-headers adjusts). */
  secretHeaderNames: string[];
  /** The secret itself; never written to a report. Empty when the server needs none. */
  apiKey: string;
  /** Where the key came from, safe to show: `api-key`, `env:NAME` or `none`. */
  apiKeySource: string;
  prompt: string;
  /** Source of the regex the reply must match; null accepts any non-empty reply. */
  expect: string | null;
  maxTokens: number;
  /** Sent as reasoning_effort; null sends nothing. */
  reasoningEffort?: ReasoningEffort | null;
  /** Per million tokens, for the cost line; null shows tokens only. */
  price?: Price | null;
  /** What each check asks of the model; chat when unset. */
  kind?: Kind;
  /** Embeddings only: the dimension the vector must have; null records the first one seen and reports a change. */
  embeddingDimensions?: number | null;
  thresholds: Thresholds;
}

export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/** The changes of a tracked outage that notify. */
export const NOTIFY_EVENTS = ['opened', 'reopened', 'escalated', 'recovered'] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export interface NotifyConfig {
  slack: string | null;
  discord: string | null;
  teams: string | null;
  webhook: string | null;
  /** Signs webhook deliveries; empty: unsigned. */
  webhookSecret: string;
  on: NotifyEvent[];
  /** Hours between reminders while an outage is open; null: none. */
  reminderHours: number | null;
}

export interface TrackingConfig {
  enabled: boolean;
  issueOn: Exclude<Status, 'up'>;
  labels: string[];
  assignees: string[];
  /** Breached runs in a row before an issue opens (or reopens). */
  openAfter: number;
  closeAfter: number;
  reopenWindowHours: number;
  token: string;
}

export interface PushgatewayConfig {
  url: string;
  job: string;
  auth: { username: string; password: string } | { bearer: string } | undefined;
}

export interface HistoryConfig {
  enabled: boolean;
  branch: string;
  /** Percent; null = no objective. */
  slo: number | null;
  /** Percent above the target's own 7-day median; null = off. */
  maxLatencyRegression: number | null;
  maxTtftRegression: number | null;
}

export interface Config {
  mode: 'probe' | 'aggregate';
  /** Null when no pushgateway-url is set. */
  pushgateway: PushgatewayConfig | null;
  targets: Target[];
  /** Where this probe ran: recorded in the report, compared across reports in aggregate mode. */
  location: string | null;
  /** Aggregate mode: glob of reports, and how many locations must agree a target is unhealthy (null: a majority). */
  reportsGlob: string;
  minFailingLocations: number | null;
  checks: number;
  intervalMs: number;
  concurrency: number;
  timeoutMs: number;
  idleTimeoutMs: number;
  stream: boolean;
  /** One GET /models per target per run, to see a model leave the list before its requests fail. */
  checkModelListed: boolean;
  rateLimitPolicy: 'exclude' | 'failure';
  failOn: FailOn;
  reportFile: string;
  tracking: TrackingConfig;
  history: HistoryConfig;
  notify: NotifyConfig;
  /** The maintenance input's windows (issues labelled maintenance are read at run time). */
  maintenance: ConfiguredWindow[];
  /** Tokens per UTC day before the burst is skipped; null: no cap. */
  maxTokensPerDay: number | null;
}
