import type { KindCheck, Outcome } from '../check.js';
import type { ReplyObservation } from '../classify.js';
import { chatCompletion, kindPrompt } from './chat.js';
import { badReply, budgetHint, parseJson, schemaCheck, unfinished } from './shape.js';

/** The tiny schema every json check asks for, strictly. */
export const JSON_SCHEMA_NAME = 'sum';
export const ANSWER_SCHEMA = {
  type: 'object',
  properties: { answer: { type: 'integer' } },
  required: ['answer'],
  additionalProperties: false,
} as const;

const validAnswer = schemaCheck(ANSWER_SCHEMA);

/**
 * Structured output: `response_format: {type: "json_schema", json_schema: {name, schema, strict: true}}`.
 * Ok only when the content parses as JSON and validates against the schema: a provider that silently
 * stops enforcing response_format shows here.
 */
export const json: KindCheck = async (run) => {
  const prompt = kindPrompt(run.target, 'What is 2 + 3? Answer in JSON. ({{nonce}})');
  const got = await chatCompletion(
    run,
    {
      response_format: {
        type: 'json_schema',
        json_schema: { name: JSON_SCHEMA_NAME, schema: ANSWER_SCHEMA, strict: true },
      },
    },
    prompt,
  );
  if ('outcome' in got) return got.outcome;
  run.ex.settleUsage(run.target.maxTokens);
  return judgeStructured(got.answer.reply);
};

/** A reply to the json_schema request -> ok, or exactly what is wrong with it. Pure. */
export function judgeStructured(reply: ReplyObservation): Outcome {
  const ended = unfinished(reply);
  if (ended) return ended;
  if (reply.content.trim() === '') {
    return {
      category: 'empty_reply',
      error: `no content (finish_reason ${reply.finishReason ?? 'null'})${budgetHint(reply)}`,
      errorCode: null,
    };
  }
  const parsed = parseJson(reply.content);
  if ('problem' in parsed) {
    return badReply(
      `content is not valid JSON: response_format ignored?${budgetHint(reply)}`,
      'schema_ignored',
    );
  }
  const problem = validAnswer(parsed.value);
  if (problem) return badReply(problem, 'schema_mismatch');
  return { category: 'ok', error: null, errorCode: null };
}
