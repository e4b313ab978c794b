import { roles } from '@samverkan/contracts';
import { describe, expect, it } from 'vitest';
import {
  canManageContacts,
  canReadContacts,
  checkOrder,
  contactRooms,
  privateWebhookIssues,
  unparsableWebhookIssues,
} from './rules.ts';

const own = 'stockholms-stad';
const other = 'polisregion-stockholm';

describe('who may read an actor’s contacts', () => {
  it('admins and coordinators read any actor’s list', () => {
    for (const role of ['admin', 'coordinator'] as const) {
      expect(canReadContacts({ role, actorId: 'lansstyrelsen-stockholm' }, own)).toBe(true);
      expect(canReadContacts({ role, actorId: 'lansstyrelsen-stockholm' }, other)).toBe(true);
    }
  });

  it('a duty officer reads only its own actor’s list', () => {
    expect(canReadContacts({ role: 'duty_officer', actorId: own }, own)).toBe(true);
    expect(canReadContacts({ role: 'duty_officer', actorId: own }, other)).toBe(false);
  });

  it('communicators and viewers read no list, not even their own actor’s', () => {
    for (const role of ['communicator', 'viewer'] as const) {
      expect(canReadContacts({ role, actorId: own }, own)).toBe(false);
      expect(canReadContacts({ role, actorId: own }, other)).toBe(false);
    }
  });
});

describe('who may change an actor’s contacts', () => {
  it('an admin changes any actor’s list', () => {
    expect(canManageContacts({ role: 'admin', actorId: 'lansstyrelsen-stockholm' }, own)).toBe(true);
    expect(canManageContacts({ role: 'admin', actorId: own }, other)).toBe(true);
  });

  it('a duty officer changes only its own actor’s list', () => {
    expect(canManageContacts({ role: 'duty_officer', actorId: own }, own)).toBe(true);
    expect(canManageContacts({ role: 'duty_officer', actorId: own }, other)).toBe(false);
  });

  it('coordinators, communicators and viewers change no list, not even their own actor’s', () => {
    for (const role of ['coordinator', 'communicator', 'viewer'] as const) {
      expect(canManageContacts({ role, actorId: own }, own)).toBe(false);
      expect(canManageContacts({ role, actorId: own }, other)).toBe(false);
    }
  });

  it('whoever may change a list may also read it', () => {
    for (const role of roles) {
      for (const actorId of [own, other]) {
        if (canManageContacts({ role, actorId: own }, actorId)) {
          expect(canReadContacts({ role, actorId: own }, actorId)).toBe(true);
        }
      }
    }
  });
});

describe('contactRooms', () => {
  it('goes to admins, coordinators and the actor itself', () => {
    expect(contactRooms('sos-alarm')).toEqual(['role:admin', 'role:coordinator', 'actor:sos-alarm']);
  });
});

describe('privateWebhookIssues', () => {
  it('names each webhook to a loopback, private or link-local host by its index', () => {
    expect(
      privateWebhookIssues([
        { type: 'email', address: 'a@example.se' },
        { type: 'webhook', address: 'https://127.0.0.1/x' },
        { type: 'webhook', address: 'https://larm.example.se/x' },
        { type: 'webhook', address: 'https://192.168.1.10:8443/x' },
        { type: 'webhook', address: 'https://[::1]/x' },
        { type: 'webhook', address: 'https://169.254.169.254/latest' },
      ]).map((i) => i.path),
    ).toEqual(['channels.1.address', 'channels.3.address', 'channels.4.address', 'channels.5.address']);
  });

  it('has nothing to say about public webhooks and other channels', () => {
    expect(
      privateWebhookIssues([
        { type: 'sms', address: '+46701234567' },
        { type: 'webhook', address: 'https://hooks.example.com/a' },
      ]),
    ).toEqual([]);
  });
});

describe('unparsableWebhookIssues', () => {
  it('names webhook addresses that are not URLs, and leaves the rest to the schema', () => {
    expect(
      unparsableWebhookIssues({
        channels: [
          { type: 'webhook', address: 'inte en url' },
          { type: 'webhook', address: 'http://example.se' },
          { type: 'email', address: 'inte en url' },
          { type: 'webhook', address: 42 },
          null,
        ],
      }),
    ).toEqual([{ path: 'channels.0.address', message: 'an https URL' }]);
    for (const body of [undefined, null, 'text', {}, { channels: 'x' }]) {
      expect(unparsableWebhookIssues(body)).toEqual([]);
    }
  });
});

describe('checkOrder', () => {
  const ids = ['a', 'b', 'c'];

  it('accepts every contact exactly once, in any order', () => {
    expect(checkOrder(ids, ['c', 'a', 'b'])).toEqual({ ok: true });
    expect(checkOrder(ids, ids)).toEqual({ ok: true });
  });

  it('refuses a contact left out, one twice, or one that is not the actor’s', () => {
    expect(checkOrder(ids, ['a', 'b'])).toMatchObject({ ok: false, message: expect.stringContaining('c') });
    expect(checkOrder(ids, ['a', 'b', 'b', 'c'])).toMatchObject({ ok: false });
    expect(checkOrder(ids, ['a', 'b', 'c', 'x'])).toMatchObject({ ok: false, message: expect.stringContaining('x') });
    expect(checkOrder([], ['x'])).toMatchObject({ ok: false });
  });
});
