import type { Config, Target } from '../config/types.js';
import { runBursts } from './burst.js';
import { type CheckSettings, createClient, runCheck } from './check.js';
import type { CheckResult } from './result.js';

/**
 * Every target's burst, side by side, with one client per target (kept-alive connections);
 * `onResult` hears each check as it lands (the action prints a JSON line, the CLI a progress line).
 */
export async function probeTargets(
  config: Config,
  onResult: (target: Target, result: CheckResult) => void,
  fetchImpl?: typeof fetch,
): Promise<CheckResult[][]> {
  const clients = new Map(config.targets.map((t) => [t, createClient(t, fetchImpl)]));
  const settings = {
    stream: config.stream,
    timeoutMs: config.timeoutMs,
    idleTimeoutMs: config.idleTimeoutMs,
  };
  if (config.targets[0]) await warmUp(config.targets[0], settings);
  return runBursts(
    config.targets,
    { checks: config.checks, intervalMs: config.intervalMs, concurrency: config.concurrency },
    (target, index, delay) => runCheck(clients.get(target)!, target, settings, index, delay),
    onResult,
  );
}

const cannedChunk = (fields: object) =>
  `data: ${JSON.stringify({ id: 'warm-up', object: 'chat.completion.chunk', created: 0, model: 'warm-up', ...fields })}\n\n`;

/** A well-formed reply of each kind as data: URLs, so Node's own fetch serves them without a socket. */
const CANNED_REPLY = {
  stream: `data:text/event-stream,${encodeURIComponent(
    [
      cannedChunk({
        choices: [{ index: 0, delta: { role: 'assistant', content: 'ok' }, finish_reason: null }],
      }),
      cannedChunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
      cannedChunk({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }),
      'data: [DONE]\n\n',
    ].join(''),
  )}`,
  json: `data:application/json,${encodeURIComponent(
    JSON.stringify({
      id: 'warm-up',
      object: 'chat.completion',
      created: 0,
      model: 'warm-up',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    }),
  )}`,
};

/**
 * One throwaway check against a canned reply, so the burst's first check does not pay for compiling
 * the SDK's request and stream code and Node's fetch (several ms on its TTFT and latency). The SDK's
 * request goes through Node's fetch to a data: URL: nothing leaves the process, and a burst of N
 * checks still sends exactly N requests.
 */
export function warmUp(target: Target, settings: CheckSettings): Promise<CheckResult> {
  const cannedFetch = (_url: string | URL | Request, init?: RequestInit) =>
    fetch(settings.stream ? CANNED_REPLY.stream : CANNED_REPLY.json, init);
  return runCheck(createClient(target, cannedFetch), target, settings, 0);
}
