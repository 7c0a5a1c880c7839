import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Outcome } from '../check.js';
import { incompleteStream, type ReplyObservation } from '../classify.js';

/**
 * The shape checks of the kinds that are not chat: JSON Schema validation (ajv) of what a model was asked
 * to produce, and the ways a chat completion can end before there is anything to validate.
 */

let ajv: Ajv | null = null;

/**
 * A schema compiled once, on its first use; what it finds wrong, as one short sentence. Compiling at
 * import would cost every run, chat-only ones included, about 60 ms of start-up (ajv compiles its
 * meta-schema first).
 */
export function schemaCheck(schema: object): (value: unknown) => string | null {
  let validate: ValidateFunction | null = null;
  return (value) => {
    ajv ??= new Ajv({ allErrors: false, strict: true });
    validate ??= ajv.compile(schema);
    return validate(value) ? null : schemaError(validate.errors ?? []);
  };
}

function schemaError(errors: ErrorObject[]): string {
  const first = errors[0];
  if (!first) return 'schema: does not validate';
  const extra =
    first.keyword === 'additionalProperties'
      ? ` (${JSON.stringify((first.params as { additionalProperty?: string }).additionalProperty)})`
      : '';
  return `schema: ${first.instancePath || '(root)'} ${first.message ?? 'is invalid'}${extra}`;
}

/** JSON text parsed, or why not. */
export function parseJson(text: string): { value: unknown } | { problem: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (err) {
    return { problem: err instanceof Error ? err.message : String(err) };
  }
}

/** A bad_reply naming exactly what was wrong. */
export function badReply(error: string, errorCode: string | null = null): Outcome {
  return { category: 'bad_reply', error, errorCode };
}

/** When the budget ran out, what to do about it; '' otherwise. */
export function budgetHint(reply: ReplyObservation): string {
  return reply.finishReason === 'length'
    ? ` (finish_reason length: the ${reply.maxTokens}-token budget ran out; raise max-tokens)`
    : '';
}

/**
 * A chat completion that cannot be judged for its shape: unreadable, a stream that never ended, or one the
 * server ended with finish_reason error. The same verdicts as chat's (judgeReply); null when it can be.
 */
export function unfinished(reply: ReplyObservation): Outcome | null {
  if (reply.shapeProblem) return badReply(reply.shapeProblem);
  const incomplete = reply.stream ? incompleteStream(reply.stream, reply.finishReason) : null;
  if (incomplete) return badReply(incomplete, 'no_finish_reason');
  if (reply.finishReason === 'error') {
    return {
      category: 'server_error',
      error: 'the server ended the reply with finish_reason error',
      errorCode: 'finish_reason_error',
    };
  }
  return null;
}
