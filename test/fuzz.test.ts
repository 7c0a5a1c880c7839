/**
 * Property tests with fast-check. FUZZ_RUNS raises the number of cases (`npm run fuzz` for a long run).
 */
import { createServer, type Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_NAMES, parseConfig } from '../src/config/index.js';
import { ConfigError } from '../src/errors.js';
import { createClient, runCheck } from '../src/probe/check.js';
import { CATEGORIES } from '../src/probe/result.js';
import { codeSpan, escapeInline } from '../src/report/markdown.js';
import { plain } from '../src/text/untrusted.js';
import { targetAt } from './support/fixtures.js';
import { liveForms } from './support/live-links.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 0);
const runs = (quick: number) => ({ numRuns: RUNS > 0 ? RUNS : quick });

// ---------- inputs: a valid config or an error naming the input, never a crash ----------

const nasty = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e9',
    'NaN',
    'Infinity',
    '2.5',
    '100',
    '101',
    'true',
    'yes',
    '{{nonce}}',
    '\u0000',
    '- a',
    ':',
    '[',
    '"',
  ),
  fc.integer().map(String),
  fc.double().map(String),
  fc.webUrl(),
);

const targetItem = fc.dictionary(
  fc.constantFrom(
    'name',
    'model',
    'base-url',
    'api-key-env',
    'prompt',
    'expect',
    'max-tokens',
    'max-latency',
    'min-success-rate',
    'provider',
    'headers',
    'colour',
  ),
  fc.oneof(nasty, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 })),
);

describe('fuzzing the inputs', () => {
  it('any inputs give a Config or a ConfigError naming an input, and parsing is pure', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...INPUT_NAMES), nasty),
        fc.option(fc.array(targetItem, { maxLength: 4 })),
        (inputs, items) => {
          const raw = { ...inputs } as Record<string, string>;
          if (items) raw.targets = JSON.stringify(items); // JSON is YAML
          try {
            const config = parseConfig(raw, { SOME_KEY: 'k' });
            expect(config.checks).toBeGreaterThanOrEqual(1);
          } catch (err) {
            expect(err).toBeInstanceOf(ConfigError);
            for (const line of (err as Error).message.split('\n')) expect(line).toMatch(/^Input "[a-z-]+"/);
          }
        },
      ),
      runs(3000),
    );
  });
});

// ---------- replies: exactly one category, never an exception ----------

interface Reply {
  status: number;
  contentType: string;
  body: Uint8Array;
  /** Where the body is split into separate writes, to cut SSE lines and UTF-8 sequences anywhere. */
  cuts: number[];
}

const encoder = new TextEncoder();
const chunkJson = fc.record({
  id: fc.string(),
  object: fc.constantFrom('chat.completion.chunk', 'x'),
  model: fc.oneof(fc.string(), fc.constant(null)),
  choices: fc.oneof(
    fc.constant([]),
    fc.array(
      fc.record({
        index: fc.nat(2),
        delta: fc.record(
          { content: fc.oneof(fc.string(), fc.constant(null)), role: fc.constant('assistant') },
          { requiredKeys: [] },
        ),
        finish_reason: fc.oneof(fc.constantFrom('stop', 'length', 'content_filter'), fc.constant(null)),
      }),
      { maxLength: 2 },
    ),
    fc.anything(),
  ),
  usage: fc.oneof(
    fc.constant(null),
    fc.record({ completion_tokens: fc.nat(50), prompt_tokens: fc.nat(5) }),
    fc.anything(),
  ),
});

