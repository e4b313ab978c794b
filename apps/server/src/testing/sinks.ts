import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** Decoded enough for tests: headers and the text as sent (quoted-printable soft breaks joined). */
  subject: string;
  text: string;
  messageId: string | undefined;
}

function decodeQuotedPrintable(s: string): string {
  const bytes = s
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
}

/** Reads the plain-text part of a message as nodemailer writes it (single part or multipart). */
export function parseMail(raw: string, to: string[]): ReceivedMail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => unfolded.match(new RegExp(`^${name}:\\s*(.*)$`, 'im'))?.[1]?.trim();
  let body = rest.join('\n\n');
  const boundary = header('Content-Type')?.match(/boundary="?([^";]+)"?/)?.[1];
  let transfer = header('Content-Transfer-Encoding') ?? '7bit';
  if (boundary) {
    const parts = body.split(`--${boundary}`);
    const textPart = parts.find((p) => /content-type:\s*text\/plain/i.test(p)) ?? '';
    const [partHead = '', ...partBody] = textPart.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    transfer = partHead.match(/content-transfer-encoding:\s*(\S+)/i)?.[1] ?? '7bit';
    body = partBody.join('\n\n');
  }
  const text =
    transfer.toLowerCase() === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : transfer.toLowerCase() === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  return {
    to,
    raw,
    subject: decodeHeader(header('Subject') ?? ''),
    text: text.replace(/\r\n/g, '\n'),
    messageId: header('Message-ID'),
  };
}

/** A real SMTP server on a free port that keeps what it accepts; `rejects` get a 550. */
export async function startSmtpSink(opts: { rejects?: string[] } = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (opts.rejects?.includes(address.address)) {
        callback(Object.assign(new Error('5.1.1 No such mailbox'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        received.push(parseMail(Buffer.concat(chunks).toString('utf8'), to));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    to: (address: string) => received.filter((m) => m.to.includes(address)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
}

/**
 * A real HTTP receiver for webhooks that, like a careful receiving system,
 * keeps one message per Idempotency-Key: `received` has every request,
 * `accepted` one per key. `delayMs` holds each answer back.
 */
export async function startWebhookSink(opts: { delayMs?: number } = {}) {
  const received: ReceivedWebhook[] = [];
  const accepted = new Map<string, ReceivedWebhook>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // recorded as is
      }
      const hook = { path: req.url ?? '/', headers: req.headers, body, json };
      received.push(hook);
      const key = req.headers['idempotency-key'];
      if (typeof key === 'string' && !accepted.has(key)) accepted.set(key, hook);
      const status = Number(req.url?.match(/^\/status\/(\d{3})$/)?.[1] ?? 204);
      setTimeout(() => res.writeHead(status).end(), opts.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    received,
    accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
