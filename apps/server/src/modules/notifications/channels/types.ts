/**
 * The contract between the notification queue and the delivery channels.
 *
 * The queue runs one job per (notification, contact, channel) and is
 * at-least-once, so a job may run twice: every message carries a stable
 * idempotency key that the channel passes on to the receiving side (the
 * e-mail Message-ID, the webhook's Idempotency-Key header, the SMS
 * provider's reference), where a second delivery can be recognised.
 */

export const channelTypes = ['email', 'sms', 'webhook'] as const;
export type ChannelType = (typeof channelTypes)[number];

export type Language = 'sv' | 'en';

/** One message to one address over one channel. */
export interface OutgoingMessage {
  /** Stable across retries of the same job; only [A-Za-z0-9_-]. */
  idempotencyKey: string;
  /** An e-mail address, an E.164 phone number or an https URL, after the channel. */
  to: string;
  language: Language;
  /** E-mail subject. */
  subject: string;
  /** E-mail body (plain text). */
  text: string;
  /** SMS body; the channel shortens it to three concatenated parts if needed. */
  sms: string;
  /** The JSON body of a webhook. */
  payload: Record<string, unknown>;
}

export interface DeliveryResult {
  /** `delivered`: the receiving server accepted it; `sent`: handed on, delivery not yet confirmed. */
  status: 'sent' | 'delivered';
  providerMessageId?: string;
}

export interface Channel {
  type: ChannelType;
  /**
   * Sends one message. Throws PermanentDeliveryError when retrying cannot
   * help; any other error is transient and the job is retried.
   */
  send(msg: OutgoingMessage): Promise<DeliveryResult>;
  /** Releases connections the channel keeps open (e-mail's SMTP pool). */
  close?(): Promise<void>;
}

/**
 * A failure that retrying cannot fix: a bad address, a 5xx SMTP reply, an
 * HTTP 4xx other than 408 and 429. The queue marks the job failed at once.
 */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';

  constructor(
    /** Stable, machine-readable reason, e.g. `invalid_address`, `smtp_550`, `http_404`. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A failure worth retrying: a timeout, a refused connection, a 4xx SMTP
 * reply, an HTTP 408, 429 or 5xx. Any error that is not a
 * PermanentDeliveryError counts as transient; this class only gives it a code.
 */
export class TransientDeliveryError extends Error {
  override name = 'TransientDeliveryError';

  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isPermanentDeliveryError(err: unknown): err is PermanentDeliveryError {
  return err instanceof PermanentDeliveryError;
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{1,200}$/;

/** Refuses a key that could break a header it is written into. */
export function assertIdempotencyKey(key: string): void {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new PermanentDeliveryError(
      'invalid_idempotency_key',
      'The idempotency key must be 1 to 200 characters of A-Z, a-z, 0-9, "-" and "_"',
    );
  }
}