const sseBody = fc
  .array(
    fc.oneof(
      chunkJson.map((c) => `data: ${JSON.stringify(c)}\n\n`),
      fc.constant('data: [DONE]\n\n'),
      fc.constant(': keep-alive\n\n'),
      fc.string().map((s) => `data: ${s}\n\n`),
      fc.constant('event: error\ndata: {"error":{"message":"boom"}}\n\n'),
      fc.string(),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

const jsonBody = fc.oneof(
  fc.anything().map((v) => JSON.stringify(v) ?? ''),
  fc
    .record({
      choices: fc.array(
        fc.record({
          message: fc.record({ content: fc.oneof(fc.string(), fc.constant(null)) }),
          finish_reason: fc.string(),
        }),
        { maxLength: 2 },
      ),
    })
    .map((v) => JSON.stringify(v)),
  fc.string(),
);

const reply: fc.Arbitrary<Reply> = fc
  .record({
    status: fc.constantFrom(200, 200, 200, 201, 204, 301, 400, 401, 404, 408, 429, 500, 502, 529),
    contentType: fc.constantFrom('text/event-stream', 'application/json', 'text/html', 'text/plain', ''),
    text: fc.oneof(sseBody, jsonBody),
    raw: fc.option(fc.uint8Array({ maxLength: 64 }), { freq: 4 }),
    cuts: fc.array(fc.nat(400), { maxLength: 4 }),
  })
  .map(({ status, contentType, text, raw, cuts }) => ({
    status,
    contentType,
    body: raw ?? encoder.encode(text),
    cuts: [...new Set(cuts)].sort((a, b) => a - b),
  }));

let server: Server;
let current: Reply;
let baseUrl = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', async () => {
      const headers: Record<string, string> = current.contentType
        ? { 'content-type': current.contentType }
        : {};
      if (current.status === 204 || current.status === 301) {
        res.writeHead(current.status, { location: '/elsewhere' });
        res.end();
        return;
      }
      res.writeHead(current.status, headers);
      let from = 0;
      for (const cut of [...current.cuts.filter((c) => c < current.body.length), current.body.length]) {
        res.write(current.body.subarray(from, cut));
        from = cut;
        await new Promise((r) => setImmediate(r));
      }
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('fuzzing the replies', () => {
  it('every reply, split anywhere, ends in exactly one category without an exception', async () => {
    const target = targetAt(baseUrl, { name: 'fuzz' });
    const client = createClient(target);
    await fc.assert(
      fc.asyncProperty(reply, fc.boolean(), async (r, stream) => {
        current = r;
        const result = await runCheck(client, target, { stream, timeoutMs: 2000, idleTimeoutMs: 1000 }, 0);
        expect(CATEGORIES).toContain(result.category);
        if (r.status >= 400) expect(result.category).not.toBe('ok');
      }),
      runs(300),
    );
  }, 120_000);
});

// ---------- the markdown escaper: nothing survives, the words do ----------

const hostileText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.constantFrom(
        '@octocat',
        '@org/team',
        '#123',
        'acme/repo#4',
        '</details>',
        '<script>',
        '<img src=x>',
        '|',
        '```',
        '`',
        '\n',
        '\r\n',
        '\u001b[31m',
        'https://evil.example',
        'www.evil.example',
        '[x](y)',
        '&amp;',
        '\\',
        '*',
        '_',
        'a1b2c3d',
        'a5c3785ed8d6a35868bc169f07e40e889087fd2e',
        'GH-12',
        'acme/repo@a1b2c3d',
        'a.b@evil.example',
        'mailto:',
        '<https://x.example>',
        'ftp://',
        '_www.',
        '<!--',
        '-->',
        '--!>',
        '<!-- llm-heartbeat:target "prod" -->',
        '&#64;',
        '\u200B',
        '\u202E',
        '\u2066',
        '\uFEFF',
        '\u2060',
      ),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

/** Reads escaped inline markdown back as text: what a person sees once GitHub renders it. */
function rendered(markdown: string): string {
  return markdown
    .replace(/\u200B/g, '')
    .replace(/\\([\\`*_{}[\]()#+!|~-])/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

describe('fuzzing the markdown escaper', () => {
  it('leaves no mention, issue link, HTML, autolink or table break, and still says what the server said', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = escapeInline(text, 10_000);
        expect(out).not.toMatch(/@[A-Za-z0-9]/);
        expect(out).not.toMatch(/#\d/);
        expect(out).not.toMatch(/<[A-Za-z/!?]/);
        expect(out).not.toMatch(/(^|[^\\])\|/);
        expect(out).not.toContain('\r');
        expect(out).not.toContain('\n');
        expect(out).not.toContain('\u001b');
        expect(out).not.toMatch(/https?:\/\//i);
        expect(out).not.toMatch(/(^|[^\\])`/);
        expect(liveForms(out)).toEqual([]);
        expect(out).not.toMatch(/[\u200C-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/);
        expect(rendered(out)).toBe(plain(text));
      }),
      runs(5000),
    );
  });

  it('code spans stay one closed span, leak no comment or marker, and still say what the server said', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        const out = codeSpan(text, 10_000);
        expect(out).toMatch(/^`[^`\n\r]+`$/);
        expect(out).not.toMatch(/(^|[^\\])\|/);
        expect(out).not.toMatch(/<!--|--!?>/);
        expect(out).not.toMatch(/[\u200C-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/);
        const inner = out
          .slice(1, -1)
          .replace(/\u200B/g, '')
          .replace(/\\\|/g, '|');
        expect(inner).toBe(plain(text).replace(/`/g, "'") || ' ');
      }),
      runs(5000),
    );
  });
});
