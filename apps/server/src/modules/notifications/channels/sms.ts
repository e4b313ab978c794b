import { postJson } from './http.ts';
import {
  assertIdempotencyKey,
  type Channel,
  type DeliveryResult,
  type OutgoingMessage,
  PermanentDeliveryError,
} from './types.ts';

/** What an SMS gateway must do: accept one text for one number, and name it. */
export interface SmsProvider {
  /**
   * `reference` is the message's idempotency key: stable across retries, so
   * a gateway that keeps it can drop a second copy. Throws like a channel
   * (PermanentDeliveryError when retrying cannot help).
   */
  send(input: { to: string; text: string; reference: string }): Promise<{ id: string }>;
}

export interface HttpSmsProviderOptions {
  /** The gateway's send endpoint (SMS_GATEWAY_URL). */
  url: string;
  /** Sent as `authorization: Bearer <token>` when set (SMS_GATEWAY_TOKEN). */
  token?: string;
  /** Sender name or number shown to the recipient (SMS_FROM). */
  from: string;
  timeoutMs?: number;
}

/**
 * A generic JSON gateway: POST `{ to, from, text, reference }` (with an
 * `idempotency-key: <reference>` header too), answered by 2xx and a JSON
 * `{ id }`; without an id the reference names the message. Statuses are
 * taken as for webhooks: 408, 429 and 5xx are retried, other 4xx are not.
 */
export function createHttpSmsProvider({ url, token, from, timeoutMs = 10_000 }: HttpSmsProviderOptions): SmsProvider {
  const what = `SMS gateway ${new URL(url).origin}`;
  return {
    async send({ to, text, reference }) {
      const headers: Record<string, string> = { 'idempotency-key': reference };
      if (token) headers.authorization = `Bearer ${token}`;
      const reply = await postJson(url, JSON.stringify({ to, from, text, reference }), headers, timeoutMs, what);
      return { id: idFrom(reply.body) ?? reference };
    },
  };
}

function idFrom(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'id' in parsed) {
      const { id } = parsed as { id: unknown };
      if ((typeof id === 'string' && id !== '') || typeof id === 'number') return String(id);
    }
  } catch {
    // Not JSON: the gateway accepted the message all the same.
  }
  return undefined;
}

/** Three concatenated parts of 153 characters each. */
export const SMS_MAX_CHARS = 3 * 153;

const E164 = /^\+[1-9]\d{6,14}$/;
const URL_PATTERN = /https?:\/\/\S+/g;
/** A label this short in front of the last link ("Kvittera: ") stays with it. */
const MAX_LABEL_CHARS = 40;

/**
 * Shortens an SMS to `max` characters, cutting the text before the last
 * link (the acknowledgement link) and marking the cut with "…"; the link,
 * its label and anything after it are kept whole.
 */
export function fitSms(text: string, max = SMS_MAX_CHARS): string {
  if (length(text) <= max) return text;
  const last = [...text.matchAll(URL_PATTERN)].at(-1);
  if (last === undefined) return `${cut(text, max - 1)}…`;
  const lineStart = text.lastIndexOf('\n', last.index) + 1;
  const tailStart = last.index - lineStart <= MAX_LABEL_CHARS ? lineStart : last.index;
  const tail = text.slice(tailStart).trim();
  const separator = tailStart === lineStart && lineStart > 0 ? '\n' : ' ';
  const room = max - length(tail) - 1 - separator.length;
  if (room <= 0) {
    // Not even the link and one character fit: the link alone, else a plain cut.
    const link = last[0];
    return length(link) <= max ? link : `${cut(text, max - 1)}…`;
  }
  return `${cut(text.slice(0, tailStart), room)}…${separator}${tail}`;
}

function length(s: string): number {
  return [...s].length;
}

/** The first `n` characters (code points, so no emoji is split), without trailing spaces. */
function cut(s: string, n: number): string {
  return [...s].slice(0, Math.max(0, n)).join('').trimEnd();
}

/** The SMS channel: msg.sms, shortened to three parts, to an E.164 number through the provider. */
export function createSmsChannel(provider: SmsProvider): Channel {
  return {
    type: 'sms',
    async send(msg: OutgoingMessage): Promise<DeliveryResult> {
      assertIdempotencyKey(msg.idempotencyKey);
      if (!E164.test(msg.to)) {
        throw new PermanentDeliveryError('invalid_address', 'An SMS needs an E.164 number, e.g. +46701234567');
      }
      const { id } = await provider.send({ to: msg.to, text: fitSms(msg.sms), reference: msg.idempotencyKey });
      // The gateway took it; whether the phone got it is only known later, if at all.
      return { status: 'sent', providerMessageId: id };
    },
  };
}
