/**
 * Pushes to a real Pushgateway (Debian's prometheus-pushgateway, started on 127.0.0.1 by the test)
 * and reads the metrics back as Prometheus would scrape them.
 * LLM_HEARTBEAT_SHOW_SCRAPE=1 prints the scrape (docs/prometheus.md shows one).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMetrics } from '../src/metrics/prometheus.js';
import { pushMetrics, pushReportMetrics } from '../src/metrics/pushgateway.js';
import { check } from './support/fixtures.js';
import {
  freePort,
  type ParsedSample,
  parseExposition,
  type RunningPushgateway,
  requireTool,
  sampleReport,
  startPushgateway,
  TRICKY_TARGET,
} from './support/pushgateway.js';

const binary = requireTool('prometheus-pushgateway', 'prometheus-pushgateway');
const JOB = 'llm-heartbeat';

async function scrape(gateway: RunningPushgateway, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${gateway.url}/metrics`, { headers });
  expect(response.status).toBe(200);
  return response.text();
}

const ours = (samples: ParsedSample[], where: Record<string, string>) =>
  samples.filter(
    (s) => s.name.startsWith('llm_heartbeat_') && Object.entries(where).every(([k, v]) => s.labels[k] === v),
  );

const key = (s: ParsedSample) =>
  `${s.name}${JSON.stringify(Object.entries(s.labels).sort(([a], [b]) => a.localeCompare(b)))}`;

/** The Pushgateway adds instance="" to metrics without an instance label. */
const asScraped = (s: ParsedSample): ParsedSample => ({ ...s, labels: { ...s.labels, instance: '' } });

