/**
 * Per-phase timings of real checks against servers on 127.0.0.1: the phases add up to the latency,
 * a reused connection has no DNS, connect or TLS phase, and TLS is timed against a local HTTPS server.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CheckSettings, createClient, runCheck } from '../src/probe/check.js';
import { type CheckPhases, checkTimes, networkMs, phasesOf, whereTimeWent } from '../src/probe/phases.js';
import { phaseLine } from '../src/report/blocks.js';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { targetAt } from './support/fixtures.js';

let provider: FakeProvider;
beforeAll(async () => {
  provider = await startFakeProvider({ m: { kind: 'ok', ttftMs: 30, tokens: 4, tokenDelayMs: 10 } });
});
afterAll(async () => {
  await provider.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const settings: CheckSettings = { stream: true, timeoutMs: 5000, idleTimeoutMs: 2000 };

/** The request's own phases: what the latency is made of. */
const requestSum = (p: CheckPhases) =>
  p.sendMs + (p.waitMs ?? 0) + (p.firstTokenMs ?? 0) + (p.transferMs ?? 0);

describe('phases of a check', () => {
  it('a new connection has DNS and connect, the next one reuses it and has neither; phases add up to the latency', async () => {
    const target = targetAt(provider.url.replace('127.0.0.1', 'localhost'));
    const client = createClient(target);
    const first = await runCheck(client, target, settings, 0);
    // Back to back, undici may open a second connection before the first is back in its pool.
    await sleep(50);
    const second = await runCheck(client, target, settings, 1);
    expect(first.category).toBe('ok');
    expect(first.phases).toMatchObject({
      connection: 'new',
      dnsMs: expect.any(Number),
      connectMs: expect.any(Number),
    });
    expect(first.phases).not.toHaveProperty('tlsMs');
    expect(second.phases?.connection).toBe('reused');
    for (const key of ['dnsMs', 'connectMs', 'tlsMs']) expect(second.phases).not.toHaveProperty(key);
    for (const r of [first, second]) {
      expect(Math.abs(requestSum(r.phases!) - r.latencyMs)).toBeLessThanOrEqual(1);
      expect(r.ttftMs!).toBeLessThanOrEqual(r.latencyMs);
      expect(r.phases!.firstTokenMs).toEqual(expect.any(Number));
    }
  });
});

/** A key and a self-signed certificate for `localhost`, made by openssl at test time. */
function makeCertificate(dir: string, name: string, days: number) {
  const key = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.pem`);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  openssl(
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-subj',
    '/CN=localhost',
    '-out',
    csr,
  );
  const ext = path.join(dir, `${name}.ext`);
  writeFileSync(ext, 'subjectAltName=DNS:localhost\n');
  // -days -1 ends the certificate's validity yesterday: an expired certificate.
  openssl('x509', '-req', '-in', csr, '-signkey', key, '-days', String(days), '-extfile', ext, '-out', cert);
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

/** A minimal streamed chat completion: one content chunk, the finish, usage, [DONE]. */
function sse(res: ServerResponse): void {
  const chunk = (fields: object) =>
    `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'm', ...fields })}\n\n`;
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(
    chunk({ choices: [{ index: 0, delta: { role: 'assistant', content: 'pong' }, finish_reason: null }] }),
  );
  res.write(chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
  res.write(chunk({ choices: [], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
  res.end('data: [DONE]\n\n');
}

async function listen(server: Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('TLS and network failures', () => {
  let dir: string;
  let good: { key: Buffer; cert: Buffer };
  let expired: { key: Buffer; cert: Buffer };
  const servers: (Server | https.Server)[] = [];
  const serve = async (options: https.ServerOptions) => {
    const server = https.createServer(options, (req, res) => {
      req.resume();
      req.on('end', () => sse(res));
    });
    servers.push(server);
    return listen(server);
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'phases-tls-'));
    good = makeCertificate(dir, 'good', 2);
    expired = makeCertificate(dir, 'expired', -1);
    // Trusted in this test process only: Node's fetch takes its CAs from the default store.
    tls.setDefaultCACertificates([
      ...tls.getCACertificates('default'),
      good.cert.toString(),
      expired.cert.toString(),
    ]);
  });
  afterAll(() => {
    for (const s of servers) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a new https connection has a TLS phase after connect; phases add up to the latency', async () => {
    const port = await serve(good);
    const target = targetAt(`https://localhost:${port}/v1`);
    const client = createClient(target);
    const first = await runCheck(client, target, settings, 0);
    await sleep(50);
    const second = await runCheck(client, target, settings, 1);
    expect(first.category).toBe('ok');
    expect(first.phases).toMatchObject({
      connection: 'new',
      dnsMs: expect.any(Number),
      connectMs: expect.any(Number),
      tlsMs: expect.any(Number),
    });
    expect(second.phases?.connection).toBe('reused');
    expect(second.phases).not.toHaveProperty('tlsMs');
    for (const r of [first, second])
      expect(Math.abs(requestSum(r.phases!) - r.latencyMs)).toBeLessThanOrEqual(1);
  });

  it('an expired certificate is a TLS failure with its expiry date', async () => {
    const port = await serve(expired);
    const target = targetAt(`https://localhost:${port}/v1`);
    const result = await runCheck(createClient(target), target, settings, 0);
    expect(result).toMatchObject({ category: 'network', errorCode: 'CERT_HAS_EXPIRED' });
    expect(result.network).toMatchObject({ kind: 'tls', certificateExpiry: expect.stringMatching(/GMT$/) });
    expect(result.error).toMatch(/^TLS failure: the certificate has expired: it expired /);
  });

  it('a certificate for another host is a TLS failure', async () => {
    const port = await serve(good);
    const target = targetAt(`https://127.0.0.1:${port}/v1`);
    const result = await runCheck(createClient(target), target, settings, 0);
    expect(result).toMatchObject({ category: 'network', errorCode: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(result.network).toEqual({ kind: 'tls' });
    expect(result.error).toMatch(/another host name/);
  });

  it('an unresolvable host is a DNS failure', async () => {
    const target = targetAt('http://no-such-host.invalid/v1');
    const result = await runCheck(createClient(target), target, settings, 0);
    expect(result).toMatchObject({ category: 'network', network: { kind: 'dns' } });
    expect(result.error).toMatch(/^DNS failure/);
    expect(result.phases).toBeNull();
  });

  it('a refused port is a refused connection', async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const target = targetAt(`http://127.0.0.1:${port}/v1`);
    const result = await runCheck(createClient(target), target, settings, 0);
    expect(result).toMatchObject({
      category: 'network',
      errorCode: 'ECONNREFUSED',
      network: { kind: 'refused' },
    });
  });

  it('a reset before the headers is a reset, and the request phases stop at the failure', async () => {
    const server = createServer((req) => {
      req.resume();
      req.on('end', () => req.socket.resetAndDestroy());
    });
    servers.push(server);
    const port = await listen(server);
    const target = targetAt(`http://127.0.0.1:${port}/v1`);
    const result = await runCheck(createClient(target), target, settings, 0);
    expect(result).toMatchObject({ category: 'network', network: { kind: 'reset' } });
    expect(result.phases).toMatchObject({ connection: 'new', waitMs: null });
  });
});

