/**
 * Stand-ins for the notification channels on 127.0.0.1: one HTTP server whose paths play Slack's
 * incoming webhook, Discord's webhook, a Teams Workflows webhook and a generic receiver. Each request is
 * recorded with its raw body and headers; faults can be scripted per path (a status with headers, a
 * hang past the client's deadline, or a fault after the message was taken).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests poke at arbitrary payload fields
  json: any;
  at: number;
}

export interface ReceiverFault {
  path: RegExp;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Never answer (the client's deadline fires). */
  hang?: boolean;
  times?: number;
}

export interface Receivers {
  origin: string;
  /** Every request, faulted ones included. */
  requests: Received[];
  /** Requests answered 2xx: the messages the channel took. */
  delivered: Received[];
  url(path: string): string;
  fail(fault: ReceiverFault): void;
  reset(): void;
  close(): Promise<void>;
}

/** What each stand-in answers on success, as the real one does. */
function success(path: string, res: ServerResponse): void {
  if (path.startsWith('/slack')) {
    res.writeHead(200, { 'content-type': 'text/html' }).end('ok');
  } else if (path.startsWith('/discord')) {
    res.writeHead(204).end();
  } else if (path.startsWith('/teams')) {
    res.writeHead(202).end();
  } else {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  }
}

export async function startReceivers(): Promise<Receivers> {
  const requests: Received[] = [];
  const delivered: Received[] = [];
  let faults: (ReceiverFault & { left: number })[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        json = undefined;
      }
      const path = req.url ?? '/';
      const record: Received = { path, headers: req.headers, raw, json, at: Date.now() };
      requests.push(record);
      const fault = faults.find((f) => f.left > 0 && f.path.test(path));
      if (fault) {
        fault.left--;
        if (fault.hang) return;
        res
          .writeHead(fault.status ?? 500, { 'content-type': 'text/plain', ...fault.headers })
          .end(fault.body ?? 'fault');
        return;
      }
      delivered.push(record);
      success(path, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    delivered,
    url: (path) => `${origin}${path}`,
    fail: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    reset: () => {
      requests.length = 0;
      delivered.length = 0;
      faults = [];
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
