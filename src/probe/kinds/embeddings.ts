import type { Target } from '../../config/types.js';
import { cleanServerText } from '../../text/untrusted.js';
import {
  type Exchange,
  errorInstead,
  KIB,
  type KindCheck,
  keepContent,
  noteHeaders,
  noteIdentity,
  type Outcome,
  promptFor,
} from '../check.js';
import { classifyErrorPayload } from '../classify.js';
import { badReply } from './shape.js';

/**
 * The dimension first seen per target in this run, when embedding-dimensions is empty: a later check
 * that gets another one reports the change. (The report keeps each check's dimension, so a run can be
 * compared with the one before it.)
 */
const firstSeen = new WeakMap<Target, number>();

/**
 * Embeddings: `POST /embeddings` for the prompt (with its {{nonce}}), as floats (every server knows
 * them; base64 is OpenAI's). Ok when the vector is finite, not all zeros, and of embedding-dimensions.
 */
export const embeddings: KindCheck = async (run) => {
  const { client, target, ex, secrets, requestOptions } = run;
  let data: unknown;
  let response: Response;
  try {
    ({ data, response } = await run.send(() =>
      client.embeddings
        .create(
          { model: target.model, input: promptFor(target.prompt), encoding_format: 'float' },
          requestOptions,
        )
        .withResponse(),
    ));
  } catch (err) {
    // JSON has no NaN or Infinity: a server that writes them (Python's json.dumps does) sends a body no parser reads.
    if (err instanceof SyntaxError && ex.headersAt === null && /NaN|Infinity/.test(err.message)) {
      return badReply('vector holds NaN or Infinity (not valid JSON)', 'vector_not_finite');
    }
    throw err;
  }
  noteHeaders(ex, response);
  const error = errorInstead(data);
  if (error) return classifyErrorPayload(error, 'reply', secrets);
  return judgeEmbedding(ex, target, data, response, secrets);
};

function judgeEmbedding(
  ex: Exchange,
  target: Target,
  data: unknown,
  response: Response,
  secrets: readonly string[],
): Outcome {
  if (data === undefined || data === null || data === '') return badReply('empty body');
  if (typeof data === 'string') {
    const contentType = response.headers.get('content-type') ?? 'missing';
    return badReply(
      `not JSON (content-type ${contentType}): ${cleanServerText(data.slice(0, 4 * KIB), secrets).slice(0, 120)}`,
    );
  }
  const body = data as { data?: unknown; model?: unknown };
  noteIdentity(ex, body);
  const first = Array.isArray(body.data) ? (body.data[0] as { embedding?: unknown } | undefined) : undefined;
  const vector = first?.embedding;
  if (!Array.isArray(vector)) return badReply('not an embedding list: no data[0].embedding array');
  const problem = vectorProblem(vector);
  const dimensions = vector.length;
  keepContent(ex, `[${vector.slice(0, 3).map(String).join(', ')}, …] (${dimensions} dimensions)`);
  if (problem) return { ...badReply(problem, 'vector_not_finite'), dimensions };
  const expected = target.embeddingDimensions ?? firstSeen.get(target) ?? null;
  if (expected === null) firstSeen.set(target, dimensions);
  else if (dimensions !== expected) {
    const source = target.embeddingDimensions ? '' : ' (first seen in this run)';
    return { ...badReply(`dimension ${dimensions}, expected ${expected}${source}`, 'dimension'), dimensions };
  }
  return { category: 'ok', error: null, errorCode: null, dimensions };
}

/** What makes a vector unusable: a non-number, NaN or Infinity, nothing at all, or only zeros. Pure. */
export function vectorProblem(vector: readonly unknown[]): string | null {
  if (vector.length === 0) return 'vector is empty';
  let nonZero = false;
  for (let i = 0; i < vector.length; i++) {
    const v = vector[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      return `vector element ${i} is ${v === null ? 'null' : typeof v === 'number' ? String(v) : typeof v}, not a finite number`;
    }
    if (v !== 0) nonZero = true;
  }
  return nonZero ? null : `vector is all zeros (${vector.length} dimensions)`;
}
