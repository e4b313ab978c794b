import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailChannel, type EmailChannel } from './email.ts';
import { type OutgoingMessage, PermanentDeliveryError, TransientDeliveryError } from './types.ts';

interface Received {
  from: string | undefined;
  to: string[];
  raw: string;
}

const REJECTED = 'okand@kommun.example.se';
const DEFERRED = 'full@kommun.example.se';

/** A real SMTP server on a free port, keeping every message it accepts. */
async function startSmtpServer() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === REJECTED) {
        callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
        return;
      }
      if (address.address === DEFERRED) {
        callback(Object.assign(new Error('4.2.2 Mailbox full, try again later'), { responseCode: 452 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { server, port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on: opened, noted and closed again. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

// --- just enough MIME to read what arrived -------------------------------------------------------

function splitMessage(raw: string): { headers: Map<string, string>; body: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body: raw.slice(at + 4) };
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQp(data.replace(/_/g, ' ')),
    );
}

function decodeQp(s: string): string {
  const bytes = s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => `%${h}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return decodeQp(body);
  return body;
}

/** The decoded text/plain part of a message, single part or multipart. */
function textPart(raw: string): string {
  const { headers, body } = splitMessage(raw);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = type.match(/boundary="?([^";]+)"?/)?.[1];
  if (!boundary) return decodeBody(headers, body);
  for (const part of body.split(`--${boundary}`)) {
    const p = splitMessage(part.replace(/^\r\n/, ''));
    if ((p.headers.get('content-type') ?? '').startsWith('text/plain')) return decodeBody(p.headers, p.body);
  }
  throw new Error('no text/plain part');
}

// --------------------------------------------------------------------------------------------------

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  idempotencyKey: 'n1-c7-email',
  to: 'tib@stockholm.example.se',
  language: 'sv',
  subject: 'ÖVNING – SSR AKTIVERAT: Storm Alfrida',
  text: 'ÖVNING – Detta är en övning.\n\nSSR är aktiverat.\n\nKvittera mottagandet: https://samverkan.example.se/k/abc123\n',
  sms: 'unused',
  payload: {},
  ...over,
});

describe('the e-mail channel, against a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let channel: EmailChannel;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    channel = createEmailChannel({
      smtpUrl: `smtp://127.0.0.1:${smtp.port}`,
      from: 'Samverkan <noreply@samverkan.local>',
    });
  });

  afterAll(async () => {
    await channel?.close();
    await smtp?.close();
  });

  it('delivers the message: recipient, sender, subject and the text with the acknowledgement link', async () => {
    const result = await channel.send(message());
    expect(result).toEqual({ status: 'delivered', providerMessageId: '<n1-c7-email@samverkan.local>' });

    const mail = smtp.received.at(-1);
    expect(mail?.to).toEqual(['tib@stockholm.example.se']);
    expect(mail?.from).toBe('noreply@samverkan.local');
    const { headers } = splitMessage(mail?.raw ?? '');
    expect(decodeWords(headers.get('subject') ?? '')).toBe('ÖVNING – SSR AKTIVERAT: Storm Alfrida');
    expect(headers.get('to')).toBe('tib@stockholm.example.se');
    expect(headers.get('content-language')).toBe('sv');
    expect(headers.get('auto-submitted')).toBe('auto-generated');
    const text = textPart(mail?.raw ?? '');
    expect(text).toContain('ÖVNING – Detta är en övning.');
    expect(text).toContain('Kvittera mottagandet: https://samverkan.example.se/k/abc123');
    expect(mail?.raw).toContain('text/html');
  });

  it('gives a resend of the same job the same Message-ID', async () => {
    const before = smtp.received.length;
    await channel.send(message({ idempotencyKey: 'n2-c7-email' }));
    await channel.send(message({ idempotencyKey: 'n2-c7-email' }));
    await channel.send(message({ idempotencyKey: 'n3-c7-email' }));
    const ids = smtp.received.slice(before).map((m) => splitMessage(m.raw).headers.get('message-id'));
    expect(ids).toEqual([
      '<n2-c7-email@samverkan.local>',
      '<n2-c7-email@samverkan.local>',
      '<n3-c7-email@samverkan.local>',
    ]);
  });

  it('takes a 550 for the recipient as permanent', async () => {
    const before = smtp.received.length;
    const err = await channel.send(message({ to: REJECTED })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect((err as PermanentDeliveryError).code).toBe('smtp_550');
    expect(smtp.received.length).toBe(before);
  });

  it('takes a 4xx for the recipient as transient', async () => {
    const err = await channel.send(message({ to: DEFERRED })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect((err as TransientDeliveryError).code).toBe('smtp_452');
  });

  it('refuses an address that is not one e-mail address, without sending', async () => {
    for (const to of ['not-an-address', 'a@x.se, b@y.se', 'Name <a@x.se>']) {
      const err = await channel.send(message({ to })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermanentDeliveryError);
      expect((err as PermanentDeliveryError).code).toBe('invalid_address');
    }
  });

  it('refuses an idempotency key that could break the Message-ID', async () => {
    const err = await channel.send(message({ idempotencyKey: 'x>\r\nBcc: a@b.se' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentDeliveryError);
  });

  it('takes a server that cannot be reached as transient', async () => {
    const down = createEmailChannel({
      smtpUrl: `smtp://127.0.0.1:${await closedPort()}`,
      from: 'noreply@samverkan.local',
    });
    try {
      const err = await down.send(message()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransientDeliveryError);
      expect(err).not.toBeInstanceOf(PermanentDeliveryError);
      expect((err as TransientDeliveryError).message).toMatch(/ECONNREFUSED/);
    } finally {
      await down.close();
    }
  });
});
