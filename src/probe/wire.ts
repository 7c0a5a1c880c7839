/**
 * What the wire saw of one check, from Node's own instrumentation: undici's `diagnostics_channel`
 * events for the request (headers written, body sent, response headers) and the socket's own events
 * (`lookup`, `connect`, `secureConnect`) for a connection it had to open. Nothing here changes a
 * request: the channels are only listened to.
 *
 * How a request is told apart from the others in flight: the check's fetch call runs inside
 * `wireInFlight` (an AsyncLocalStorage), and undici publishes `undici:request:create` synchronously
 * in that call's async context, so the request object is tied to the check's WireTiming there. The
 * socket a request is written to comes with `undici:client:sendHeaders`; a socket is "new" for the
 * first request written to it, and only that request carries its DNS, connect and TLS phases.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import dc from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';

/** What a connection's socket went through, by its own events (performance.now() times). */
interface SocketTimes {
  /** When net/tls created the socket (before the DNS lookup). */
  createdAt: number;
  /** The lookup's end; none for an IP literal (no lookup happens). */
  lookupAt: number | null;
  /** TCP connected. */
  connectAt: number | null;
  /** TLS handshake done; none for plain HTTP. */
  secureAt: number | null;
  /** Whether a request has been written on it already: the next ones reuse it. */
  used: boolean;
  /** The peer certificate's expiry when its handshake failed, read before the socket went away. */
  certExpiry: string | null;
}

/** One check's request as the wire saw it; every time is performance.now(), null when it did not happen. */
export class WireTiming {
  /** The fetch call: the check's clock starts here at the latest. */
  fetchAt: number | null = null;
  /** Request headers handed to a connection (undici:client:sendHeaders). */
  headersSentAt: number | null = null;
  /**
   * The request going onto the wire: its first body chunk written (undici:request:bodyChunkSent).
   * undici corks the socket and writes the headers with that chunk, so this, not sendHeaders, is when
   * the server can start reading (a cold first check spends milliseconds in between).
   */
  writtenAt: number | null = null;
  /** Request body fully written (undici:request:bodySent). */
  bodySentAt: number | null = null;
  /** Response headers parsed (undici:request:headers). */
  responseAt: number | null = null;
  /** When the raw body chunk holding the first content came off the socket (else was read). */
  firstContentAt: number | null = null;
  /** When the body's end came off the socket (undici:request:trailers), else was read. */
  bodyEndAt: number | null = null;
  /**
   * When each raw body chunk came off the socket (undici:request:bodyChunkReceived), not yet read by
   * the SDK: the body watcher takes one per chunk it reads, so it knows when the chunk arrived rather
   * than when the SDK got round to it. Set to null for a compressed body, whose chunks are not the same.
   */
  arrivals: { at: number; end: number }[] | null = [];
  /** Body bytes the wire has seen so far (the `end` of the last arrival). */
  arrivedBytes = 0;
  /** The connection's phases, when this request opened it; null when it reused one (or none was seen). */
  socket: SocketTimes | null = null;
  /** Whether the request went out on a new connection; null when no instrumented request was seen. */
  newConnection: boolean | null = null;
  /** A connection attempt that failed: the certificate's expiry if the TLS handshake read one. */
  failedCertExpiry: string | null = null;
  /** The socket of the connection attempt this check started, until it is written to or fails. */
  pending: SocketTimes | null = null;
}

/** The check whose fetch is running: undici's events fire in its async context. */
const wireInFlight = new AsyncLocalStorage<WireTiming>();
const byRequest = new WeakMap<object, WireTiming>();
const bySocket = new WeakMap<object, SocketTimes>();