describe('phasesOf and where the time went (pure)', () => {
  const wire = {
    fetchAt: 100,
    headersSentAt: 129,
    writtenAt: 130,
    bodySentAt: 131,
    responseAt: 300,
    firstContentAt: 340,
    bodyEndAt: 500,
    newConnection: true,
    socket: { createdAt: 101, lookupAt: 103, connectAt: 108, secureAt: 125 },
  };

  it('splits a new connection into its phases; they add up to the whole, the request ones to the latency', () => {
    const { latencyMs, ttftMs, phases } = checkTimes(wire, 100, 600);
    expect(phases).toEqual({
      connection: 'new',
      queueMs: 6,
      dnsMs: 2,
      connectMs: 5,
      tlsMs: 17,
      sendMs: 1,
      waitMs: 169,
      firstTokenMs: 40,
      transferMs: 160,
    });
    expect(latencyMs).toBe(370);
    expect(ttftMs).toBe(210);
    expect(requestSum(phases!)).toBe(latencyMs);
    expect(phases!.queueMs + networkMs(phases!)! + latencyMs).toBe(wire.bodyEndAt - wire.fetchAt);
  });

  it('a reused connection has no DNS, connect or TLS: absent, not zero; an IP literal has no DNS', () => {
    const reused = phasesOf({ ...wire, newConnection: false, socket: null }, 500)!;
    expect(reused.connection).toBe('reused');
    expect(Object.keys(reused)).not.toEqual(expect.arrayContaining(['dnsMs']));
    for (const key of ['dnsMs', 'connectMs', 'tlsMs']) expect(reused).not.toHaveProperty(key);
    expect(networkMs(reused)).toBeNull();
    const literal = phasesOf({ ...wire, socket: { ...wire.socket, lookupAt: null, secureAt: null } }, 500)!;
    expect(literal).not.toHaveProperty('dnsMs');
    expect(literal).not.toHaveProperty('tlsMs');
    expect(literal.connectMs).toBe(7);
  });

  it('no request on a connection: no phases, and the latency counts from the fetch call', () => {
    const none = {
      ...wire,
      headersSentAt: null,
      writtenAt: null,
      bodySentAt: null,
      responseAt: null,
      firstContentAt: null,
      bodyEndAt: null,
      newConnection: null,
      socket: null,
    };
    expect(checkTimes(none, 100, 120)).toEqual({ latencyMs: 20, ttftMs: null, phases: null });
  });

  it('says the time went to the model when the wait dominates, to the network when setup does', () => {
    const figure = (p50: number | null) => ({ n: p50 === null ? 0 : 1, p50, atThreshold: p50 });
    const stats = {
      newConnections: 1,
      reusedConnections: 9,
      network: figure(14),
      dns: figure(2),
      connect: figure(5),
      tls: figure(7),
      queue: figure(0.3),
      toHeaders: figure(180),
      firstToken: figure(40),
      transfer: figure(160),
    };
    expect(whereTimeWent(stats)).toMatch(/^the time went to the model .*not the network$/);
    expect(whereTimeWent({ ...stats, network: figure(900) })).toMatch(/^the time went to the network/);
    expect(whereTimeWent(null)).toBeNull();
    const ttft = { n: 10, p50: 220, p95: 300, p99: 310, atThreshold: 300, thresholdPercentile: 95 };
    expect(phaseLine(stats, ttft, true, 'p50')).toBe(
      'network 14 ms (DNS 2 · connect 5 · TLS 7) on 1 new connection · to headers 180 ms · to first token 220 ms · streaming 160 ms',
    );
    expect(phaseLine({ ...stats, newConnections: 0 }, ttft, false, 'atThreshold')).toBe(
      'network: connection reused · to headers 180 ms · body 160 ms',
    );
  });
});
