import type { ChatCompletionChunk, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { Target } from '../../config/types.js';
import { INPUTS } from '../../inputs.js';
import { cleanServerText } from '../../text/untrusted.js';
import {
  CONTENT_KEPT_CHARS,
  type Exchange,
  errorInstead,
  KIB,
  type KindCheck,
  type KindRun,
  keepContent,
  markContent,
  noteHeaders,
  noteIdentity,
  noteUsage,
  type Outcome,
  parsedOr,
  promptFor,
  tokenBudget,
} from '../check.js';
import { classifyErrorPayload, judgeReply, type ReplyObservation } from '../classify.js';

/** One tool call as the reply holds it; a streamed one reassembled from its deltas. */
export interface ToolCallSeen {
  type: string | null;
  name: string;
  arguments: string;
}

/** A chat completion's 2xx answer: the reply as chat judges it, and the tool calls it made. */
export interface ChatAnswer {
  reply: ReplyObservation;
  toolCalls: ToolCallSeen[];
}

/** Request fields a kind adds to the chat completion (tools, tool_choice, response_format). */
export type ChatExtras = Partial<
  Pick<ChatCompletionCreateParams, 'tools' | 'tool_choice' | 'response_format' | 'parallel_tool_calls'>
>;

/** The prompt a kind sends: the target's own, or the kind's default when the target kept the action's. */
export function kindPrompt(target: Target, kindDefault: string): string {
  return promptFor(target.prompt === INPUTS.prompt.default ? kindDefault : target.prompt);
}

/**
 * Sends one chat completion (streamed or not, as the settings say) with a kind's extra fields and reads
 * the answer: an Outcome when the server failed inside its 200 (an error event or body), else what came.
 */
export async function chatCompletion(
  run: KindRun,
  extras: ChatExtras,
  prompt: string,
): Promise<{ outcome: Outcome } | { answer: ChatAnswer }> {
  const { client, target, settings, ex, secrets, requestOptions } = run;
  const base = {
    model: target.model,
    messages: [{ role: 'user' as const, content: prompt }],
    ...tokenBudget(target),
    ...(target.reasoningEffort ? { reasoning_effort: target.reasoningEffort } : {}),
    ...extras,
  };
  const tools = new ToolCalls();
  if (settings.stream) {
    const { data: stream, response } = await run.send(() =>
      client.chat.completions
        .create(
          { ...base, stream: true, stream_options: { include_usage: true } },
          // The SDK asks for application/json even for a stream; a negotiating gateway would answer JSON.
          { ...requestOptions, headers: { Accept: 'text/event-stream' } },
        )
        .withResponse(),
    );
    noteHeaders(ex, response);
    const contentType = response.headers.get('content-type') ?? '';
    for await (const chunk of stream) {
      noteChunk(ex, chunk, tools);
      // Old vLLM and SGLang write a flat error object, which the SDK passes on as a chunk.
      if ((chunk as { object?: unknown }).object === 'error') {
        return { outcome: classifyErrorPayload(chunk, 'stream', secrets) };
      }
      if (ex.firstContentAt !== null || ex.reasoningSeen) run.answering();
    }
    const cut = run.cutFailure();
    if (cut) return { outcome: cut };
    const dropped = ex.watch?.errorLine;
    if (dropped) return { outcome: classifyErrorPayload(parsedOr(dropped), 'stream', secrets) };
    return {
      answer: {
        reply: {
          shapeProblem:
            ex.chunks === 0
              ? /event-stream/i.test(contentType)
                ? 'stream ended without a single event'
                : `not an event stream (content-type ${contentType || 'missing'})`
              : null,
          content: ex.content,
          finishReason: ex.finishReason,
          stream: {
            chunks: ex.chunks,
            contentChunks: ex.contentChunks,
            usageChunks: ex.usageChunks,
            usageOnLast: ex.usageOnLast,
            doneSeen: ex.watch?.doneSeen ?? false,
          },
          reasoningTokens: null,
          reasoningSeen: ex.reasoningSeen,
          maxTokens: target.maxTokens,
          expect: target.expect,
        },
        toolCalls: tools.list(),
      },
    };
  }
  const { data, response } = await run.send(() =>
    client.chat.completions.create({ ...base, stream: false }, requestOptions).withResponse(),
  );
  noteHeaders(ex, response);
  // OpenRouter answers some upstream failures with a 200 whose body holds an `error` and no content.
  const error = errorInstead(data);
  if (error) return { outcome: classifyErrorPayload(error, 'reply', secrets) };
  const reply = observeCompletion(ex, data as unknown, response, target, secrets, tools);
  return { answer: { reply, toolCalls: tools.list() } };
}

/** Today's check: a tiny prompt, ok on a complete, non-empty reply that matches `expect`. */
export const chat: KindCheck = async (run) => {
  const got = await chatCompletion(run, {}, promptFor(run.target.prompt));
  if ('outcome' in got) return got.outcome;
  run.ex.settleUsage(run.target.maxTokens);
  return judgeReply({ ...got.answer.reply, reasoningTokens: run.ex.reasoningTokens });
};

// check.ts imports this module: values from it may be used inside functions only, never at load time.

/** Tool calls by their index, as streamed deltas build them (name once, arguments in pieces). */
class ToolCalls {
  private readonly calls = new Map<number, ToolCallSeen>();

  add(index: number, type: unknown, name: unknown, args: unknown): void {
    // Kept argument text is bounded like the reply's.
    const call = this.calls.get(index) ?? { type: null, name: '', arguments: '' };
    if (typeof type === 'string' && type) call.type = type;
    if (typeof name === 'string') call.name += name;
    if (typeof args === 'string' && call.arguments.length < CONTENT_KEPT_CHARS) {
      call.arguments += args.slice(0, CONTENT_KEPT_CHARS - call.arguments.length);
    }
    this.calls.set(index, call);
  }

  list(): ToolCallSeen[] {
    return [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  }
}

/** Reasoning text arrives under different names depending on the server (vLLM, DeepSeek, OpenRouter). */
function reasoningText(delta: Record<string, unknown>): string {
  for (const key of ['reasoning_content', 'reasoning']) {
    if (typeof delta[key] === 'string' && delta[key]) return delta[key] as string;
  }
  return '';
}

/** A tool call's argument text counts as content: it times the first token and bounds the usage claim. */
function noteToolCallDeltas(ex: Exchange, deltas: unknown, tools: ToolCalls, now: number | null): void {
  if (!Array.isArray(deltas)) return;
  deltas.forEach((raw, position) => {
    if (raw === null || typeof raw !== 'object') return;
    const d = raw as { index?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } };
    const index = typeof d.index === 'number' ? d.index : position;
    tools.add(index, d.type, d.function?.name, d.function?.arguments);
    const args = d.function?.arguments;
    if (typeof args === 'string' && args !== '') {
      if (now !== null) markContent(ex);
      keepContent(ex, args);
    }
  });
}

function noteChunk(ex: Exchange, chunk: ChatCompletionChunk, tools: ToolCalls): void {
  const now = performance.now();
  ex.chunks++;
  noteIdentity(ex, chunk);
  const withUsage = noteUsage(ex, chunk.usage);
  if (withUsage) ex.usageChunks++;
  ex.usageOnLast = withUsage;
  const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
  if (!choice) return;
  const delta = (choice.delta ?? {}) as Record<string, unknown>;
  if (typeof delta.content === 'string' && delta.content !== '') {
    markContent(ex);
    keepContent(ex, delta.content);
  } else {
    const reasoning = reasoningText(delta);
    if (reasoning) {
      ex.reasoningSeen = true;
      ex.reasoningBytes += Buffer.byteLength(reasoning);
    }
  }
  noteToolCallDeltas(ex, delta.tool_calls, tools, now);
  if (choice.finish_reason) ex.finishReason = choice.finish_reason;
}

/** A non-streamed body: the SDK hands back a string for non-JSON and undefined for an empty JSON body. */
function observeCompletion(
  ex: Exchange,
  data: unknown,
  response: Response,
  target: Target,
  secrets: readonly string[],
  tools: ToolCalls,
): ReplyObservation {
  const observation: ReplyObservation = {
    shapeProblem: null,
    content: '',
    finishReason: null,
    stream: null,
    reasoningTokens: null,
    reasoningSeen: false,
    maxTokens: target.maxTokens,
    expect: target.expect,
  };
  if (data === undefined || data === null || data === '') {
    return { ...observation, shapeProblem: 'empty body' };
  }
  if (typeof data === 'string') {
    const contentType = response.headers.get('content-type') ?? 'missing';
    return {
      ...observation,
      shapeProblem: `not JSON (content-type ${contentType}): ${cleanServerText(data.slice(0, 4 * KIB), secrets).slice(0, 120)}`,
    };
  }
  const body = data as { choices?: unknown; usage?: unknown; model?: unknown; system_fingerprint?: unknown };
  noteIdentity(ex, body);
  noteUsage(ex, body.usage);
  const choice = Array.isArray(body.choices)
    ? (body.choices[0] as Record<string, unknown> | undefined)
    : undefined;
  const message = choice?.message as Record<string, unknown> | undefined;
  if (!choice || !message)
    return { ...observation, shapeProblem: 'not a chat completion: no choices[0].message' };
  const content = typeof message.content === 'string' ? message.content : '';
  keepContent(ex, content);
  noteToolCallDeltas(ex, message.tool_calls, tools, null);
  const reasoning = reasoningText(message);
  ex.reasoningBytes += Buffer.byteLength(reasoning);
  ex.finishReason = typeof choice.finish_reason === 'string' ? choice.finish_reason : null;
  return {
    ...observation,
    content: content.slice(0, CONTENT_KEPT_CHARS),
    finishReason: ex.finishReason,
    reasoningSeen: reasoning !== '',
  };
}
