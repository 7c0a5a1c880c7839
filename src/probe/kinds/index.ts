import type { Kind } from '../../config/types.js';
import type { KindCheck } from '../check.js';
import { chat } from './chat.js';
import { embeddings } from './embeddings.js';
import { json } from './json.js';
import { responses } from './responses.js';
import { tools } from './tools.js';

/** Each kind of check, and whether its answer is a token stream (TTFT, output speed) when `stream` is true. */
export const KINDS: Record<Kind, { check: KindCheck; streams: boolean }> = {
  chat: { check: chat, streams: true },
  tools: { check: tools, streams: true },
  json: { check: json, streams: true },
  embeddings: { check: embeddings, streams: false },
  responses: { check: responses, streams: true },
};
