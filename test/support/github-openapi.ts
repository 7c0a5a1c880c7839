// Checks HTTP requests (and, for the fake's own self-test, responses) against GitHub's published OpenAPI
// description, so a test double can't silently accept calls the real API would reject.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Json;
}

interface Operation {
  operationId: string;
  parameters?: Json[];
  requestBody?: Json;
  responses?: Record<string, Json>;
}

interface Route {
  template: string;
  segments: string[];
  paramNames: (string | null)[]; // per segment: the parameter name, or null for a literal
  item: Record<string, unknown>;
}

interface Spec {
  paths: Record<string, Record<string, unknown>>;
  components: Json;
}

// Refs are rewritten to point at this schema, which holds the spec's whole `components` section.
const COMPONENTS_ID = 'https://api.github.com/openapi-components';

let cache: { spec: Spec; routes: Route[]; ajv: Ajv; coercingAjv: Ajv; loadMs: number } | undefined;
const compiled = new Map<string, ValidateFunction>();

function load() {
  if (cache) return cache;
  const started = performance.now();
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  const spec = JSON.parse(readFileSync(file, 'utf8')) as Spec;
  const routes = Object.entries(spec.paths).map(([template, item]): Route => {
    const segments = template.split('/');
    return {
      template,
      segments,
      paramNames: segments.map((s) => (/^\{[^}]+\}$/.test(s) ? s.slice(1, -1) : null)),
      item,
    };
  });
  // Most specific first: at the first segment where two templates differ, a literal beats a {param}
  // (so /issues/comments/{id} wins over /issues/{issue_number}/...).
  routes.sort((a, b) => {
    if (a.segments.length !== b.segments.length) return a.segments.length - b.segments.length;
    for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
      const aParam = a.paramNames[i] !== null;
      const bParam = b.paramNames[i] !== null;
      if (aParam !== bParam) return aParam ? 1 : -1;
    }
    return 0;
  });
  const components = toJsonSchema(spec.components);
  const makeAjv = (coerceTypes: boolean) => {
    // strict: false because the spec uses OpenAPI-only keywords (example, discriminator, x-github...);
    // formats other than date-time are ignored (logger off keeps that quiet).
    const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes, logger: false });
    ajv.addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i);
    ajv.addSchema({ $id: COMPONENTS_ID, components });
    return ajv;
  };
  cache = { spec, routes, ajv: makeAjv(false), coercingAjv: makeAjv(true), loadMs: 0 };
  cache.loadMs = performance.now() - started;
  return cache;
}

/** Milliseconds spent reading and indexing the OpenAPI file (loads it if not yet loaded). */
export function openApiLoadMs(): number {
  return load().loadMs;
}

/** Follows `#/components/...` refs within the spec. */
function deref(schema: unknown): Json {
  let current = schema as Json;
  for (let hops = 0; typeof current?.$ref === 'string' && hops < 20; hops++) {
    const pointer = (current.$ref as string).replace(/^#\//, '').split('/');
    let target: unknown = load().spec;
    for (const part of pointer) {
      target = (target as Json)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    current = target as Json;
  }
  return current ?? {};
}

/**
 * Deep copy in the JSON Schema dialect Ajv expects: local refs point at the shared components schema, and
 * OpenAPI's `nullable: true` becomes "or null" (Ajv's own `nullable` support rejects it without `type`
 * and does not extend `enum`, both of which GitHub's spec relies on).
 */
function toJsonSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (value === null || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'nullable' && inner === true) continue;
    out[key] =
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/')
        ? `${COMPONENTS_ID}${inner}`
        : toJsonSchema(inner);
  }
  if ((value as Json).nullable !== true) return out;
  // Prefer widening `type`/`enum` over anyOf: same meaning, one readable error instead of three.
  if (typeof out.type !== 'string') return { anyOf: [out, { type: 'null' }] };
  out.type = [out.type, 'null'];
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  return out;
}

