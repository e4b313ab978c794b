import nodemailer from 'nodemailer';
import { escapeHtml } from '../../../lib/html.ts';
import {
  assertIdempotencyKey,
  type Channel,
  type DeliveryResult,
  type OutgoingMessage,
  PermanentDeliveryError,
  TransientDeliveryError,
} from './types.ts';

export interface EmailChannelOptions {
  /** smtp:// or smtps:// URL, credentials included (SMTP_URL). */
  smtpUrl: string;
  /** The From header, e.g. `Samverkan <noreply@samverkan.local>` (SMTP_FROM). */
  from: string;
  /** Longest time one send may take, queueing in the pool included; longer is a transient failure. */
  sendTimeoutMs?: number;
}

export interface EmailChannel extends Channel {
  type: 'email';
  /** Closes the pooled SMTP connections. */
  close(): Promise<void>;
}

/** The Message-ID of a message: the same for every retry, so a resend is recognisably the same message. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${idempotencyKey}@samverkan.local>`;
}

/** Sends through a pool of SMTP connections; done once the SMTP server has accepted the message. */
export function createEmailChannel({ smtpUrl, from, sendTimeoutMs = 60_000 }: EmailChannelOptions): EmailChannel {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // The messages are built here from text; nothing may read files or URLs into them.
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    type: 'email',
    async send(msg: OutgoingMessage): Promise<DeliveryResult> {
      assertIdempotencyKey(msg.idempotencyKey);
      if (!EMAIL.test(msg.to)) {
        throw new PermanentDeliveryError('invalid_address', 'Not a single e-mail address');
      }
      const messageId = messageIdFor(msg.idempotencyKey);
      try {
        await transport.sendMail({
          from,
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
          html: textToHtml(msg.text, msg.language),
          messageId,
          headers: {
            'Content-Language': msg.language,
            // RFC 3834: sent by a program, so out-of-office replies stay away.
            'Auto-Submitted': 'auto-generated',
          },
          signal: AbortSignal.timeout(sendTimeoutMs),
        });
      } catch (err) {
        throw classifySmtpError(err);
      }
      return { status: 'delivered', providerMessageId: messageId };
    },
    async close() {
      transport.close();
    },
  };
}

/** One address, no display name, nothing that could add a second recipient or a header. */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

interface SmtpErrorFields {
  code?: string;
  responseCode?: number;
  permanent?: boolean;
  response?: string;
}

/**
 * 5xx replies are permanent (503, "bad sequence of commands", is about the
 * session, not the message, and is retried); 4xx replies, refused or dropped
 * connections and timeouts are transient.
 */
export function classifySmtpError(err: unknown): Error {
  const e = (err ?? {}) as SmtpErrorFields;
  const reply = typeof e.response === 'string' ? e.response : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const code = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const permanent =
    e.permanent === true ||
    (code !== undefined && code >= 500 && code < 600 && code !== 503) ||
    // Refused before any reply, e.g. no usable recipient.
    (code === undefined && e.code === 'EENVELOPE');
  if (permanent) {
    return new PermanentDeliveryError(code ? `smtp_${code}` : 'smtp_envelope', reply ?? message, { cause: err });
  }
  return new TransientDeliveryError(code ? `smtp_${code}` : (e.code ?? 'smtp_error').toLowerCase(), message, {
    cause: err,
  });
}

/** The plain text as simple HTML: paragraphs, line breaks and clickable links. */
export function textToHtml(text: string, language: string): string {
  const paragraphs = text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => {
      const html = escapeHtml(p).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
      return `<p>${html.replace(/\n/g, '<br>\n')}</p>`;
    });
  return `<!doctype html>\n<html lang="${escapeHtml(language)}"><body style="font-family: sans-serif; line-height: 1.4">\n${paragraphs.join('\n')}\n</body></html>\n`;
}
