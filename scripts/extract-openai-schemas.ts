/**
 * Vendors the response schemas of the endpoints the checks call (chat completions, embeddings, Responses,
 * the model list) from OpenAI's OpenAPI spec into
 * test/fixtures/openai-chat-schemas.json, so test/fake-provider.test.ts runs on a clean clone.
 *
 *   node scripts/extract-openai-schemas.ts path/to/openai-openapi.yaml
 *
 * (OpenAI publishes the description as openapi.yaml in github.com/openai/openai-openapi.)
 *
 * Output: one JSON Schema (draft 2020-12) document whose $defs hold the root schemas and every schema they
 * reference. OpenAPI-isms are converted so ajv validates them as OpenAI means them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOTS = [
  'CreateChatCompletionResponse',
  'CreateChatCompletionStreamResponse',
  'ErrorResponse',
  'CreateEmbeddingResponse',
  'Response',
  'ResponseStreamEvent',
  'ListModelsResponse',
];
const REF_PREFIX = '#/components/schemas/';
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = resolve(REPO_ROOT, 'test/fixtures/openai-chat-schemas.json');
const BIOME = resolve(REPO_ROOT, 'node_modules/.bin/biome');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names of the component schemas referenced anywhere inside value. */
function refsIn(value: Json, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, found);
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith(REF_PREFIX)) {
        found.add(child.slice(REF_PREFIX.length));
      } else {
        refsIn(child, found);
      }
    }
  }
  return found;
}

/** Root schemas plus the transitive closure of the schemas they reference. */
function closure(schemas: JsonObject, roots: string[]): string[] {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    const schema = schemas[name];
    if (schema === undefined) throw new Error(`schema ${name} not found in components.schemas`);
    seen.add(name);
    queue.push(...refsIn(schema));
  }
  return [...seen];
}

/**
 * OpenAPI -> JSON Schema 2020-12:
 * - `nullable: true` (OpenAPI 3.0, still used in parts of OpenAI's 3.1 spec) becomes a null type / enum member,
 *   or `anyOf [schema, null]` when there is no plain type (e.g. a $ref with nullable beside it);
 * - `discriminator` (OpenAPI only; the oneOf branches already exclude each other) and `x-*` extensions are dropped;
 * - refs point at `#/$defs/...`;
 * - object keys are sorted so regenerating gives a stable diff.
 */
function convert(value: Json): Json {
  if (Array.isArray(value)) return value.map(convert);
  if (!isObject(value)) return value;

  const out: JsonObject = {};
  for (const key of Object.keys(value).sort()) {
    if (key.startsWith('x-') || key === 'discriminator' || key === 'nullable') continue;
    const child = value[key]!;
    if (key === '$ref' && typeof child === 'string') {
      out[key] = child.startsWith(REF_PREFIX) ? `#/$defs/${child.slice(REF_PREFIX.length)}` : child;
    } else if (key === 'properties' || key === '$defs') {
      // Keys here are property names, not keywords: never drop them, but do sort them.
      const properties: JsonObject = {};
      for (const name of Object.keys(child as JsonObject).sort()) {
        properties[name] = convert((child as JsonObject)[name]!);
      }
      out[key] = properties;
    } else {
      out[key] = convert(child);
    }
  }
  if (value.nullable !== true) return out;

  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  // No plain type: wrap, keeping annotations on the outside.
  const { description, deprecated, title, ...inner } = out;
  const wrapped: JsonObject = { anyOf: [inner, { type: 'null' }] };
  if (deprecated !== undefined) wrapped.deprecated = deprecated;
  if (description !== undefined) wrapped.description = description;
  if (title !== undefined) wrapped.title = title;
  return wrapped;
}

/**
 * Draft 2019-09's `$recursiveAnchor: true` with `$recursiveRef: "#"` (the spec's recursive filters) is a
 * reference to the schema itself, which draft 2020-12 writes as a `$ref` to its own definition.
 */
function resolveRecursive(value: Json, self: string): Json {
  if (Array.isArray(value)) return value.map((item) => resolveRecursive(item, self));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$recursiveAnchor') continue;
    if (key === '$recursiveRef' && child === '#') out.$ref = `#/$defs/${self}`;
    else out[key] = resolveRecursive(child, self);
  }
  return out;
}

function main(): void {
  if (!process.argv[2]) {
    console.error('usage: node scripts/extract-openai-schemas.ts path/to/openai-openapi.yaml');
    process.exit(2);
  }
  const specPath = resolve(process.argv[2]);
  const spec = parse(readFileSync(specPath, 'utf8')) as JsonObject;
  const openapi = String(spec.openapi ?? '');
  if (!/^3\.[01]\./.test(openapi)) throw new Error(`unsupported OpenAPI version ${openapi || '(none)'}`);
  const info = isObject(spec.info) ? spec.info : {};
  const components = isObject(spec.components) ? spec.components : {};
  const schemas = isObject(components.schemas) ? components.schemas : {};

  const names = closure(schemas, ROOTS).sort();
  const defs: JsonObject = {};
  for (const name of names) defs[name] = resolveRecursive(convert(schemas[name]!), name);

  const document = {
    $comment: 'Generated by scripts/extract-openai-schemas.ts; do not edit by hand.',
    $id: 'https://llm-heartbeat.test/openai-chat-schemas.json',
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    source: {
      file: basename(specPath),
      title: String(info.title ?? ''),
      version: String(info.version ?? ''),
      openapi,
      roots: ROOTS,
    },
    $defs: defs,
  };
  writeFileSync(OUTPUT, `${JSON.stringify(document, null, 2)}\n`);
  // Format like the rest of the repo, so regenerating gives no diff and `biome check` stays clean.
  if (existsSync(BIOME)) {
    const formatted = spawnSync(BIOME, ['format', '--write', OUTPUT], { cwd: REPO_ROOT, stdio: 'inherit' });
    if (formatted.status !== 0) throw new Error('biome format failed on the generated fixture');
  }
  process.stdout.write(
    `wrote ${names.length} schemas from ${basename(specPath)} ${info.version} to ${OUTPUT}\n`,
  );
}

main();
