import { parse as parseYaml } from 'yaml';

import { INPUTS } from '../inputs.js';
import { secretHeaderNames } from '../secrets.js';
import {
  describeIssues,
  type Naming,
  type ParsedInputs,
  shown,
  TARGET_FIELDS,
  type TargetKey,
  TargetSchema,
} from './schema.js';
import type { Provider, Target, Thresholds } from './types.js';

/** Loopback and private hosts: local servers (Ollama, vLLM) usually need no key. */
export function isPrivateHost(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return (
    host === 'localhost' ||
    host === '::1' ||
    host.endsWith('.local') ||
    host === 'host.docker.internal' ||
    /^127\./.test(host) ||
    /^10\./.test(host) ||
    /^192\.168\./.test(host) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(host)
  );
}

interface TargetItem {
  fields: Partial<Record<TargetKey, unknown>>;
  label: string;
}

function parseTargetsYaml(text: string, naming: Naming): { items: TargetItem[]; errors: string[] } {
  const input = naming.input('targets');
  let doc: unknown;
  try {
    // The failsafe schema keeps every scalar as the text written: `model: 1.10` stays "1.10".
    doc = parseYaml(text, { schema: 'failsafe', logLevel: 'error' });
  } catch (err) {
    const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
    return {
      items: [],
      errors: [`${input} is not valid YAML (${reason}): expected a YAML list of targets.`],
    };
  }
  if (!Array.isArray(doc) || doc.length === 0) {
    return {
      items: [],
      errors: [`${input} is not a list: expected a YAML list such as "- name: main\\n  model: gpt-4o-mini".`],
    };
  }
  const items: TargetItem[] = [];
  const errors: string[] = [];
  doc.forEach((entry, index) => {
    const label = `${input} item ${index + 1}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      errors.push(`${label} is ${shown('', JSON.stringify(entry))}: expected a mapping with name and model.`);
      return;
    }
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(entry)) {
      if (!(key in TARGET_FIELDS)) {
        errors.push(
          `${label} has an unknown key ${JSON.stringify(key)}: expected one of ${Object.keys(TARGET_FIELDS).join(', ')}.`,
        );
        continue;
      }
      fields[key] = value;
    }
    const named = typeof fields.name === 'string' ? ` (${JSON.stringify(fields.name)})` : '';
    items.push({ fields, label: `${label}${named}` });
  });
  return { items, errors };
}

function thresholdsOf(inputs: ParsedInputs): Thresholds {
  return {
    minSuccessRate: inputs['min-success-rate'],
    maxLatencyMs: inputs['max-latency'],
    maxTtftMs: inputs['max-ttft'],
    latencyPercentile: inputs['latency-percentile'],
    confidence: inputs['success-confidence'],
  };
}

/** A server on a public address needs a key: `subject` says what is empty, `remedy` how to give one. */
function keyRequired(baseUrl: string, subject: string, remedy: string | null, errors: string[]): void {
  if (!isPrivateHost(baseUrl)) {
    errors.push(
      `${subject}: expected an API key${remedy === null ? '' : ` (${remedy})`} for ${baseUrl} (only servers on a private or loopback address may have none).`,
    );
  }
}

const OPENAI_BASE_URL = INPUTS['base-url'].default;

/** Azure needs its endpoint and an API version; the deployment defaults to the model name. */
function providerFields(
  fields: {
    provider: Provider;
    baseUrl: string;
    apiVersion: string | null;
    deployment: string | null;
    model: string;
  },
  where: (key: 'base-url' | 'api-version') => string,
  errors: string[],
): Pick<Target, 'provider' | 'apiVersion' | 'deployment'> {
  if (fields.provider === 'openai') return { provider: 'openai', apiVersion: null, deployment: null };
  if (fields.baseUrl === OPENAI_BASE_URL) {
    errors.push(
      `${where('base-url')} is ${JSON.stringify(fields.baseUrl)}: expected your Azure OpenAI endpoint such as https://my-resource.openai.azure.com (provider is azure).`,
    );
  }
  if (fields.apiVersion === null) {
    errors.push(
      `${where('api-version')} is empty: expected an Azure OpenAI API version such as 2024-10-21 (provider is azure).`,
    );
  }
  return { provider: 'azure', apiVersion: fields.apiVersion, deployment: fields.deployment ?? fields.model };
}

