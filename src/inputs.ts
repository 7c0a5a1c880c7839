/**
 * Every input of the action: its default (applied when the value is empty, as the runner does) and
 * what it does. action.yml must say the same (a test checks it); the CLI's --help is built from it.
 */
interface InputSpec {
  default: string;
  description: string;
  /** A credential: masked in the log, never echoed in an error, never a command-line flag. */
  secret?: true;
  /** Meaningful only inside GitHub Actions (the issue tracker): not a command-line flag. */
  actionOnly?: true;
}

export const INPUTS = {
  'base-url': {
    default: 'https://api.openai.com/v1',
    description:
      'Base URL of the OpenAI-compatible API (OpenAI, OpenRouter, Groq, Together, vLLM, Ollama, LiteLLM, ...).',
  },
  provider: {
    default: 'openai',
    description:
      'API flavour: openai (any OpenAI-compatible server) or azure (Azure OpenAI: api-key header, api-version, deployment).',
  },
  'api-key': {
    default: '',
    secret: true,
    description:
      'API key for base-url. Masked in logs. Optional only for servers on a private or loopback address.',
  },
  model: {
    default: '',
    description: 'Model to probe (ignored when targets is set).',
  },
  name: {
    default: '',
    description: 'Display name of the single target; defaults to the model.',
  },
  'api-version': {
    default: '',
    description: 'Azure OpenAI API version such as 2024-10-21; required when provider is azure.',
  },
  deployment: {
    default: '',
    description: 'Azure OpenAI deployment name; defaults to the model.',
  },
  headers: {
    default: '',
    description:
      'Extra request headers as a YAML or JSON mapping (gateways, OpenRouter attribution). Values of secret headers (see secret-headers) are masked and redacted.',
  },
  'secret-headers': {
    default: '',
    description:
      'Comma-separated header names whose values are secrets, besides those named with the word authorization, auth, cookie, key, apikey, token, secret, password, credential, session or signature; a name with a leading ! is not secret.',
  },
  targets: {
    default: '',
    description:
      'YAML list of targets. Each item has name and model, and may override base-url, api-key-env (the name of an environment variable holding its key), kind, embedding-dimensions, prompt, expect, max-tokens, reasoning-effort, price-per-mtok, provider, api-version, deployment, headers, min-success-rate, success-confidence, max-latency, max-ttft and latency-percentile.',
  },
  kind: {
    default: 'chat',
    description:
      'What each check asks of the model: chat (a reply), tools (a forced call of a tiny add function, its arguments validated), json (structured output against a tiny JSON schema), embeddings (a vector of embedding-dimensions, finite, not all zeros) or responses (the Responses API).',
  },
  'embedding-dimensions': {
    default: '',
    description:
      'kind embeddings: the dimension every vector must have; empty records the first one seen and reports a change.',
  },
  'check-model-listed': {
    default: 'false',
    description:
      'true: one GET /models per target per run; a model the provider no longer lists (retirement ahead) is a notice in the summary and the issue.',
  },
  prompt: {
    default: 'ping {{nonce}}',
    description:
      'User message sent in every check. {{nonce}} becomes a fresh random string per check, so no cache can answer for the model.',
  },
  expect: {
    default: '',
    description: 'Regular expression the reply must match; empty accepts any non-empty reply.',
  },
  'max-tokens': {
    default: '16',
    description: 'Output token budget per check. Reasoning models need room to think before they answer.',
  },
  'reasoning-effort': {
    default: '',
    description:
      'Sent as reasoning_effort (none, minimal, low, medium, high or xhigh) so a reasoning model can be probed cheaply; empty sends none.',
  },
  'price-per-mtok': {
    default: '',
    description:
      'INPUT/OUTPUT price per million tokens in your currency, such as 0.15/0.60, to show what the probing costs (reasoning tokens bill as output). Empty shows tokens only.',
  },
  'max-tokens-per-day': {
    default: '',
    description:
      'Token cap per UTC day: once the day has used it (as history records), the run skips the burst with a notice. Applies only with history; empty = no cap.',
  },
  checks: {
    default: '10',
    description: 'Checks per target in the burst (1-1000).',
  },
  interval: {
    default: '1',
    description:
      'Seconds between the starts of consecutive checks of a target (decimals allowed, 0 or more).',
  },
  concurrency: {
    default: '1',
    description: 'Checks in flight at once per target (1-100).',
  },
  timeout: {
    default: '30',
    description: 'Seconds one whole check may take, headers and stream included (decimals allowed, above 0).',
  },
  'idle-timeout': {
    default: '10',
    description:
      'Seconds a stream may stay silent between two chunks once it has started (decimals allowed, above 0); capped by timeout.',
  },
  stream: {
    default: 'true',
    description:
      'Stream replies (true) to measure time to first token and output speed; false sends plain JSON requests.',
  },
  'min-success-rate': {
    default: '95',
    description: 'Percent of checks (0-100) that must succeed; below it the target is down.',
  },
  'success-confidence': {
    default: '95',
    description:
      'Percent (50-99.9): a target is down only when its success rate is below min-success-rate with this confidence (Wilson score interval), so one failure in a small burst is not taken for an outage. off judges the raw rate.',
  },
  'max-latency': {
    default: '',
    description:
      'Milliseconds; a target whose latency at latency-percentile is above it is degraded. Empty = no limit.',
  },
  'max-ttft': {
    default: '',
    description:
      'Milliseconds; a target whose time to first token at latency-percentile is above it is degraded. Empty = no limit.',
  },
  'latency-percentile': {
    default: '95',
    description: 'Percentile (1-100) at which max-latency and max-ttft are judged.',
  },
  'rate-limit-policy': {
    default: 'exclude',
    description:
      'exclude: rate-limited checks are left out of the success rate; failure: they count as failures.',
  },
  'fail-on': {
    default: 'degraded',
    description: 'Fail the step when the overall status reaches this: degraded, down or never.',
  },
  'report-file': {
    default: 'llm-heartbeat-report.json',
    description: 'Where to write the JSON report, relative to the workspace.',
  },
  location: {
    default: '',
    description:
      "Where this probe runs, recorded in the report and used by aggregate mode; defaults to the runner's name and OS.",
  },
  mode: {
    default: 'probe',
    description:
      'probe sends the burst; aggregate merges the JSON reports of several probe jobs (reports) into one verdict.',
  },
  reports: {
    default: '',
    description:
      'Aggregate mode: glob of JSON reports to merge, relative to the workspace, such as reports/**/*.json.',
  },
  'min-failing-locations': {
    default: '',
    description:
      'Aggregate mode: how many locations must see a target down (or degraded) for it to be so overall; empty means a majority.',
  },
  'pushgateway-url': {
    default: '',
    description:
      'Prometheus Pushgateway to push one metrics group per target to after the burst, such as https://pushgateway.example.com:9091. Empty pushes nothing.',
  },
  'pushgateway-job': {
    default: 'llm-heartbeat',
    description: 'Job label of the pushed metrics.',
  },
  'pushgateway-username': {
    default: '',
    description: 'Basic-auth user for the Pushgateway.',
  },
  'pushgateway-password': {
    default: '',
    secret: true,
    description: 'Basic-auth password for the Pushgateway. Masked.',
  },
  'pushgateway-token': {
    default: '',
    secret: true,
    description: 'Bearer token for the Pushgateway (instead of basic auth). Masked.',
  },
  'tracking-issue': {
    default: 'true',
    actionOnly: true,
    description: 'Keep one GitHub issue open per target while it is down (needs permissions issues write).',
  },
  'issue-on': {
    default: 'down',
    actionOnly: true,
    description: 'Status that opens a tracking issue: down or degraded.',
  },
  'issue-labels': {
    default: 'llm-outage',
    actionOnly: true,
    description:
      'Comma-separated labels of tracking issues; created if missing. The first one is used to find them again.',
  },
  'issue-assignees': {
    default: '',
    actionOnly: true,
    description: 'Comma-separated GitHub logins assigned to new tracking issues.',
  },
  'open-after': {
    default: '2',
    actionOnly: true,
    description:
      'Breached runs in a row before a tracking issue is opened or reopened (1-100). Above 1, the runs counted so far are kept in one closed issue labelled llm-heartbeat-state.',
  },
  'close-after': {
    default: '2',
    actionOnly: true,
    description: 'Healthy runs in a row before an open tracking issue is closed (1-100).',
  },
  'reopen-window': {
    default: '24',
    actionOnly: true,
    description:
      'Hours after closing during which a new outage of the same target reopens its issue instead of opening a new one (0-720).',
  },
  history: {
    default: 'false',
    actionOnly: true,
    description:
      'Keep every run in a data branch of this repository (uptime, status page, badges, regressions); needs permissions contents write.',
  },
  'history-branch': {
    default: 'llm-heartbeat-data',
    actionOnly: true,
    description:
      'The data branch history writes to (an orphan branch, made on the first run; never the default branch).',
  },
  slo: {
    default: '',
    description:
      'Uptime objective in percent, such as 99.5 - the error budget is (100 - slo)% of 30 days, shown in the summary and the slo-budget-left output. Empty = none.',
  },
  'max-latency-regression': {
    default: '',
    description:
      "Percent above the target's own 7-day median latency (at latency-percentile, 5 earlier runs at least) that makes it degraded. Needs history. Empty = off.",
  },
  'max-ttft-regression': {
    default: '',
    description:
      "Percent above the target's own 7-day median TTFT (at latency-percentile, 5 earlier runs at least) that makes it degraded. Needs history. Empty = off.",
  },
  'slack-webhook-url': {
    default: '',
    secret: true,
    actionOnly: true,
    description:
      'Slack incoming webhook URL: a Block Kit message on each change of a tracked outage. Masked.',
  },
  'discord-webhook-url': {
    default: '',
    secret: true,
    actionOnly: true,
    description: 'Discord webhook URL: an embed on each change of a tracked outage. Masked.',
  },
  'teams-webhook-url': {
    default: '',
    secret: true,
    actionOnly: true,
    description:
      'Microsoft Teams Workflows (Power Automate) webhook URL: an Adaptive Card on each change of a tracked outage. Masked.',
  },
  'webhook-url': {
    default: '',
    secret: true,
    actionOnly: true,
    description:
      'Any http(s) URL: a signed JSON document (docs/webhook-payload.schema.json) on each change of a tracked outage. Masked.',
  },
  'webhook-secret': {
    default: '',
    secret: true,
    actionOnly: true,
    description:
      'Key of the HMAC-SHA256 signature of webhook-url deliveries (X-Llm-Heartbeat-Signature-256 over the timestamp and the raw body). Masked.',
  },
  'notify-on': {
    default: 'opened, reopened, escalated, recovered',
    actionOnly: true,
    description:
      'Comma-separated changes that notify: opened, reopened, escalated (degraded to down) and recovered.',
  },
  'notify-reminder': {
    default: '',
    actionOnly: true,
    description:
      'Hours between "still down" reminders while an outage is open (decimals allowed); empty sends none.',
  },
  maintenance: {
    default: '',
    actionOnly: true,
    description:
      'YAML list of maintenance windows: start and end (ISO 8601 with a time zone), or cron (five fields, UTC) with duration (30m, 2h, PT30M); optional targets. Open issues labelled maintenance count too.',
  },
  'github-token': {
    default: '',
    secret: true,
    description: 'Token for the issues API and the history branch.',
  },
} as const satisfies Record<string, InputSpec>;

export type InputName = keyof typeof INPUTS;
export type RawInputs = Record<InputName, string>;
export const INPUT_NAMES = Object.keys(INPUTS) as InputName[];
