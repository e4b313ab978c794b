import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OutgoingMessage, PermanentDeliveryError, TransientDeliveryError } from './types.ts';
import { createWebhookChannel, signWebhook, verifyWebhookSignature } from './webhook.ts';

const SECRET = 'test-webhook-secret-0123456789';

interface Recorded {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver: records every request and answers with the status its path names (`/status/500`). */
async function startReceiver() {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      if (req.url === '/silent') return; // never answers
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/status/200' }).end();
        return;
      }
      const status = Number(req.url?.match(/^\/status\/(\d{3})$/)?.[1] ?? 204);
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 400 ? `failed with ${status}` : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requests,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const payload = {
  type: 'activation',
  exercise: false,
  title: 'Storm Alfrida',
  ackUrl: 'https://samverkan.example.se/k/abc123',
  at: '2026-11-23T02:12:00.000Z',
};

const message = (to: string, over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  idempotencyKey: 'n1-c9-webhook',
  to,
  language: 'sv',
  subject: 'SSR AKTIVERAT: Storm Alfrida',
  text: 'unused',
  sms: 'unused',
  payload,
  ...over,
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('the webhook channel, against a real HTTP receiver', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const channel = createWebhookChannel({ secret: SECRET, timeoutMs: 500 });

  beforeAll(async () => {
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver?.close();
  });

  it('posts the payload as signed JSON with the idempotency key', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await channel.send(message(receiver.url('/hook')));
    expect(result.status).toBe('delivered');

    const req = receiver.requests.at(-1);
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/hook');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['idempotency-key']).toBe('n1-c9-webhook');
    expect(JSON.parse(req?.body ?? '')).toEqual(payload);

    const timestamp = String(req?.headers['x-samverkan-timestamp']);
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(timestamp)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    const signature = String(req?.headers['x-samverkan-signature']);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(signature).toBe(signWebhook(SECRET, timestamp, req?.body ?? ''));

    const body = req?.body ?? '';
    expect(verifyWebhookSignature({ secret: SECRET, timestamp, body, signature })).toBe(true);
    // A changed body, another secret, a changed timestamp or a missing header: refused.
    expect(
      verifyWebhookSignature({ secret: SECRET, timestamp, body: body.replace('Alfrida', 'Gudrun'), signature }),
    ).toBe(false);
    expect(verifyWebhookSignature({ secret: 'another-secret-0123456789', timestamp, body, signature })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, timestamp: Number(timestamp) + 1, body, signature })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, timestamp, body, signature: undefined })).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, timestamp, body, signature: 'v1=00' })).toBe(false);
  });

  it('lets a receiver refuse an old (replayed) delivery', async () => {
    await channel.send(message(receiver.url('/hook')));
    const req = receiver.requests.at(-1);
    const input = {
      secret: SECRET,
      timestamp: String(req?.headers['x-samverkan-timestamp']),
      body: Buffer.from(req?.body ?? ''),
      signature: String(req?.headers['x-samverkan-signature']),
    };
    const sent = Number(input.timestamp) * 1000;
    expect(verifyWebhookSignature({ ...input, now: new Date(sent + 299_000) })).toBe(true);
    expect(verifyWebhookSignature({ ...input, now: new Date(sent + 301_000) })).toBe(false);
    expect(verifyWebhookSignature({ ...input, now: new Date(sent - 301_000) })).toBe(false);
    expect(verifyWebhookSignature({ ...input, now: new Date(sent + 3_600_000), toleranceSeconds: 3600 })).toBe(true);
  });

  it('sends the same idempotency key on a retry of the same job', async () => {
    await channel.send(message(receiver.url('/hook'), { idempotencyKey: 'n2-c9-webhook' }));
    await channel.send(message(receiver.url('/hook'), { idempotencyKey: 'n2-c9-webhook' }));
    const keys = receiver.requests.slice(-2).map((r) => r.headers['idempotency-key']);
    expect(keys).toEqual(['n2-c9-webhook', 'n2-c9-webhook']);
  });

  it.each([
    [500, 'transient'],
    [503, 'transient'],
    [429, 'transient'],
    [408, 'transient'],
    [400, 'permanent'],
    [404, 'permanent'],
    [410, 'permanent'],
  ] as const)('takes HTTP %i as %s', async (status, kind) => {
    const err = await failure(channel.send(message(receiver.url(`/status/${status}`))));
    expect(err).toBeInstanceOf(kind === 'permanent' ? PermanentDeliveryError : TransientDeliveryError);
    expect((err as PermanentDeliveryError).code).toBe(`http_${status}`);
    expect((err as Error).message).toContain(`failed with ${status}`);
  });

  it('takes a receiver that never answers as transient, within the timeout', async () => {
    const started = Date.now();
    const err = await failure(channel.send(message(receiver.url('/silent'))));
    const elapsed = Date.now() - started;
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect((err as TransientDeliveryError).code).toBe('timeout');
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2000);
  });

  it('takes an unreachable receiver as transient', async () => {
    const gone = await startReceiver();
    const url = gone.url('/hook');
    await gone.close();
    const err = await failure(channel.send(message(url)));
    expect(err).toBeInstanceOf(TransientDeliveryError);
    expect((err as TransientDeliveryError).code).toBe('network');
  });

  it('does not follow a redirect', async () => {
    const before = receiver.requests.length;
    const err = await failure(channel.send(message(receiver.url('/redirect'))));
    expect(err).toBeInstanceOf(PermanentDeliveryError);
    expect(receiver.requests.length).toBe(before + 1);
  });

  it('refuses an address that is not an http(s) URL, without sending', async () => {
    for (const to of ['not a url', 'ftp://example.se/hook', 'https://user:pw@example.se/hook']) {
      const err = await failure(channel.send(message(to)));
      expect(err).toBeInstanceOf(PermanentDeliveryError);
      expect((err as PermanentDeliveryError).code).toBe('invalid_address');
    }
  });
});
