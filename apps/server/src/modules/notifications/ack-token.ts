import { createHash, createHmac } from 'node:crypto';

/**
 * A contact's personal acknowledgement token for one notification. Derived,
 * not stored: a retried job renders the same link, and the database holds only
 * the token's hash, so a copy of the database cannot acknowledge for anyone.
 */
export function ackToken(secret: string, notificationId: string, contactId: string): string {
  return createHmac('sha256', secret).update(`ack:${notificationId}:${contactId}`).digest('base64url');
}

export function hashAckToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Tokens are 43 base64url characters; anything else is not worth a database lookup. */
export function looksLikeAckToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}

export function ackUrl(publicUrl: string, token: string): string {
  return new URL(`/ack/${token}`, publicUrl).toString();
}
