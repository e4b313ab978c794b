import { describe, expect, it } from 'vitest';
import { checkTransition, requestRooms, seesAllRequests } from './rules.ts';

describe('checkTransition', () => {
  it('allows ordinary → activated and back at the expected version', () => {
    expect(checkTransition({ mode: 'ordinary', version: 3 }, 'activated', 3)).toEqual({ ok: true });
    expect(checkTransition({ mode: 'activated', version: 4 }, 'ordinary', 4)).toEqual({ ok: true });
  });

  it('refuses a change to the mode SSR is already in', () => {
    expect(checkTransition({ mode: 'activated', version: 4 }, 'activated', 4)).toEqual({
      ok: false,
      reason: 'already_in_mode',
    });
    expect(checkTransition({ mode: 'ordinary', version: 0 }, 'ordinary', 0)).toEqual({
      ok: false,
      reason: 'already_in_mode',
    });
  });

  it('refuses a stale version before anything else', () => {
    expect(checkTransition({ mode: 'ordinary', version: 5 }, 'activated', 4)).toEqual({
      ok: false,
      reason: 'stale_version',
    });
    expect(checkTransition({ mode: 'activated', version: 5 }, 'activated', 4)).toEqual({
      ok: false,
      reason: 'stale_version',
    });
  });
});

describe('who sees activation requests', () => {
  it('goes to the deciders and to the asking actor', () => {
    expect(requestRooms('sos-alarm')).toEqual(['role:coordinator', 'role:admin', 'actor:sos-alarm']);
  });

  it('only coordinators and admins see every request', () => {
    expect(seesAllRequests('coordinator')).toBe(true);
    expect(seesAllRequests('admin')).toBe(true);
    expect(seesAllRequests('duty_officer')).toBe(false);
    expect(seesAllRequests('viewer')).toBe(false);
  });
});