describe.skipIf(binary === null)('pushMetrics against a real Pushgateway', () => {
  let gateway: RunningPushgateway;
  beforeAll(async () => {
    gateway = await startPushgateway(binary!);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('pushes one group per target and reads back every sample, value and label', async () => {
    const report = sampleReport();
    const results = await pushReportMetrics(report, { url: gateway.url, job: JOB, location: 'eu-west' });
    expect(results).toEqual(
      report.targets.map((t) => ({ target: t.name, result: { ok: true, status: 200, error: null } })),
    );

    const text = await scrape(gateway);
    const scraped = parseExposition(text);
    for (const target of report.targets) {
      const pushed = parseExposition(renderMetrics(report, target, { job: JOB, location: 'eu-west' }));
      const back = ours(scraped, { job: JOB, target: target.name, location: 'eu-west' });
      // Same series, same values: nothing lost, added or rounded on the way.
      expect(new Map(back.map((s) => [key(s), s.value]))).toEqual(
        new Map(pushed.map(asScraped).map((s) => [key(s), s.value])),
      );
    }

    // Spot checks against the report itself, as a reader of the scrape would do them.
    const at = (name: string, labels: Record<string, string>) =>
      ours(scraped, { job: JOB, location: 'eu-west', ...labels }).find((s) => s.name === name)?.value;
    const healthy = report.targets[0]!;
    expect(at('llm_heartbeat_checks', { target: 'gpt-4o-mini', category: 'ok' })).toBe(19);
    expect(at('llm_heartbeat_checks', { target: 'gpt-4o-mini', category: 'server_error' })).toBe(1);
    expect(at('llm_heartbeat_success_ratio', { target: 'gpt-4o-mini' })).toBe(0.95);
    expect(at('llm_heartbeat_latency_seconds', { target: 'gpt-4o-mini', percentile: '95' })).toBe(
      healthy.stats.latency.p95! / 1000,
    );
    expect(at('llm_heartbeat_ttft_threshold_seconds', { target: 'gpt-4o-mini', percentile: '90' })).toBe(0.8);
    expect(at('llm_heartbeat_status', { target: TRICKY_TARGET, status: 'down' })).toBe(1);
    expect(at('llm_heartbeat_status_severity', { target: 'all-429' })).toBe(1);
    expect(at('llm_heartbeat_success_ratio', { target: 'all-429' })).toBeUndefined();
    expect(at('llm_heartbeat_last_run_timestamp_seconds', { target: 'gpt-4o-mini' })).toBe(
      Date.parse(report.finishedAt) / 1000,
    );
    expect(
      ours(scraped, { target: 'gpt-4o-mini' })
        .filter((s) => s.name === 'llm_heartbeat_model_info')
        .map((s) => s.labels.system_fingerprint),
    ).toEqual(['fp_0aa8d3e20b', 'fp_44709d6fcb']);

    // The grouping key, decoded from the URL (base64 for the tricky name), as the Pushgateway keeps it.
    const api = (await (await fetch(`${gateway.url}/api/v1/metrics`)).json()) as {
      data: { labels: Record<string, string>; last_push_successful: boolean }[];
    };
    const groups = api.data.filter((g) => g.labels.job === JOB && g.labels.location === 'eu-west');
    expect(groups.map((g) => g.labels.target).sort()).toEqual(
      ['all-429', 'gpt-4o-mini', TRICKY_TARGET].sort(),
    );
    for (const g of groups) expect(g.last_push_successful).toBe(true);

    if (process.env.LLM_HEARTBEAT_SHOW_SCRAPE) {
      const wanted = /^(# (HELP|TYPE) )?(llm_heartbeat_|push_time_seconds|push_failure_time_seconds)/;
      console.log(
        text
          .split('\n')
          .filter(
            (l) =>
              wanted.test(l) &&
              (l.startsWith('#') || l.includes('target="gpt-4o-mini"') || l.includes('target="eu/')),
          )
          .join('\n'),
      );
    }
  });

  it('replaces the whole group on the next run: a figure the run no longer has disappears', async () => {
    const first = sampleReport();
    const target = 'replaced';
    const pushOne = (report: typeof first) =>
      pushMetrics({
        url: gateway.url,
        job: JOB,
        grouping: { target, location: 'eu-west' },
        body: renderMetrics(
          report,
          { ...report.targets[0]!, name: target },
          { job: JOB, location: 'eu-west' },
        ),
      });
    expect((await pushOne(first)).ok).toBe(true);
    let back = ours(parseExposition(await scrape(gateway)), { target });
    expect(back.some((s) => s.name === 'llm_heartbeat_latency_seconds')).toBe(true);

    // Ten minutes later every check failed: no latency, no model, a success ratio of 0.
    const failed = sampleReport({
      finishedAt: new Date(Date.parse(first.finishedAt) + 600_000),
      firstTargetChecks: Array.from({ length: 5 }, (_, i) =>
        check('server_error', 800, { index: i, httpStatus: 502, model: null, systemFingerprint: null }),
      ),
    });
    expect((await pushOne(failed)).ok).toBe(true);
    back = ours(parseExposition(await scrape(gateway)), { target });
    const names = new Set(back.map((s) => s.name));
    expect(names.has('llm_heartbeat_latency_seconds')).toBe(false);
    expect(names.has('llm_heartbeat_output_tokens_per_second')).toBe(false);
    expect(names.has('llm_heartbeat_model_info')).toBe(false);
    expect(back.find((s) => s.name === 'llm_heartbeat_success_ratio')?.value).toBe(0);
    expect(back.find((s) => s.name === 'llm_heartbeat_last_run_timestamp_seconds')?.value).toBe(
      Date.parse(failed.finishedAt) / 1000,
    );
  });

  it('keeps locations apart, an empty location and names with / and .. included', async () => {
    const report = sampleReport();
    for (const [target, location] of [
      ['gpt-4o-mini', 'us-east'],
      ['gpt-4o-mini', ''],
      ['..', 'a/b'],
    ] as const) {
      const result = await pushMetrics({
        url: `${gateway.url}/`,
        job: JOB,
        grouping: { target, location },
        body: renderMetrics(report, { ...report.targets[0]!, name: target }, { job: JOB, location }),
      });
      expect(result, `${target} @ ${location}`).toEqual({ ok: true, status: 200, error: null });
    }
    const scraped = parseExposition(await scrape(gateway));
    const checksOk = (target: string, location: string) =>
      ours(scraped, { target, location, category: 'ok' }).filter((s) => s.name === 'llm_heartbeat_checks');
    expect(checksOk('gpt-4o-mini', 'us-east')).toHaveLength(1);
    expect(checksOk('gpt-4o-mini', 'eu-west')).toHaveLength(1);
    expect(checksOk('gpt-4o-mini', '')).toHaveLength(1);
    expect(checksOk('..', 'a/b')).toHaveLength(1);
  });

  it('returns the Pushgateway reason, without throwing, when it rejects a malformed body (400)', async () => {
    const result = await pushMetrics({
      url: gateway.url,
      job: JOB,
      grouping: { target: 'malformed', location: 'eu-west' },
      body: 'llm_heartbeat_checks{category="ok" 3\n',
    });
    expect(result.ok).toBe(false);
    expect(result.status).toBe(400);
    expect(result.error).toMatch(
      new RegExp(`^The Pushgateway at ${gateway.url} answered 400 Bad Request .*text format parsing error`),
    );
  });

  it('returns ok:false when the body contradicts metrics already there (a counter named like our gauge)', async () => {
    const result = await pushMetrics({
      url: gateway.url,
      job: JOB,
      grouping: { target: 'inconsistent', location: 'eu-west' },
      body: '# TYPE llm_heartbeat_checks counter\nllm_heartbeat_checks{category="ok"} 1\n',
    });
    expect(result).toMatchObject({ ok: false, status: 400 });
    expect(result.error).toContain('inconsistent');
  });

  it('says where to look when the URL points past the base (404)', async () => {
    const result = await pushMetrics({
      url: `${gateway.url}/metrics`,
      job: JOB,
      grouping: { target: 't', location: 'l' },
      body: 'x 1\n',
    });
    expect(result).toMatchObject({ ok: false, status: 404 });
    expect(result.error).toContain('without /metrics');
  });
});

describe('pushMetrics when no Pushgateway answers', () => {
  const body = 'llm_heartbeat_judged_checks 1\n';
  const grouping = { target: 't', location: 'l' };

  it('returns ok:false, naming the address but not the credentials, when nothing listens', async () => {
    const port = await freePort();
    const result = await pushMetrics({
      url: `http://ci-user:s3cret-pass@127.0.0.1:${port}/base?token=q-secret`,
      job: JOB,
      grouping,
      body,
    });
    expect(result).toEqual({
      ok: false,
      status: null,
      error: `Could not reach the Pushgateway at http://127.0.0.1:${port}/base: ECONNREFUSED.`,
    });
  });

  it('reports every target of a run as failed, side by side, without throwing', async () => {
    const port = await freePort();
    const results = await pushReportMetrics(sampleReport(), {
      url: `http://127.0.0.1:${port}`,
      job: JOB,
      location: 'eu-west',
      auth: { bearer: 'tok-123456789' },
    });
    expect(results.map((r) => [r.target, r.result.ok, r.result.status])).toEqual([
      ['gpt-4o-mini', false, null],
      [TRICKY_TARGET, false, null],
      ['all-429', false, null],
    ]);
    for (const { result } of results) expect(result.error).toContain('ECONNREFUSED');
  });

  it('gives up after timeoutMs when the server never answers', async () => {
    const server = createServer(() => {
      // read the request, never answer
    });
    const url = await listen(server);
    try {
      const started = Date.now();
      const result = await pushMetrics({ url, job: JOB, grouping, body, timeoutMs: 300 });
      expect(result).toEqual({
        ok: false,
        status: null,
        error: `No answer from the Pushgateway at ${url} within 300 ms.`,
      });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('rejects a URL that is not http(s) without echoing it', async () => {
    expect(await pushMetrics({ url: 'pushgateway:9091', job: JOB, grouping, body })).toMatchObject({
      ok: false,
      status: null,
      error:
        'pushgateway-url has the scheme "pushgateway": expected http:// or https://, such as http://pushgateway:9091.',
    });
    const bad = await pushMetrics({ url: 'http://user:p@ss word@', job: JOB, grouping, body });
    expect(bad.ok).toBe(false);
    expect(bad.error).not.toContain('ss word');
    // A stray % in the credentials is no reason to throw.
    const port = await freePort();
    const stray = await pushMetrics({
      url: `http://user:100%zz@127.0.0.1:${port}`,
      job: JOB,
      grouping,
      body,
    });
    expect(stray).toMatchObject({ ok: false, status: null });
    expect(stray.error).not.toContain('100%zz');
  });
});

describe('pushMetrics credentials, on a loopback server that records the request', () => {
  let server: Server;
  let url: string;
  const seen: {
    method?: string;
    url?: string;
    authorization?: string;
    contentType?: string;
    body: string;
  }[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({
          method: req.method,
          url: req.url,
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          body,
        });
        if (req.url?.includes('/target/redirect/')) {
          res.writeHead(307, { location: 'http://example.com/elsewhere' }).end();
        } else if (req.headers.authorization === 'Bearer tok-123456789') res.writeHead(200).end();
        else res.writeHead(401).end('Unauthorized: Bearer tok-123456789 is not valid\n');
      });
    });
    url = await listen(server);
  });
  afterAll(() => {
    server.close();
  });

  it('sends a bearer token, the exposition content type, and a PUT to the grouping path', async () => {
    const result = await pushMetrics({
      url,
      job: JOB,
      grouping: { target: 'gpt-4o-mini', location: 'eu-west' },
      body: 'x 1\n',
      auth: { bearer: 'tok-123456789' },
    });
    expect(result).toEqual({ ok: true, status: 200, error: null });
    expect(seen.at(-1)).toEqual({
      method: 'PUT',
      url: '/metrics/job/llm-heartbeat/target/gpt-4o-mini/location/eu-west',
      authorization: 'Bearer tok-123456789',
      contentType: 'text/plain; version=0.0.4; charset=utf-8',
      body: 'x 1\n',
    });
  });

  it('keeps a secret the server echoes out of the error', async () => {
    const result = await pushMetrics({
      url,
      job: JOB,
      grouping: { target: 't', location: 'l' },
      body: 'x 1\n',
      auth: { username: 'u', password: 'tok-123456789' },
    });
    expect(result.status).toBe(401);
    expect(result.error).toContain('check the Pushgateway credentials');
    expect(result.error).not.toContain('tok-123456789');
  });

  it('does not follow a redirect, which would carry the credentials elsewhere', async () => {
    const result = await pushMetrics({
      url,
      job: JOB,
      grouping: { target: 'redirect', location: 'l' },
      body: 'x 1\n',
      auth: { bearer: 'tok-123456789' },
    });
    expect(result).toMatchObject({ ok: false, status: 307 });
    expect(result.error).toContain('redirects are not followed');
  });
});

// Pushgateway 1.5.1 reads --web.config.file (exporter-toolkit): basic auth with a bcrypt hash.
describe.skipIf(binary === null)('pushMetrics with basic auth on a real Pushgateway', () => {
  const username = 'heartbeat';
  const password = 'heartbeat-test-password';
  // bcrypt (cost 4, fast) of the password above; a test fixture, not a secret.
  const hash = '$2a$04$ScVlT1MA69dUqwG63hjgS.dxDAebqMAGwapnWej475tBE1/MSI8KS';
  let gateway: RunningPushgateway;
  let dir: string;
  const basic = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  const body = renderMetrics(sampleReport(), sampleReport().targets[0]!, { job: JOB, location: 'eu-west' });
  const grouping = { target: 'gpt-4o-mini', location: 'eu-west' };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'llm-heartbeat-pushgateway-'));
    const webConfig = path.join(dir, 'web.yml');
    writeFileSync(webConfig, `basic_auth_users:\n  ${username}: '${hash}'\n`);
    gateway = await startPushgateway(binary!, { webConfigFile: webConfig });
  });
  afterAll(async () => {
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is refused without credentials or with a wrong password, and the error keeps the password out', async () => {
    const none = await pushMetrics({ url: gateway.url, job: JOB, grouping, body });
    expect(none).toMatchObject({ ok: false, status: 401 });
    const wrong = await pushMetrics({
      url: gateway.url,
      job: JOB,
      grouping,
      body,
      auth: { username, password: 'not-the-password' },
    });
    expect(wrong).toMatchObject({ ok: false, status: 401 });
    expect(wrong.error).toContain('check the Pushgateway credentials');
    expect(wrong.error).not.toContain('not-the-password');
  });

  it('pushes with basic auth given as options or in the URL', async () => {
    expect(
      await pushMetrics({ url: gateway.url, job: JOB, grouping, body, auth: { username, password } }),
    ).toEqual({
      ok: true,
      status: 200,
      error: null,
    });
    const inUrl = gateway.url.replace('http://', `http://${username}:${encodeURIComponent(password)}@`);
    expect(
      await pushMetrics({ url: inUrl, job: JOB, grouping: { ...grouping, location: 'in-url' }, body }),
    ).toMatchObject({ ok: true, status: 200 });
    const scraped = parseExposition(await scrape(gateway, { authorization: basic }));
    expect(ours(scraped, { target: 'gpt-4o-mini', location: 'eu-west', category: 'ok' })[0]?.value).toBe(19);
    expect(ours(scraped, { target: 'gpt-4o-mini', location: 'in-url', category: 'ok' })[0]?.value).toBe(19);
  });
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return `http://127.0.0.1:${port}`;
}
