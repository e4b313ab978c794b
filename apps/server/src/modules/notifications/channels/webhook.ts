import { createHmac, timingSafeEqual } from 'node:crypto';
import { postJson } from './http.ts';
import {
  assertIdempotencyKey,
  type Channel,
  type DeliveryResult,
  type OutgoingMessage,
  PermanentDeliveryError,
} from './types.ts';

export interface WebhookChannelOptions {
  /** The shared secret receivers verify `x-samverkan-signature` with (WEBHOOK_SECRET). */
  secret: string;
  /** Time for connecting, waiting for and reading the reply; longer counts as a transient failure. */
  timeoutMs?: number;
}

/**
 * The signature of one webhook delivery: `v1=` and the hex HMAC-SHA256, keyed
 * with the shared secret, of `${timestamp}.${body}` (the exact bytes sent).
 */
export function signWebhook(secret: string, timestamp: number | string, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `v1=${mac}`;
}

export interface VerifyWebhookInput {
  secret: string;
  /** The `x-samverkan-timestamp` header: unix seconds. */
  timestamp: string | number | undefined;
  /** The raw request body, exactly as received (not re-serialised JSON). */
  body: string | Buffer;
  /** The `x-samverkan-signature` header; several comma-separated `v1=` values are accepted. */
  signature: string | undefined;
  /** How far the timestamp may be from now, either way; 300 seconds unless told. */
  toleranceSeconds?: number;
  now?: Date;
}

/**
 * For receivers: whether a delivery is signed with the secret and recent
 * enough. The comparison is constant-time; a timestamp further than
 * `toleranceSeconds` from now is refused, so a captured request cannot be
 * replayed later.
 */
export function verifyWebhookSignature({
  secret,
  timestamp,
  body,
  signature,
  toleranceSeconds = 300,
  now = new Date(),
}: VerifyWebhookInput): boolean {
  if (timestamp === undefined || signature === undefined) return false;
  const ts = String(timestamp);
  if (!/^\d{1,12}$/.test(ts)) return false;
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(ts)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  let ok = false;
  for (const candidate of signature.split(',')) {
    const given = Buffer.from(candidate.trim());
    // Lengths are not secret (the hex MAC has a fixed length); equal lengths are compared in constant time.
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}

/** Posts the message's payload as signed JSON to the contact's URL. */
export function createWebhookChannel({ secret, timeoutMs = 5000 }: WebhookChannelOptions): Channel {
  if (secret.length < 16) throw new Error('The webhook secret must be at least 16 characters');
  return {
    type: 'webhook',
    async send(msg: OutgoingMessage): Promise<DeliveryResult> {
      assertIdempotencyKey(msg.idempotencyKey);
      const url = parseUrl(msg.to);
      const body = JSON.stringify(msg.payload);
      const timestamp = Math.floor(Date.now() / 1000);
      await postJson(
        url.href,
        body,
        {
          'idempotency-key': msg.idempotencyKey,
          'x-samverkan-timestamp': String(timestamp),
          'x-samverkan-signature': signWebhook(secret, timestamp, body),
        },
        timeoutMs,
        `Webhook ${url.origin}`,
      );
      return { status: 'delivered' };
    },
  };
}

function parseUrl(to: string): URL {
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw new PermanentDeliveryError('invalid_address', 'The webhook address is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PermanentDeliveryError('invalid_address', `A webhook URL must be https, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new PermanentDeliveryError('invalid_address', 'A webhook URL must not carry credentials');
  }
  return url;
}
