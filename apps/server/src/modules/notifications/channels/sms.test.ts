import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpSmsProvider, createSmsChannel, SMS_MAX_CHARS } from './sms.ts';
import { renderNotification } from './texts.ts';
import { type OutgoingMessage, PermanentDeliveryError, TransientDeliveryError } from './types.ts';

interface Recorded {
  url: string | undefined;
  headers: IncomingHttpHeaders;
  json: { to: string; from: string; text: string; reference: string };
}

/**
 * A real HTTP SMS gateway: records each request and answers 200 `{ id }`,
 * or the status its path names (`/status/503`), or 200 without a body (`/no-id`).
 */
async function startGateway() {
  const requests: Recorded[] = [];
  let next = 1;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ url: req.url, headers: req.headers, json: JSON.parse(Buffer.concat(chunks).toString()) });
      const status = Number(req.url?.match(/^\/status\/(\d{3})$/)?.[1] ?? 200);
      if (status !== 200) {
        res.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"no"}');
      } else if (req.url === '/no-id') {
        res.writeHead(200).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${next++}` }));
      }
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

const ACK = 'https://samverkan.example.se/k/0123456789abcdef';

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  idempotencyKey: 'n1-c3-sms',
  to: '+46701234567',
  language: 'sv',
  subject: 'unused',
  text: 'unused',
  sms: `ÖVNING - SSR AKTIVERAT: Storm Alfrida\nKvittera: ${ACK}`,
  payload: {},
  ...over,
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('the SMS channel, against a real HTTP gateway', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  const channelAt = (path: string, token: string | null = 'gw-token-123') =>
    createSmsChannel(
      createHttpSmsProvider({ url: gateway.url(path), token: token ?? undefined, from: 'SSR', timeoutMs: 2000 }),
    );

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('posts the JSON with the bearer token and returns the gateway id', async () => {
    const result = await channelAt('/send').send(message());
    expect(result).toEqual({ status: 'sent', providerMessageId: 'gw-1' });
    const req = gateway.requests.at(-1);
    expect(req?.url).toBe('/send');
    expect(req?.headers.authorization).toBe('Bearer gw-token-123');
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers['idempotency-key']).toBe('n1-c3-sms');
    expect(req?.json).toEqual({
      to: '+46701234567',
      from: 'SSR',
      text: `ÖVNING - SSR AKTIVERAT: Storm Alfrida\nKvittera: ${ACK}`,
      reference: 'n1-c3-sms',
    });
  });

  it('sends no authorization header without a token, and names the message by its reference without an id', async () => {
    const result = await channelAt('/no-id', null).send(message({ idempotencyKey: 'n2-c3-sms' }));
    expect(result).toEqual({ status: 'sent', providerMessageId: 'n2-c3-sms' });
    expect(gateway.requests.at(-1)?.headers.authorization).toBeUndefined();
  });

  it('shortens a long text to three parts, keeping the acknowledgement link whole', async () => {
    const { sms } = renderNotification({
      kind: 'activation',
      exercise: true,
      title: 'Storm Alfrida',
      reason: 'Omfattande elavbrott i norra länet, vägar blockerade av nedfallna träd. '.repeat(12),
      at: new Date('2026-11-23T02:12:00Z'),
      decidedBy: { name: 'Anna Berg', actorName: 'Länsstyrelsen i Stockholms län' },
      actorName: 'Stockholms stad',
      dashboardUrl: 'https://samverkan.example.se/',
      ackUrl: ACK,
    });
    expect(sms.length).toBeGreaterThan(SMS_MAX_CHARS);
    await channelAt('/send').send(message({ sms }));
    const sent = gateway.requests.at(-1)?.json.text ?? '';
    expect([...sent].length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(sent.startsWith('ÖVNING - SSR AKTIVERAT: Storm Alfrida')).toBe(true);
    expect(sent.endsWith(`…\nKvittera: ${ACK}`)).toBe(true);
  });

  it.each([
    [503, 'transient'],
    [429, 'transient'],
    [401, 'permanent'],
    [422, 'permanent'],
  ] as const)('takes HTTP %i from the gateway as %s', async (status, kind) => {
    const err = await failure(channelAt(`/status/${status}`).send(message()));
    expect(err).toBeInstanceOf(kind === 'permanent' ? PermanentDeliveryError : TransientDeliveryError);
    expect((err as PermanentDeliveryError).code).toBe(`http_${status}`);
  });

  it('refuses a number that is not E.164, without calling the gateway', async () => {
    const before = gateway.requests.length;
    for (const to of ['0701234567', '+46 70 123 45 67', 'tib@stockholm.example.se']) {
      const err = await failure(channelAt('/send').send(message({ to })));
      expect(err).toBeInstanceOf(PermanentDeliveryError);
      expect((err as PermanentDeliveryError).code).toBe('invalid_address');
    }
    expect(gateway.requests.length).toBe(before);
  });
});