function onSocket(message: unknown): void {
  const socket = (message as { socket?: Socket }).socket;
  if (!socket) return;
  const times: SocketTimes = {
    createdAt: performance.now(),
    lookupAt: null,
    connectAt: null,
    secureAt: null,
    used: false,
    certExpiry: null,
  };
  bySocket.set(socket, times);
  const wire = wireInFlight.getStore();
  if (wire) wire.pending = times;
  socket.once('lookup', () => {
    times.lookupAt = performance.now();
  });
  socket.once('connect', () => {
    times.connectAt = performance.now();
  });
  if (typeof (socket as TLSSocket).getPeerCertificate === 'function') {
    socket.once('secureConnect', () => {
      times.secureAt = performance.now();
    });
    // The handshake is done (TLS's internal 'secure', before Node verifies the certificate and refuses
    // it): the certificate's expiry is read here, since a refused one is gone by the 'error' event.
    socket.prependOnceListener('secure', () => {
      try {
        const validTo = (socket as TLSSocket).getPeerCertificate()?.valid_to;
        if (typeof validTo === 'string' && validTo) times.certExpiry = validTo;
      } catch {
        // no certificate to read
      }
    });
    socket.once('error', () => {
      if (wire) wire.failedCertExpiry ??= times.certExpiry;
    });
  }
}

function onCreate(message: unknown): void {
  const request = (message as { request?: object }).request;
  const wire = wireInFlight.getStore();
  if (request && wire) byRequest.set(request, wire);
}

function onSendHeaders(message: unknown): void {
  const { request, socket } = message as { request?: object; socket?: object };
  const wire = request && byRequest.get(request);
  if (!wire) return;
  wire.headersSentAt = performance.now();
  const times = socket ? bySocket.get(socket) : undefined;
  if (times && !times.used) {
    times.used = true;
    wire.socket = times;
    wire.newConnection = true;
  } else {
    wire.newConnection = false;
  }
  wire.pending = null;
}

function stamp(field: 'writtenAt' | 'bodySentAt' | 'responseAt' | 'bodyEndAt') {
  return (message: unknown) => {
    const request = (message as { request?: object }).request;
    const wire = request && byRequest.get(request);
    if (wire && wire[field] === null) wire[field] = performance.now();
  };
}

function onChunk(message: unknown): void {
  const request = (message as { request?: object }).request;
  const wire = request && byRequest.get(request);
  if (!wire?.arrivals) return;
  const chunk = (message as { chunk?: { byteLength?: number } }).chunk;
  wire.arrivedBytes += chunk?.byteLength ?? 0;
  wire.arrivals.push({ at: performance.now(), end: wire.arrivedBytes });
}

/**
 * When the body read just made was complete on the socket: the arrival of the raw chunk holding its
 * last byte (`readUpTo`, counted from the body's start), matched by bytes, since one read may join
 * several raw chunks or split one. Now, if the wire saw none.
 */
export function arrivalOf(wire: WireTiming, readUpTo: number): number {
  const queue = wire.arrivals;
  if (!queue) return performance.now();
  while (queue.length > 0 && queue[0]!.end < readUpTo) queue.shift();
  const hit = queue[0];
  if (!hit) return performance.now();
  if (hit.end === readUpTo) queue.shift();
  return hit.at;
}

let listening = false;

/** Subscribes once per process; the channels cost nothing until a request is made. */
export function listenToWire(): void {
  if (listening) return;
  listening = true;
  dc.subscribe('net.client.socket', onSocket);
  dc.subscribe('undici:request:create', onCreate);
  dc.subscribe('undici:client:sendHeaders', onSendHeaders);
  dc.subscribe('undici:request:bodyChunkSent', stamp('writtenAt'));
  dc.subscribe('undici:request:bodySent', stamp('bodySentAt'));
  dc.subscribe('undici:request:headers', stamp('responseAt'));
  dc.subscribe('undici:request:bodyChunkReceived', onChunk);
  dc.subscribe('undici:request:trailers', stamp('bodyEndAt'));
}

/** Runs a fetch call with its request tied to `wire`. */
export function fetchOnWire<T>(wire: WireTiming, call: () => Promise<T>): Promise<T> {
  listenToWire();
  wire.fetchAt ??= performance.now();
  return wireInFlight.run(wire, call);
}
