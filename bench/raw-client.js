// The baseline client of the error and drift figures: what a bare `node:http` client in its own process
// measures for the same schedule and replies, so the action's figures sit beside this machine's limit.
// Usage: node bench/raw-client.js '{"url":…,"models":[…],"checks":10,"intervalMs":500}'
// Runs the models side by side (one keep-alive agent each), checks start-to-start and the models'
// starts spread over the first interval like the action's bursts, and prints one JSON line per check: {model, requestId, ttftMs, latencyMs, wireTtftMs, wireLatencyMs}.
// ttftMs and latencyMs count from the request call (a new connection's setup included); the wire* ones
// from the request being written on its connection, the definition the action's figures use.
import http from 'node:http';

const { url, models, checks, intervalMs } = JSON.parse(process.argv[2]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first SSE event whose delta carries content marks the first token, as in the action. */
function hasContent(event) {
  if (!event.startsWith('data: ') || event === 'data: [DONE]') return false;
  return Boolean(JSON.parse(event.slice(6)).choices?.[0]?.delta?.content);
}

function check(agent, body) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let written = started;
    let ttftAt = null;
    let buffered = '';
    const request = http.request(
      `${url}/chat/completions`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.setEncoding('utf8');
        response.on('data', (text) => {
          if (ttftAt !== null) return;
          buffered += text;
          const events = buffered.split('\n\n');
          buffered = events.pop();
          if (events.some(hasContent)) ttftAt = performance.now();
        });
        response.on('end', () => {
          const end = performance.now();
          resolve({
            requestId: response.headers['x-request-id'],
            ttftMs: ttftAt === null ? null : ttftAt - started,
            latencyMs: end - started,
            wireTtftMs: ttftAt === null ? null : ttftAt - written,
            wireLatencyMs: end - written,
          });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    // A new socket writes the request once connected; a kept-alive one at once.
    request.on('socket', (socket) => {
      if (socket.connecting) socket.once('connect', () => (written = performance.now()));
      else written = performance.now();
    });
    request.end(body);
  });
}

async function burst(model, k) {
  const agent = new http.Agent({ keepAlive: true });
  const body = JSON.stringify({
    model,
    messages: [{ role: 'user', content: 'ping' }],
    max_tokens: 16,
    stream: true,
    stream_options: { include_usage: true },
  });
  // Spread over the first interval like the action's targets (src/probe/burst.ts burstOffsetMs).
  const start = performance.now() + (models.length > 1 ? (k * intervalMs) / models.length : 0);
  for (let i = 0; i < checks; i++) {
    const wait = start + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    process.stdout.write(`${JSON.stringify({ model, ...(await check(agent, body)) })}\n`);
  }
  agent.destroy();
}

await Promise.all(models.map((model, k) => burst(model, k)));