function compile(key: string, schema: unknown, coerce = false): ValidateFunction {
  const cacheKey = `${coerce ? 'coerce:' : ''}${key}`;
  let validate = compiled.get(cacheKey);
  if (!validate) {
    const { ajv, coercingAjv } = load();
    validate = (coerce ? coercingAjv : ajv).compile(toJsonSchema(schema) as Json);
    compiled.set(cacheKey, validate);
  }
  return validate;
}

function matchRoute(pathname: string): { route: Route; params: Record<string, string> } | null {
  const parts = pathname.split('/');
  for (const route of load().routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((segment, i) => {
      const part = parts[i] ?? '';
      const name = route.paramNames[i];
      if (name === null || name === undefined) return segment === part;
      if (part === '') return false;
      params[name] = safeDecode(part);
      return true;
    });
    if (matches) return { route, params };
  }
  return null;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function findOperation(method: string, pathname: string) {
  const match = matchRoute(pathname);
  if (!match) return { match: null, operation: null };
  const operation = match.route.item[method.toLowerCase()] as Operation | undefined;
  return { match, operation: operation?.operationId ? operation : null };
}

export function operationFor(method: string, path: string): { operationId: string; template: string } | null {
  const { match, operation } = findOperation(method, new URL(path, 'http://x').pathname);
  return match && operation ? { operationId: operation.operationId, template: match.route.template } : null;
}

function formatAjvErrors(where: (instancePath: string) => string, errors: ErrorObject[] | null | undefined) {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'additionalProperties') // reported by findUnknownFields, with the field name
    .map((e) => {
      const allowed = e.keyword === 'enum' ? ` ${JSON.stringify(e.params.allowedValues)}` : '';
      return `${where(e.instancePath)} ${e.message}${allowed}`;
    });
}

/** The schema plus every alternative it composes (allOf/oneOf/anyOf), refs resolved. */
function branches(schema: unknown): Json[] {
  const resolved = deref(schema);
  const out = [resolved];
  for (const key of ['allOf', 'oneOf', 'anyOf']) {
    for (const sub of (resolved[key] as unknown[] | undefined) ?? []) out.push(...branches(sub));
  }
  return out;
}

/**
 * GitHub's schemas rarely say `additionalProperties: false`, yet the real API ignores (or rejects) fields it
 * doesn't know, so a misspelt field is a silent bug. Report object keys no branch of the schema declares.
 */
