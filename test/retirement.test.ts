/**
 * Retirement before the day: a model the provider answers as missing or retired says so (in the check and
 * the tracking issue), and check-model-listed reads GET /models once per target to see a model leave the
 * list while it still answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config/index.js';
import { judgeRun, probeRun } from '../src/pipeline.js';
import { createClient, runCheck } from '../src/probe/check.js';
import { MODEL_GONE, modelGone } from '../src/probe/classify.js';
import { modelListing } from '../src/probe/model-list.js';
import { runInfoFromEnv } from '../src/runner-env.js';
import { outageDetails } from '../src/tracker/body.js';
import { type FakeProvider, startFakeProvider } from './support/fake-provider.js';
import { targetAt } from './support/fixtures.js';

let provider: FakeProvider;
beforeAll(async () => {
  provider = await startFakeProvider({});
});
afterAll(async () => {
  await provider.close();
});

const settings = { stream: true, timeoutMs: 5000, idleTimeoutMs: 2000 };

describe('a model answered as missing or retired', () => {
  it("an unknown model (OpenAI's 404 model_not_found): not_found, retired or misspelled?", async () => {
    provider.setScript({});
    const target = targetAt(provider.url, { model: 'gpt-3.5-turbo-0301' });
    const result = await runCheck(createClient(target), target, settings, 0);
    expect(result).toMatchObject({ category: 'not_found', httpStatus: 404, errorCode: 'model_not_found' });
    expect(result.error).toBe(
      `${MODEL_GONE}: The model \`gpt-3.5-turbo-0301\` does not exist or you do not have access to it.`,
    );
  });

  it('a 410 saying the model was deprecated: not_found too, for every kind', async () => {
    const gone = {
      kind: 'error' as const,
      status: 410,
      json: {
        error: { message: 'The model `old` has been deprecated.', type: 'invalid_request_error', code: null },
      },
    };
    provider.setScript({ old: gone });
    for (const kind of ['chat', 'tools', 'json', 'embeddings', 'responses'] as const) {
      const target = targetAt(provider.url, { model: 'old', kind });
      const result = await runCheck(createClient(target), target, settings, 0);
      expect(result.category, kind).toBe('not_found');
      expect(result.error, kind).toBe(`${MODEL_GONE}: The model \`old\` has been deprecated.`);
    }
  });

  it('what each provider writes, and what is not about a model', () => {
    expect(modelGone(404, null, 'model "llama9" not found, try pulling it first')).toBe(true); // Ollama
    expect(modelGone(404, null, 'models/gemini-1.0-pro is not found for API version v1beta')).toBe(true); // Gemini
    expect(modelGone(404, 'DeploymentNotFound', 'The API deployment for this resource does not exist.')).toBe(
      true,
    );
    expect(modelGone(400, 'model_decommissioned', 'The model `x` has been decommissioned')).toBe(true); // Groq
    expect(modelGone(404, null, 'Invalid URL (POST /v1/chat/completions)')).toBe(false); // a wrong base-url
    expect(modelGone(404, 'not_found', 'The requested resource does not exist.')).toBe(false);
    expect(modelGone(400, null, 'The model `x` does not exist')).toBe(false);
  });

  it('the tracking issue says the model may be retired', () => {
    provider.setScript({});
    const config = parseConfig({ 'base-url': provider.url, model: 'gone-model', 'api-key': 'k' });
    return (async () => {
      const report = await probeRun(
        { ...config, checks: 2, intervalMs: 0 },
        { env: {}, version: 't', location: null, onResult: () => {} },
      );
      const target = report.targets[0]!;
      expect(target.status).toBe('down');
      const details = outageDetails({ target, stream: true, runUrl: null, now: new Date() });
      expect(details).toContain(
        '- 🪦 2 of 2 checks were answered "model not found": the provider may have retired `gone-model` (look for it on its deprecations page), or the name is misspelled.',
      );
    })();
  });
});

describe('check-model-listed', () => {
  it('listed, with a shutdown date, or not listed; one GET /models each', async () => {
    provider.setScript({ m: { kind: 'ok' } });
    const target = targetAt(provider.url);
    const client = createClient(target);
    const before = provider.requests.length;
    expect(await modelListing(client, target, 2000)).toEqual({
      listed: true,
      shutdownDate: null,
      error: null,
    });
    provider.listModels(['other', 'm:2026-10-14']);
    expect(await modelListing(client, target, 2000)).toEqual({
      listed: true,
      shutdownDate: '2026-10-14',
      error: null,
    });
    provider.listModels(['other']);
    expect(await modelListing(client, target, 2000)).toEqual({
      listed: false,
      shutdownDate: null,
      error: null,
    });
    expect(provider.requests.length - before).toBe(3);
    expect(provider.requests.at(-1)!.path).toBe('/v1/models');
    provider.listModels(null);
  });

  it("each provider's own shape of the list: Gemini's models/ names, OpenRouter's expiration_date, Azure's deprecation", async () => {
    const listed = (data: unknown[]) => async () =>
      new Response(JSON.stringify({ object: 'list', data }), {
        headers: { 'content-type': 'application/json' },
      });
    const target = targetAt('https://example.invalid/v1', { model: 'gemini-2.5-flash' });
    const gemini = await modelListing(
      createClient(target, listed([{ id: 'models/gemini-2.5-flash' }])),
      target,
      2000,
    );
    expect(gemini).toEqual({ listed: true, shutdownDate: null, error: null });
    const openrouter = await modelListing(
      createClient(target, listed([{ id: 'gemini-2.5-flash', expiration_date: '2026-09-01' }])),
      target,
      2000,
    );
    expect(openrouter.shutdownDate).toBe('2026-09-01');
    const azure = await modelListing(
      createClient(target, listed([{ id: 'gemini-2.5-flash', deprecation: { inference: 1_798_761_600 } }])),
      target,
      2000,
    );
    expect(azure.shutdownDate).toBe('2027-01-01');
    // A date that is not one is not taken: no server text goes into the notice.
    const odd = await modelListing(
      createClient(target, listed([{ id: 'gemini-2.5-flash', shutdown_date: 'soon <b>!</b>' }])),
      target,
      2000,
    );
    expect(odd.shutdownDate).toBeNull();
  });

  it('a list that cannot be read says why, never throws', async () => {
    const keyed = await startFakeProvider({}, { apiKey: 'right' });
    try {
      const target = targetAt(keyed.url, { apiKey: 'sk-wrong-key-0123456789' });
      const listing = await modelListing(createClient(target), target, 2000);
      expect(listing.listed).toBeNull();
      expect(listing.error).toMatch(/^HTTP 401: Incorrect API key provided/);
      expect(listing.error).not.toContain('sk-wrong-key-0123456789');
    } finally {
      await keyed.close();
    }
  });

  it('a model no longer listed, while it answers: a notice in the summary and the issue, status up', async () => {
    provider.setScript({ m: { kind: 'ok' } });
    provider.listModels(['m2']);
    const config = parseConfig({
      'base-url': provider.url,
      model: 'm',
      'api-key': 'k',
      'check-model-listed': 'true',
      checks: '2',
      interval: '0',
    });
    const report = await probeRun(config, { env: {}, version: 't', location: null, onResult: () => {} });
    const target = report.targets[0]!;
    expect(target.status).toBe('up');
    expect(target.modelListing).toEqual({ listed: false, shutdownDate: null, error: null });
    expect(target.verdict.notes).toContain(
      "m is no longer in the provider's model list (GET /models): it may be retiring; check the provider's deprecations before its requests start failing",
    );
    expect(provider.requests.filter((r) => r.path === '/v1/models')).toHaveLength(4);
    provider.listModels(null);
    // Off by default: no GET /models, no listing in the report.
    const off = judgeRun(parseConfig({ 'base-url': provider.url, model: 'm', 'api-key': 'k' }), [[]], {
      startedAt: new Date(),
      finishedAt: new Date(),
      version: 't',
      location: null,
      run: runInfoFromEnv({}),
    });
    expect(off.targets[0]!.modelListing).toBeUndefined();
  });
});
