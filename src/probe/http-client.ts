/**
 * The HTTP client every check sends through: Node's own fetch on Node's own undici dispatcher.
 *
 * Both entries import this module before anything else, and that order is the point. undici keeps
 * one process-wide dispatcher under a global symbol, and whichever copy of undici loads first
 * installs its Agent there. The bundle carries a second, older copy (through @actions/http-client);
 * loaded first, its Agent would carry Node's fetch requests, and it publishes neither
 * `undici:request:bodyChunkSent` nor `undici:request:bodyChunkReceived`, so the wire timings would
 * fall back to when the SDK read each chunk (milliseconds late), and its code would run cold on the
 * first check. Touching `Response` loads Node's undici, whose first act is to install its Agent.
 */
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

const before = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
void globalThis.Response;
const installed = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];

/**
 * Node's own dispatcher when this module was first to load undici; undefined when another copy got
 * there first (then fetch uses whatever is installed; test/http-client.test.ts guards the bundles).
 */
const nodeDispatcher: unknown = before === undefined ? installed : undefined;

/** Node's fetch, always on Node's own dispatcher, whatever was installed globally since. */
export function probeFetch(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  if (!nodeDispatcher) return fetch(url, init);
  return fetch(url, { ...init, dispatcher: nodeDispatcher } as RequestInit);
}