function findUnknownFields(schema: unknown, value: unknown, where: string, problems: string[]): void {
  const all = branches(schema);
  if (Array.isArray(value)) {
    const items = all.filter((b) => b.items !== undefined).map((b) => b.items);
    if (items.length === 0) return;
    value.forEach((v, i) => {
      findUnknownFields({ anyOf: items }, v, `${where}/${i}`, problems);
    });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const objectBranches = all.filter((b) => b.type === 'object' || b.properties !== undefined);
  // An object schema with open additionalProperties or no declared properties accepts any key.
  const open = objectBranches.some(
    (b) => (b.additionalProperties !== undefined && b.additionalProperties !== false) || !b.properties,
  );
  if (objectBranches.length === 0 || open) return;
  for (const [key, inner] of Object.entries(value)) {
    const declared = objectBranches
      .map((b) => (b.properties as Json)[key])
      .filter((s): s is Json => s !== undefined);
    if (declared.length === 0) problems.push(`${where} has unknown field '${key}'`);
    else findUnknownFields({ anyOf: declared }, inner, `${where}/${key}`, problems);
  }
}

function resolveParameters(match: { route: Route }, operation: Operation): Parameter[] {
  const shared = (match.route.item.parameters as Json[] | undefined) ?? [];
  return [...shared, ...(operation.parameters ?? [])].map((p) => deref(p) as unknown as Parameter);
}

/** Checks the parameters as a single object: declared names only, required present, values of the right type. */
function validateParameters(
  label: string,
  key: string,
  declared: Parameter[],
  values: Record<string, string>,
): string[] {
  const schema = {
    type: 'object',
    properties: Object.fromEntries(declared.map((p) => [p.name, p.schema ?? {}])),
    required: declared.filter((p) => p.required).map((p) => p.name),
  };
  const problems: string[] = [];
  const names = new Set(declared.map((p) => p.name));
  for (const name of Object.keys(values)) {
    if (!names.has(name)) problems.push(`${label} '${name}' is not declared for this operation`);
  }
  const validate = compile(key, schema, true);
  // Coercion mutates its input; validate a copy so callers keep the raw strings.
  const where = (instancePath: string) =>
    instancePath ? `${label} '${instancePath.slice(1)}'` : `${label}s`;
  if (!validate({ ...values })) problems.push(...formatAjvErrors(where, validate.errors));
  return problems;
}

/**
 * Validates one request against api.github.com's OpenAPI description. `body` is the parsed JSON body
 * (undefined when the request had none). Returns human-readable problems; empty means valid.
 */
export function validateGitHubRequest(method: string, pathWithQuery: string, body: unknown): string[] {
  const url = new URL(pathWithQuery, 'http://x');
  const { match, operation } = findOperation(method, url.pathname);
  if (!match) return [`no GitHub REST path matches ${url.pathname}`];
  if (!operation) return [`${method.toUpperCase()} is not a GitHub operation on ${match.route.template}`];

  const id = operation.operationId;
  const parameters = resolveParameters(match, operation);
  const query: Record<string, string> = {};
  const problems: string[] = [];
  for (const [name, value] of url.searchParams) {
    if (name in query) problems.push(`query parameter '${name}' is repeated`);
    query[name] = value;
  }
  problems.push(
    ...validateParameters(
      'path parameter',
      `${id}:path`,
      parameters.filter((p) => p.in === 'path'),
      match.params,
    ),
    ...validateParameters(
      'query parameter',
      `${id}:query`,
      parameters.filter((p) => p.in === 'query'),
      query,
    ),
  );

  const requestBody = operation.requestBody ? deref(operation.requestBody) : undefined;
  if (!requestBody) {
    if (body !== undefined) problems.push(`${id} takes no request body`);
    return problems;
  }
  if (body === undefined) {
    if (requestBody.required) problems.push(`${id} requires a request body`);
    return problems;
  }
  const content = (requestBody.content ?? {}) as Record<string, { schema?: Json }>;
  const jsonType = Object.keys(content).find((type) => type.includes('json'));
  const schema = jsonType ? content[jsonType]?.schema : undefined;
  if (!schema) return [...problems, `${id} does not take a JSON body`];
  const validate = compile(`${id}:body`, schema);
  if (!validate(body)) problems.push(...formatAjvErrors((path) => `body${path}`, validate.errors));
  findUnknownFields(schema, body, 'body', problems);
  return problems;
}

/**
 * Validates a response body against the schema the spec documents for that operation and status
 * (used to keep the fake's JSON shapes honest). Unknown fields are allowed, as clients must tolerate them.
 */
export function validateGitHubResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
): string[] {
  const { match, operation } = findOperation(method, new URL(path, 'http://x').pathname);
  if (!match || !operation) return [`no GitHub operation for ${method} ${path}`];
  const response = operation.responses?.[String(status)];
  if (!response) return [`${operation.operationId} does not document status ${status}`];
  const content = (deref(response).content ?? {}) as Record<string, { schema?: Json }>;
  const schema = content['application/json']?.schema;
  if (!schema) return body === undefined || body === '' ? [] : [`status ${status} documents no JSON body`];
  const validate = compile(`${operation.operationId}:response:${status}`, schema);
  return validate(body) ? [] : formatAjvErrors((path) => `response${path}`, validate.errors);
}
