import { randomInt } from 'node:crypto';
import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import type { KindCheck, Outcome } from '../check.js';
import { type ChatAnswer, chatCompletion, kindPrompt } from './chat.js';
import { badReply, budgetHint, parseJson, schemaCheck, unfinished } from './shape.js';

/** The one tiny function every tools check offers, and forces. */
export const TOOL_NAME = 'add';
export const TOOL_PARAMETERS = {
  type: 'object',
  properties: { a: { type: 'integer' }, b: { type: 'integer' } },
  required: ['a', 'b'],
  additionalProperties: false,
} as const;

const TOOL: ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: TOOL_NAME,
    description: 'Adds two integers.',
    parameters: TOOL_PARAMETERS,
    strict: true,
  },
};

const validArguments = schemaCheck(TOOL_PARAMETERS);

/**
 * Tool calling: `add(a, b)` with tool_choice forcing it. Ok only when the reply holds exactly that one
 * call, with arguments that parse as JSON and validate against its parameters (streamed: the argument
 * deltas reassembled). The numbers change per check, like the nonce.
 */
export const tools: KindCheck = async (run) => {
  const a = randomInt(2, 100);
  const b = randomInt(2, 100);
  const prompt = kindPrompt(run.target, `Use the add tool to add ${a} and ${b}. ({{nonce}})`);
  const got = await chatCompletion(
    run,
    { tools: [TOOL], tool_choice: { type: 'function', function: { name: TOOL_NAME } } },
    prompt,
  );
  if ('outcome' in got) return got.outcome;
  run.ex.settleUsage(run.target.maxTokens);
  return judgeToolCall(got.answer);
};

/** A chat answer to the forced `add` call -> ok, or exactly what is wrong with it. Pure. */
export function judgeToolCall({ reply, toolCalls }: ChatAnswer): Outcome {
  const ended = unfinished(reply);
  if (ended) return ended;
  if (toolCalls.length === 0) {
    const instead = reply.content.trim()
      ? 'the model answered with text instead'
      : `no content either (finish_reason ${reply.finishReason ?? 'null'})`;
    return badReply(`tool call missing: ${instead}${budgetHint(reply)}`, 'tool_call_missing');
  }
  if (toolCalls.length > 1) {
    return badReply(
      `${toolCalls.length} tool calls, expected exactly one call of ${TOOL_NAME}`,
      'tool_calls',
    );
  }
  const call = toolCalls[0]!;
  if (call.name !== TOOL_NAME) {
    return badReply(
      `tool call to ${JSON.stringify(call.name.slice(0, 60))}, expected ${TOOL_NAME}`,
      'tool_call_name',
    );
  }
  const parsed = parseJson(call.arguments);
  if ('problem' in parsed) {
    return badReply(`tool call arguments are not valid JSON${budgetHint(reply)}`, 'tool_arguments_json');
  }
  const problem = validArguments(parsed.value);
  if (problem) return badReply(`tool call arguments: ${problem}`, 'tool_arguments_schema');
  return { category: 'ok', error: null, errorCode: null };
}