/** The target of the top-level inputs, when no `targets` list is given. */
export function singleTarget(inputs: ParsedInputs, naming: Naming, errors: string[]): Target[] {
  const model = inputs.model.trim();
  if (model === '') {
    errors.push(
      `${naming.input('model')} is empty: expected a model name such as gpt-4o-mini (or a "targets" list).`,
    );
    return [];
  }
  if (inputs['api-key'] === '') {
    keyRequired(inputs['base-url'], naming.missingKey.subject, naming.missingKey.remedy, errors);
  }
  const provider = providerFields(
    {
      provider: inputs.provider,
      baseUrl: inputs['base-url'],
      apiVersion: inputs['api-version'],
      deployment: inputs.deployment,
      model,
    },
    naming.input,
    errors,
  );
  return [
    {
      name: inputs.name.trim() || model,
      model,
      ...provider,
      headers: inputs.headers,
      secretHeaderNames: secretHeaderNames(inputs.headers, inputs['secret-headers']),
      baseUrl: inputs['base-url'],
      apiKey: inputs['api-key'],
      apiKeySource: inputs['api-key'] === '' ? 'none' : 'api-key',
      prompt: inputs.prompt,
      expect: inputs.expect,
      maxTokens: inputs['max-tokens'],
      reasoningEffort: inputs['reasoning-effort'],
      price: inputs['price-per-mtok'],
      kind: inputs.kind,
      embeddingDimensions: inputs['embedding-dimensions'],
      thresholds: thresholdsOf(inputs),
    },
  ];
}

/** The targets of the `targets` list: each key overrides the top-level input of its name. */
export function listedTargets(
  inputs: ParsedInputs,
  env: Record<string, string | undefined>,
  naming: Naming,
  errors: string[],
): Target[] {
  const { items, errors: yamlErrors } = parseTargetsYaml(inputs.targets, naming);
  errors.push(...yamlErrors);
  const defaults = thresholdsOf(inputs);
  const targets: Target[] = [];
  for (const item of items) {
    const result = TargetSchema.partial().safeParse(item.fields);
    const where = (key: string) => `${item.label} key "${key}"`;
    if (!result.success) {
      errors.push(...describeIssues(result.error, item.fields, where));
      continue;
    }
    const t = result.data;
    if (t.name === undefined) errors.push(`${where('name')} is missing: expected a display name.`);
    if (t.model === undefined) errors.push(`${where('model')} is missing: expected a model name.`);
    if (t.name === undefined || t.model === undefined) continue;

    const targetBaseUrl = t['base-url'] ?? inputs['base-url'];
    let apiKey = inputs['api-key'];
    let apiKeySource = apiKey === '' ? 'none' : 'api-key';
    if (t['api-key-env'] !== undefined) {
      apiKey = (env[t['api-key-env']] ?? '').trim();
      apiKeySource = `env:${t['api-key-env']}`;
      if (apiKey === '') {
        errors.push(
          `${where('api-key-env')} names ${JSON.stringify(t['api-key-env'])}, which is empty or not set: expected an environment variable holding the key (env: in the workflow step).`,
        );
        continue;
      }
    } else if (apiKey === '') {
      keyRequired(
        targetBaseUrl,
        `${where('api-key-env')} is not set and input "api-key" is empty`,
        null,
        errors,
      );
    }
    const provider = providerFields(
      {
        provider: t.provider ?? inputs.provider,
        baseUrl: targetBaseUrl,
        apiVersion: t['api-version'] === undefined ? inputs['api-version'] : t['api-version'],
        // A top-level deployment names one deployment: in a list, each target names its own.
        deployment: t.deployment ?? null,
        model: t.model,
      },
      where,
      errors,
    );
    targets.push({
      name: t.name,
      model: t.model,
      ...provider,
      headers: { ...inputs.headers, ...t.headers },
      secretHeaderNames: secretHeaderNames({ ...inputs.headers, ...t.headers }, inputs['secret-headers']),
      baseUrl: targetBaseUrl,
      apiKey,
      apiKeySource,
      prompt: t.prompt ?? inputs.prompt,
      expect: t.expect === undefined ? inputs.expect : t.expect,
      maxTokens: t['max-tokens'] ?? inputs['max-tokens'],
      reasoningEffort:
        t['reasoning-effort'] === undefined ? inputs['reasoning-effort'] : t['reasoning-effort'],
      price: t['price-per-mtok'] === undefined ? inputs['price-per-mtok'] : t['price-per-mtok'],
      kind: t.kind ?? inputs.kind,
      embeddingDimensions:
        t['embedding-dimensions'] === undefined ? inputs['embedding-dimensions'] : t['embedding-dimensions'],
      thresholds: {
        minSuccessRate: t['min-success-rate'] ?? defaults.minSuccessRate,
        maxLatencyMs: t['max-latency'] === undefined ? defaults.maxLatencyMs : t['max-latency'],
        maxTtftMs: t['max-ttft'] === undefined ? defaults.maxTtftMs : t['max-ttft'],
        latencyPercentile: t['latency-percentile'] ?? defaults.latencyPercentile,
        confidence: t['success-confidence'] === undefined ? defaults.confidence : t['success-confidence'],
      },
    });
  }
  return targets;
}
