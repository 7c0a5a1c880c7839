import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Target } from '../config/types.js';
import { type CheckSettings, createClient, runCheck } from './check.js';
import type { CheckResult } from './result.js';

/** The warm-up's own deadline: a check against this process's own server takes milliseconds. */
const WARM_UP_TIMEOUT_MS = 5000;

const cannedChunk = (fields: object) =>
  `data: ${JSON.stringify({ id: 'warm-up', object: 'chat.completion.chunk', created: 0, model: 'warm-up', ...fields })}\n\n`;

/** A well-formed chat reply, streamed and not. */
const CANNED_REPLY = {
  stream: [
    cannedChunk({
      choices: [{ index: 0, delta: { role: 'assistant', content: 'ok' }, finish_reason: null }],
    }),
    cannedChunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    cannedChunk({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }),
    'data: [DONE]\n\n',
  ].join(''),
  json: JSON.stringify({
    id: 'warm-up',
    object: 'chat.completion',
    created: 0,
    model: 'warm-up',
    choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  }),
};

/**
 * One throwaway check against a server in this process on 127.0.0.1, before the bursts. A process's
 * first request runs every part of the path cold (Node's fetch and undici, the socket, the response
 * parser, the SDK's stream code): 20–40 ms on a small machine, which would land on the first check of
 * the burst, late to its slot and with its figures off, and push the second check late too. The
 * warm-up takes that cost before the burst's clock starts. It sends nothing to any target: a burst of N
 * checks sends exactly N requests, and the target's key and headers stay out of it. It is only an
 * optimisation: where no loopback server can listen (a sandbox without 127.0.0.1), it is skipped
 * (null), and it never takes longer than WARM_UP_TIMEOUT_MS.
 */
export async function warmUp(target: Target, settings: CheckSettings): Promise<CheckResult | null> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, {
        'content-type': settings.stream ? 'text/event-stream' : 'application/json',
      });
      response.end(settings.stream ? CANNED_REPLY.stream : CANNED_REPLY.json);
    });
  });
  try {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  } catch {
    return null;
  }
  try {
    const { port } = server.address() as AddressInfo;
    const local: Target = {
      ...target,
      provider: 'openai',
      baseUrl: `http://127.0.0.1:${port}/v1`,
      headers: {},
      secretHeaderNames: [],
      apiKey: '',
      kind: 'chat',
    };
    const bounded = { ...settings, timeoutMs: Math.min(settings.timeoutMs, WARM_UP_TIMEOUT_MS) };
    return await runCheck(createClient(local), local, bounded, 0);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
