/**
 * What a gateway in front of the model says it did with a check: retried the upstream, fell back to
 * another model or provider, or answered from its cache. A gateway that retries turns an upstream
 * 500 into a slow 200, and a cache answers without asking the model at all, so the check alone
 * would say "ok" about a model that failed or was never asked. Pure: response headers in, a small
 * record out (numbers, booleans and our own names; no server text), null when no gateway header
 * was seen.
 *
 * The headers, per gateway (absent headers mean "it does not say", never "it did not"):
 * - LiteLLM proxy: `x-litellm-attempted-retries` and `x-litellm-attempted-fallbacks` (integers; the
 *   router sets them on successful replies only, counting within the final model group);
 *   `x-litellm-cache-key`, which the proxy sends only when the reply came from its cache (the key is
 *   set on the cache-hit path, and empty values are dropped).
 * - Portkey: `x-portkey-retry-attempt-count` (retries after the first call; `-1` = every retry ran
 *   out without success), `x-portkey-last-used-option-index` (the target that served, an index or a
 *   JSON path like `config.targets[1]`: any index above 0 is not the first target, i.e. a fallback —
 *   or a load-balanced pick, which the header cannot tell apart), `x-portkey-cache-status`
 *   (`HIT`, `SEMANTIC HIT`; `MISS`, `SEMANTIC MISS`, `REFRESH`, `DISABLED`).
 * - Cloudflare AI Gateway: `cf-aig-step` (`0` = the primary, above = a fallback step),
 *   `cf-aig-cache-status` (`HIT` | `MISS`). It reports no retry count.
 * - Helicone: `helicone-cache` (`HIT` | `MISS`). It reports no retry count.
 * - OpenRouter: `x-openrouter-cache-status` (`HIT` | `MISS`, response caching). Its provider
 *   fallbacks show only in the body (`provider`), not in a header.
 * - APISIX ai-cache: `x-ai-cache-status` (`HIT-L1`, `HIT-L2`; `MISS`, `BYPASS`).
 * - Kong (any `x-kong-*` header): `x-cache-status` (`Hit`; `Miss`, `Refresh`, `Bypass`).
 */

export const GATEWAYS = [
  'litellm',
  'portkey',
  'cloudflare',
  'helicone',
  'openrouter',
  'apisix',
  'kong',
] as const;
export type GatewayName = (typeof GATEWAYS)[number];

/** Display names for the summary. */
export const GATEWAY_LABEL: Record<GatewayName, string> = {
  litellm: 'LiteLLM',
  portkey: 'Portkey',
  cloudflare: 'Cloudflare AI Gateway',
  helicone: 'Helicone',
  openrouter: 'OpenRouter',
  apisix: 'APISIX',
  kong: 'Kong',
};

/** What the gateway said about one check. */
export interface GatewaySeen {
  /** Which gateway answered (the first one found when several are stacked). */
  name: GatewayName;
  /** Upstream retries after the first attempt; null when the gateway does not say. */
  retries: number | null;
  /** The gateway ran out of retries (Portkey `-1`): the upstream failed every attempt. */
  retriesExhausted: boolean;
  /** Served by a fallback, not the first model/provider; null when the gateway does not say. */
  fellBack: boolean | null;
  /** Answered from the gateway's cache; null when the gateway does not say. */
  cacheHit: boolean | null;
}

type Said = Omit<GatewaySeen, 'name'>;
type HeaderGet = (name: string) => string | null;

const NOTHING: Said = { retries: null, retriesExhausted: false, fellBack: null, cacheHit: null };

/** A plain integer, or null: gateways send decimal strings; anything else is not trusted as a count. */
function integer(value: string | null): number | null {
  if (value === null || !/^\s*-?\d{1,9}\s*$/.test(value)) return null;
  return Number(value.trim());
}

/** A cache status header: true for a hit, false for any other value, null when absent. */
function cacheStatus(value: string | null, hits: readonly string[]): boolean | null {
  if (value === null) return null;
  return hits.includes(value.trim().toUpperCase());
}

function litellm(get: HeaderGet): Said {
  const retries = integer(get('x-litellm-attempted-retries'));
  const fallbacks = integer(get('x-litellm-attempted-fallbacks'));
  const cacheKey = get('x-litellm-cache-key');
  return {
    retries: retries === null ? null : Math.max(0, retries),
    retriesExhausted: false,
    fellBack: fallbacks === null ? null : fallbacks > 0,
    cacheHit: cacheKey !== null && cacheKey.trim() !== '' && cacheKey.trim() !== 'None' ? true : null,
  };
}

