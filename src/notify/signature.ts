/**
 * The generic webhook's signature, as GitHub signs its own (X-Hub-Signature-256) plus a timestamp
 * against replay: HMAC-SHA256, keyed with webhook-secret, over `<timestamp>.<raw body>`, sent as
 * `X-Llm-Heartbeat-Signature-256: sha256=<hex>` with `X-Llm-Heartbeat-Timestamp: <unix seconds>`.
 * A receiver recomputes it over the bytes it received, compares in constant time, and rejects a
 * timestamp more than five minutes from its clock (and a delivery id it has seen).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Llm-Heartbeat-Signature-256';
export const TIMESTAMP_HEADER = 'X-Llm-Heartbeat-Timestamp';
export const DELIVERY_HEADER = 'X-Llm-Heartbeat-Delivery';
export const EVENT_HEADER = 'X-Llm-Heartbeat-Event';

export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The receiver's side, as documented; exported for the README's example and the tests. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  timestamp: string | undefined,
  rawBody: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): boolean {
  if (!header || !timestamp || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, Number(timestamp), rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
