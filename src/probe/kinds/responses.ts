import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { matchesExpect } from '../../text/pattern.js';
import { cleanServerText } from '../../text/untrusted.js';
import {
  type Exchange,
  KIB,
  type KindCheck,
  keepContent,
  markContent,
  noteHeaders,
  noteIdentity,
  type Outcome,
  promptFor,
} from '../check.js';
import { classifyErrorPayload } from '../classify.js';
import { badReply } from './shape.js';

/** How a Responses answer ended, as far as its events or body say. */
interface ResponsesEnd {
  /** `completed`, `incomplete`, `failed` … (a body's status, or the last lifecycle event's). */
  status: string | null;
  incompleteReason: string | null;
  error: unknown;
  events: number;
}

/**
 * The Responses API (`POST /responses`): streamed, TTFT counts from the first `response.output_text.delta`
 * and the reply is ok only on `response.completed` with text (and `expect`); `response.failed` and `error`
 * events are classified like chat's in-stream errors.
 */
export const responses: KindCheck = async (run) => {
  const { client, target, settings, ex, secrets, requestOptions } = run;
  const body = {
    model: target.model,
    input: promptFor(target.prompt),
    max_output_tokens: target.maxTokens,
    ...(target.reasoningEffort ? { reasoning: { effort: target.reasoningEffort } } : {}),
    // No conversation state kept on the provider's side for a probe.
    store: false,
  };
  const end: ResponsesEnd = { status: null, incompleteReason: null, error: null, events: 0 };
  if (settings.stream) {
    const { data: stream, response } = await run.send(() =>
      client.responses
        .create({ ...body, stream: true }, { ...requestOptions, headers: { Accept: 'text/event-stream' } })
        .withResponse(),
    );
    noteHeaders(ex, response);
    for await (const event of stream) {
      noteEvent(ex, event, end);
      if (end.error !== null) break;
      if (ex.firstContentAt !== null || ex.reasoningSeen) run.answering();
    }
    const cut = run.cutFailure();
    if (cut) return cut;
    if (end.error !== null) return classifyErrorPayload(end.error, 'stream', secrets);
    if (end.events === 0) {
      const contentType = response.headers.get('content-type') ?? '';
      return badReply(
        /event-stream/i.test(contentType)
          ? 'stream ended without a single event'
          : `not an event stream (content-type ${contentType || 'missing'})`,
      );
    }
    if (end.status !== 'completed' && end.status !== 'incomplete') {
      return badReply(
        `stream ended without response.completed after ${end.events} events (${ex.contentChunks} text deltas)`,
        'no_response_completed',
      );
    }
  } else {
    const { data, response } = await run.send(() =>
      client.responses.create({ ...body, stream: false }, requestOptions).withResponse(),
    );
    noteHeaders(ex, response);
    const shape = observeResponse(ex, data as unknown, response, end, secrets);
    if (shape) return shape;
    if (end.error !== null) return classifyErrorPayload(end.error, 'reply', secrets);
  }
  ex.finishReason = end.status;
  ex.settleUsage(target.maxTokens);
  return judgeResponse(end, ex.content, target.maxTokens, target.expect);
};

/** A finished Responses answer -> ok, or the way it is wrong. Pure. */
export function judgeResponse(
  end: Pick<ResponsesEnd, 'status' | 'incompleteReason'>,
  text: string,
  maxTokens: number,
  expect: string | null,
): Outcome {
  if (end.status === 'incomplete') {
    const budget = end.incompleteReason === 'max_output_tokens';
    const why = budget
      ? `the ${maxTokens}-token budget ran out (max_output_tokens); raise max-tokens`
      : `incomplete (${end.incompleteReason ?? 'no reason given'})`;
    return text.trim()
      ? badReply(`reply cut: ${why}`, 'response_incomplete')
      : { category: 'empty_reply', error: `no text: ${why}`, errorCode: 'response_incomplete' };
  }
  if (end.status !== 'completed') return badReply(`response status ${end.status ?? 'missing'}`);
  if (text.trim() === '')
    return { category: 'empty_reply', error: 'no text (status completed)', errorCode: null };
  if (expect !== null && !matchesExpect(expect, text)) {
    return badReply(`reply did not match expect /${expect}/`);
  }
  return { category: 'ok', error: null, errorCode: null };
}

/** The usage a Responses answer reports: output tokens, reasoning among them. */
function noteResponseUsage(ex: Exchange, usage: unknown): void {
  if (!usage || typeof usage !== 'object') return;
  const u = usage as { output_tokens?: unknown; output_tokens_details?: { reasoning_tokens?: unknown } };
  if (typeof u.output_tokens !== 'number') return;
  const reasoning = u.output_tokens_details?.reasoning_tokens;
  ex.claimedUsage = {
    completionTokens: u.output_tokens,
    reasoningTokens: typeof reasoning === 'number' ? reasoning : null,
  };
}

/** What a whole `response` object says about how it ended. */
function noteResponseObject(ex: Exchange, response: unknown, end: ResponsesEnd): void {
  if (!response || typeof response !== 'object') return;
  const r = response as {
    model?: unknown;
    status?: unknown;
    error?: unknown;
    incomplete_details?: { reason?: unknown } | null;
    usage?: unknown;
  };
  noteIdentity(ex, r);
  if (typeof r.status === 'string') end.status = r.status;
  const reason = r.incomplete_details?.reason;
  if (typeof reason === 'string') end.incompleteReason = reason;
  noteResponseUsage(ex, r.usage);
}

function noteEvent(ex: Exchange, event: ResponseStreamEvent, end: ResponsesEnd): void {
  end.events++;
  ex.chunks++;
  switch (event.type) {
    case 'response.output_text.delta':
      if (typeof event.delta === 'string' && event.delta !== '') {
        markContent(ex);
        keepContent(ex, event.delta);
      }
      break;
    case 'response.reasoning_text.delta':
    case 'response.reasoning_summary_text.delta':
      ex.reasoningSeen = true;
      if (typeof event.delta === 'string') ex.reasoningBytes += Buffer.byteLength(event.delta);
      break;
    case 'response.created':
    case 'response.in_progress':
    case 'response.completed':
    case 'response.incomplete':
      noteResponseObject(ex, event.response, end);
      break;
    case 'response.failed':
      noteResponseObject(ex, event.response, end);
      end.error = event.response?.error ?? { message: 'response.failed without an error' };
      break;
    case 'error':
      end.error = event;
      break;
    default:
      break;
  }
}

/** A non-streamed Responses body; a string or empty body is not one. */
function observeResponse(
  ex: Exchange,
  data: unknown,
  response: Response,
  end: ResponsesEnd,
  secrets: readonly string[],
): Outcome | null {
  if (data === undefined || data === null || data === '') return badReply('empty body');
  if (typeof data === 'string') {
    const contentType = response.headers.get('content-type') ?? 'missing';
    return badReply(
      `not JSON (content-type ${contentType}): ${cleanServerText(data.slice(0, 4 * KIB), secrets).slice(0, 120)}`,
    );
  }
  const body = data as { object?: unknown; output_text?: unknown; error?: unknown; status?: unknown };
  if (body.object !== 'response' && body.status === undefined) {
    if (body.error) end.error = body.error;
    else return badReply('not a Responses object: no status');
  }
  noteResponseObject(ex, body, end);
  if (body.error && end.status === 'failed') end.error = body.error;
  if (typeof body.output_text === 'string') keepContent(ex, body.output_text);
  return null;
}
