/**
 * Where a check's time went, from what the wire saw (wire.ts). Pure: times in, phases out.
 *
 * The phases of one check, in order, each from the end of the one before:
 *
 *   queue      the fetch call → the request written on a connection (its headers with the first body
 *              chunk), less the connection's own phases below: the client's own work and any wait for
 *              a free connection
 *   dns        socket created → the lookup's end (new connections to a host name only)
 *   connect    → TCP connected (new connections only)
 *   tls        → TLS handshake done (new https connections only)
 *   send       request written → request body sent
 *   wait       → response headers (the server's, or the model's, time to answer)
 *   firstToken → the raw body chunk holding the first content (streamed replies with content)
 *   transfer   → the body's end (from the first content, or from the headers when there was none)
 *
 * A phase that did not happen is absent, not zero: a reused connection has no dns, connect or tls.
 * The check's latency and TTFT count from the request being written (see `checkTimes`), so
 * send + wait + firstToken + transfer is the latency, and queue + dns + connect + tls come before it.
 */

export interface CheckPhases {
  /** Whether the request opened its connection or went out on one kept alive. */
  connection: 'new' | 'reused';
  queueMs: number;
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  sendMs: number;
  /** Null when no response headers came (the check failed waiting). */
  waitMs: number | null;
  firstTokenMs?: number;
  transferMs?: number;
}

/** The times phasesOf reads (a WireTiming satisfies it), all performance.now() milliseconds. */
export interface WireTimes {
  fetchAt: number | null;
  headersSentAt: number | null;
  /** The first body chunk written, headers with it; null for a request without a body. */
  writtenAt: number | null;
  bodySentAt: number | null;
  responseAt: number | null;
  firstContentAt: number | null;
  bodyEndAt: number | null;
  newConnection: boolean | null;
  socket: {
    createdAt: number;
    lookupAt: number | null;
    connectAt: number | null;
    secureAt: number | null;
  } | null;
}

export const round2 = (ms: number): number => Math.round(ms * 100) / 100;

const span = (from: number, to: number): number => round2(Math.max(0, to - from));

/** The connection's own phases, when this request opened it: dns, connect, tls as they happened. */
function connectionPhases(
  socket: NonNullable<WireTimes['socket']>,
): Pick<CheckPhases, 'dnsMs' | 'connectMs' | 'tlsMs'> {
  const phases: Pick<CheckPhases, 'dnsMs' | 'connectMs' | 'tlsMs'> = {};
  let at = socket.createdAt;
  if (socket.lookupAt !== null) {
    phases.dnsMs = span(at, socket.lookupAt);
    at = socket.lookupAt;
  }
  if (socket.connectAt !== null) {
    phases.connectMs = span(at, socket.connectAt);
    at = socket.connectAt;
  }
  if (socket.secureAt !== null) phases.tlsMs = span(at, socket.secureAt);
  return phases;
}

/**
 * The phases of a check that ended at `endAt` (the body's end, or the failure); null when its request
 * never reached a connection (a DNS or connect failure, or a fetch that is not Node's).
 */
/** When the request went onto the wire: its first body chunk (headers with it), else its headers. */
export function writtenAt(wire: Pick<WireTimes, 'headersSentAt' | 'writtenAt'>): number | null {
  return wire.writtenAt ?? wire.headersSentAt;
}

export function phasesOf(wire: WireTimes, endAt: number): CheckPhases | null {
  const written = writtenAt(wire);
  if (written === null || wire.newConnection === null) return null;
  const fetchAt = wire.fetchAt ?? written;
  const connection = wire.newConnection && wire.socket ? connectionPhases(wire.socket) : {};
  const network = (connection.dnsMs ?? 0) + (connection.connectMs ?? 0) + (connection.tlsMs ?? 0);
  const bodySentAt = wire.bodySentAt ?? written;
  const phases: CheckPhases = {
    connection: wire.newConnection ? 'new' : 'reused',
    queueMs: round2(Math.max(0, written - fetchAt - network)),
    ...connection,
    sendMs: span(written, Math.min(bodySentAt, endAt)),
    waitMs: wire.responseAt === null ? null : span(bodySentAt, wire.responseAt),
  };
  if (wire.responseAt === null) return phases;
  let at = wire.responseAt;
  if (wire.firstContentAt !== null) {
    phases.firstTokenMs = span(at, wire.firstContentAt);
    at = wire.firstContentAt;
  }
  phases.transferMs = span(at, wire.bodyEndAt ?? endAt);
  return phases;
}

/** The connection's setup in all (dns + connect + tls), or null when the check reused a connection. */
export function networkMs(phases: CheckPhases): number | null {
  if (phases.connection !== 'new') return null;
  return round2((phases.dnsMs ?? 0) + (phases.connectMs ?? 0) + (phases.tlsMs ?? 0));
}