/** `1`, `config.targets[1]`, `config.targets[0].targets[2]`: any index above 0 is not the first target. */
function portkeyFellBack(value: string | null): boolean | null {
  if (value === null) return null;
  const plain = integer(value);
  if (plain !== null) return plain > 0;
  const indices = [...value.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  return indices.length === 0 ? null : indices.some((i) => i > 0);
}

function portkey(get: HeaderGet): Said {
  const count = integer(get('x-portkey-retry-attempt-count'));
  return {
    // -1 says the retries ran out, not how many there were.
    retries: count === null || count < 0 ? null : count,
    retriesExhausted: count === -1,
    fellBack: portkeyFellBack(get('x-portkey-last-used-option-index')),
    cacheHit: cacheStatus(get('x-portkey-cache-status'), ['HIT', 'SEMANTIC HIT']),
  };
}

function cloudflare(get: HeaderGet): Said {
  const step = integer(get('cf-aig-step'));
  return {
    ...NOTHING,
    fellBack: step === null ? null : step !== 0,
    cacheHit: cacheStatus(get('cf-aig-cache-status'), ['HIT']),
  };
}

const cacheOnly =
  (header: string, hits: readonly string[]) =>
  (get: HeaderGet): Said => ({ ...NOTHING, cacheHit: cacheStatus(get(header), hits) });

/** Each gateway: how to tell it answered (a header prefix or name), and what its headers say. */
const READERS: {
  name: GatewayName;
  present: (names: string[]) => boolean;
  read: (get: HeaderGet) => Said;
}[] = [
  { name: 'litellm', present: (n) => n.some((h) => h.startsWith('x-litellm-')), read: litellm },
  { name: 'portkey', present: (n) => n.some((h) => h.startsWith('x-portkey-')), read: portkey },
  { name: 'cloudflare', present: (n) => n.some((h) => h.startsWith('cf-aig-')), read: cloudflare },
  {
    name: 'helicone',
    present: (n) => n.some((h) => h.startsWith('helicone-')),
    read: cacheOnly('helicone-cache', ['HIT']),
  },
  {
    name: 'openrouter',
    present: (n) => n.some((h) => h.startsWith('x-openrouter-')),
    read: cacheOnly('x-openrouter-cache-status', ['HIT']),
  },
  {
    name: 'apisix',
    present: (n) => n.includes('x-ai-cache-status'),
    read: cacheOnly('x-ai-cache-status', ['HIT-L1', 'HIT-L2', 'HIT']),
  },
  {
    name: 'kong',
    present: (n) => n.some((h) => h.startsWith('x-kong-')),
    read: cacheOnly('x-cache-status', ['HIT']),
  },
];

/** Two gateways stacked: any one that retried, fell back or answered from cache counts. */
function merge(a: Said, b: Said): Said {
  const either = (x: boolean | null, y: boolean | null) => (x === true || y === true ? true : (x ?? y));
  return {
    retries: a.retries === null && b.retries === null ? null : (a.retries ?? 0) + (b.retries ?? 0),
    retriesExhausted: a.retriesExhausted || b.retriesExhausted,
    fellBack: either(a.fellBack, b.fellBack),
    cacheHit: either(a.cacheHit, b.cacheHit),
  };
}

function isHeaders(value: unknown): value is Headers {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Headers).get === 'function' &&
    typeof (value as Headers).keys === 'function'
  );
}

/**
 * What the gateway said in these response headers, or null when no gateway header is there.
 * Takes anything: an SDK error's `headers` may be missing.
 */
export function readGateway(headers: unknown): GatewaySeen | null {
  if (!isHeaders(headers)) return null;
  const names = [...headers.keys()].map((h) => h.toLowerCase());
  const get: HeaderGet = (name) => headers.get(name);
  const found = READERS.filter((reader) => reader.present(names));
  const first = found[0];
  if (first === undefined) return null;
  const said = found.map((reader) => reader.read(get)).reduce(merge);
  return { name: first.name, ...said };
}

/** The gateway retried this check upstream at least once (or ran out of retries). */
export function gatewayRetried(g: GatewaySeen | null): boolean {
  return g !== null && ((g.retries ?? 0) > 0 || g.retriesExhausted);
}
