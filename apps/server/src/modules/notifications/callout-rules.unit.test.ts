import { median } from '@samverkan/contracts';
import { describe, expect, it } from 'vitest';
import { ackToken, ackUrl, hashAckToken, looksLikeAckToken } from './ack-token.ts';
import { nextStep } from './escalation.ts';
import { deliveryKey } from './relay.ts';
import { actorStatus, maskAddress, summarize } from './status.ts';

describe('actor status', () => {
  const pending = { status: 'pending' as const };

  it('an acknowledgement or the unreached flag wins over the deliveries', () => {
    expect(actorStatus({ status: 'acknowledged' }, ['failed'])).toBe('acknowledged');
    expect(actorStatus({ status: 'unreached' }, ['delivered'])).toBe('unreached');
  });

  it('otherwise the best channel of the contact now called counts', () => {
    expect(actorStatus(pending, ['failed', 'delivered'])).toBe('delivered');
    expect(actorStatus(pending, ['sent', 'queued'])).toBe('sent');
    expect(actorStatus(pending, ['queued', 'failed'])).toBe('queued');
    expect(actorStatus(pending, ['failed', 'failed'])).toBe('failed');
    expect(actorStatus(pending, [])).toBe('queued');
  });
});

describe('summary', () => {
  it('counts and takes the median time to acknowledge', () => {
    const s = summarize([
      { status: 'acknowledged', secondsToAcknowledge: 130 },
      { status: 'acknowledged', secondsToAcknowledge: 60 },
      { status: 'acknowledged', secondsToAcknowledge: 200 },
      { status: 'unreached', secondsToAcknowledge: null },
      { status: 'failed', secondsToAcknowledge: null },
      { status: 'delivered', secondsToAcknowledge: null },
    ]);
    expect(s).toEqual({ total: 6, acknowledged: 3, unreached: 1, failed: 1, medianSecondsToAcknowledge: 130 });
  });

  it('has no median before the first acknowledgement', () => {
    expect(summarize([{ status: 'queued', secondsToAcknowledge: null }]).medianSecondsToAcknowledge).toBeNull();
    expect(median([1, 2, 3, 10])).toBe(2.5);
  });
});

describe('escalation step', () => {
  it('calls the next contact while there is one, then gives up', () => {
    expect(nextStep(1, 3)).toEqual({ kind: 'call', step: 2 });
    expect(nextStep(2, 3)).toEqual({ kind: 'call', step: 3 });
    expect(nextStep(3, 3)).toEqual({ kind: 'unreached' });
    expect(nextStep(1, 0)).toEqual({ kind: 'unreached' });
    // A list that shrank below the step reached: nothing more to call.
    expect(nextStep(3, 2)).toEqual({ kind: 'unreached' });
  });
});

describe('acknowledgement tokens', () => {
  const n = '0b4d5a4e-6a53-4c1e-9a59-4a4c9a3d1c11';
  const c = '5f1e2d3c-4b5a-4968-8776-655443322110';

  it('are stable per notification and contact, and differ otherwise', () => {
    const t = ackToken('secret-one-0123456789', n, c);
    expect(t).toBe(ackToken('secret-one-0123456789', n, c));
    expect(t).not.toBe(ackToken('secret-two-0123456789', n, c));
    expect(t).not.toBe(ackToken('secret-one-0123456789', c, n));
    expect(looksLikeAckToken(t)).toBe(true);
  });

  it('are stored only as a hash, and links point at /ack/', () => {
    const t = ackToken('secret-one-0123456789', n, c);
    expect(hashAckToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAckToken(t)).not.toContain(t);
    expect(ackUrl('https://samverkan.example.se', t)).toBe(`https://samverkan.example.se/ack/${t}`);
    expect(looksLikeAckToken('../../etc/passwd')).toBe(false);
  });
});

describe('delivery keys', () => {
  it('are usable as job ids and idempotency keys', () => {
    const key = deliveryKey('0b4d5a4e-6a53-4c1e-9a59-4a4c9a3d1c11', '5f1e2d3c-4b5a-4968-8776-655443322110', 'webhook');
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(key).not.toContain(':');
  });
});

describe('masked addresses', () => {
  it('keep only enough to recognise the channel', () => {
    expect(maskAddress('email', 'anna.berg@solna.se')).toBe('a…@solna.se');
    expect(maskAddress('sms', '+46701234567')).toBe('+467…67');
    expect(maskAddress('webhook', 'https://larm.solna.se/hook?token=abc')).toBe('https://larm.solna.se');
  });
});