/**
 * A check's latency and TTFT. Both count from the request being written on a connection,
 * when the wire saw that, else from the fetch call: the connection's setup (DNS, connect, TLS) and the
 * client's queue are phases of their own, so the first check of a burst is not made slow by the
 * keep-alive connection it opens for all the others, and a slow DNS or handshake shows as itself.
 * The end is the body's end as read from the wire (else `now`), the first token the raw chunk
 * holding the first content.
 */
export function checkTimes(
  wire: WireTimes,
  t0: number,
  now: number,
): { latencyMs: number; ttftMs: number | null; phases: CheckPhases | null } {
  const start = writtenAt(wire) ?? t0;
  const end = wire.bodyEndAt ?? now;
  return {
    latencyMs: round2(Math.max(0, end - start)),
    ttftMs: wire.firstContentAt === null ? null : round2(Math.max(0, wire.firstContentAt - start)),
    phases: phasesOf(wire, end),
  };
}

// ---- across a target's checks ----

/** The figures of one phase over a target's successful checks: what `Distribution` is for latency. */
export interface PhaseFigure {
  /** How many checks had the phase. */
  n: number;
  p50: number | null;
  /** At the target's latency-percentile (the judged one). */
  atThreshold: number | null;
}

/**
 * Where a target's time went, over its successful checks. Connection phases are over the checks
 * that opened a connection (a burst on one kept-alive connection has one); the others over all.
 */
export interface PhaseStats {
  newConnections: number;
  reusedConnections: number;
  /** DNS + connect + TLS of each new connection. */
  network: PhaseFigure;
  dns: PhaseFigure;
  connect: PhaseFigure;
  tls: PhaseFigure;
  /** The fetch call to the request written, less the connection's phases. */
  queue: PhaseFigure;
  /** Request written → response headers (send + wait): the server's time to answer. */
  toHeaders: PhaseFigure;
  /** Response headers → the first content (streamed replies). */
  firstToken: PhaseFigure;
  /** The first content (or the headers) → the body's end: streaming, or the body's transfer. */
  transfer: PhaseFigure;
}

function figureOf(
  values: number[],
  thresholdPercentile: number,
  percentile: (s: number[], p: number) => number | null,
): PhaseFigure {
  values.sort((a, b) => a - b);
  const at = (p: number) => {
    const v = percentile(values, p);
    return v === null ? null : round2(v);
  };
  return { n: values.length, p50: at(50), atThreshold: at(thresholdPercentile) };
}

/** Phase figures of the checks given (the caller picks the successful ones); null when none has phases. */
export function phaseStats(
  all: readonly (CheckPhases | null | undefined)[],
  thresholdPercentile: number,
  percentile: (sorted: number[], p: number) => number | null,
): PhaseStats | null {
  const phases = all.filter((p): p is CheckPhases => p != null);
  if (phases.length === 0) return null;
  const fresh = phases.filter((p) => p.connection === 'new');
  const pick = (list: CheckPhases[], f: (p: CheckPhases) => number | null | undefined) =>
    figureOf(
      list.map(f).filter((v): v is number => typeof v === 'number'),
      thresholdPercentile,
      percentile,
    );
  return {
    newConnections: fresh.length,
    reusedConnections: phases.length - fresh.length,
    network: pick(fresh, networkMs),
    dns: pick(fresh, (p) => p.dnsMs),
    connect: pick(fresh, (p) => p.connectMs),
    tls: pick(fresh, (p) => p.tlsMs),
    queue: pick(phases, (p) => p.queueMs),
    toHeaders: pick(phases, (p) => (p.waitMs === null ? null : p.sendMs + p.waitMs)),
    firstToken: pick(phases, (p) => p.firstTokenMs),
    transfer: pick(phases, (p) => p.transferMs),
  };
}

/**
 * What kind of slow a target is, in a sentence: whether its time went to the network (the connection's
 * setup) or to the model (the wait for the answer). Null without phases.
 */
export function whereTimeWent(stats: PhaseStats | null): string | null {
  if (!stats || stats.toHeaders.p50 === null) return null;
  const network = stats.network.p50;
  const model = stats.toHeaders.p50 + (stats.firstToken.p50 ?? 0);
  if (network !== null && network > model) {
    return `the time went to the network (connection setup ${Math.round(network)} ms at the median), not the model`;
  }
  const setup = network === null ? 'connections reused' : `connection setup ${Math.round(network)} ms`;
  return `the time went to the model (${Math.round(model)} ms to the first byte${stats.firstToken.p50 === null ? '' : ' of content'} at the median; ${setup}), not the network`;
}
