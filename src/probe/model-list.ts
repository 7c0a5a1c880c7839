import type OpenAI from 'openai';
import type { Config, Target } from '../config/types.js';
import { targetSecrets } from '../secrets.js';
import { cleanServerText } from '../text/untrusted.js';
import { createClient } from './check.js';
import { classifyError } from './classify.js';

/** What one `GET /models` said about a target's model, before any request of the burst could fail. */
export interface ModelListing {
  /** Whether the provider lists the model; null when the list could not be read. */
  listed: boolean | null;
  /** The retirement date the provider gives for it (YYYY-MM-DD), when it gives one. */
  shutdownDate: string | null;
  /** Why the list could not be read; null when it was. */
  error: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A retirement date from an entry of the list: OpenAI's `shutdown_date`, OpenRouter's `expiration_date`,
 * Azure's `deprecation.inference` (seconds since the epoch).
 */
function shutdownOf(entry: Record<string, unknown>): string | null {
  for (const key of ['shutdown_date', 'expiration_date']) {
    const date = entry[key];
    if (typeof date === 'string' && DATE.test(date.slice(0, 10))) return date.slice(0, 10);
  }
  const inference = (entry.deprecation as { inference?: unknown } | undefined)?.inference;
  if (typeof inference === 'number' && Number.isFinite(inference) && inference > 0) {
    return new Date(inference * 1000).toISOString().slice(0, 10);
  }
  return null;
}

/** Whether an entry names the model: as written, or as Gemini lists it (`models/<name>`). */
function names(entry: Record<string, unknown>, model: string): boolean {
  return entry.id === model || entry.id === `models/${model}`;
}

/**
 * One `GET /models` (no retries, its own deadline): is the model still listed, with a shutdown date?
 * Never throws. Only the first page is read: one request per target per run.
 */
export async function modelListing(client: OpenAI, target: Target, timeoutMs: number): Promise<ModelListing> {
  const secrets = targetSecrets(target);
  try {
    const page = await client.models.list({ signal: AbortSignal.timeout(timeoutMs), maxRetries: 0 });
    const entries = (Array.isArray(page.data) ? page.data : []) as unknown as Record<string, unknown>[];
    const entry = entries.find((e) => e && typeof e === 'object' && names(e, target.model));
    return { listed: entry !== undefined, shutdownDate: entry ? shutdownOf(entry) : null, error: null };
  } catch (err) {
    const failure = classifyError(err, false, secrets);
    const status = failure.httpStatus === null ? '' : `HTTP ${failure.httpStatus}: `;
    return {
      listed: null,
      shutdownDate: null,
      error: cleanServerText(`${status}${failure.error}`, secrets).slice(0, 300),
    };
  }
}

/** Every target's listing, side by side; null for all when check-model-listed is off. */
export async function modelListings(
  config: Config,
  fetchImpl?: typeof fetch,
): Promise<(ModelListing | null)[]> {
  if (!config.checkModelListed) return config.targets.map(() => null);
  return Promise.all(
    config.targets.map((t) => modelListing(createClient(t, fetchImpl), t, config.timeoutMs)),
  );
}

/** The notice a listing earns in the summary and the issue; null when there is nothing to say. */
export function listingNotice(model: string, listing: ModelListing | null): string | null {
  if (!listing) return null;
  if (listing.error !== null)
    return `check-model-listed: the model list (GET /models) could not be read: ${listing.error}`;
  if (!listing.listed) {
    return `${model} is no longer in the provider's model list (GET /models): it may be retiring; check the provider's deprecations before its requests start failing`;
  }
  if (listing.shutdownDate)
    return `${model} shuts down on ${listing.shutdownDate}, says the provider's model list`;
  return null;
}
