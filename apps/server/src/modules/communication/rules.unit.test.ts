import type { Requirement } from '@samverkan/contracts';
import { describe, expect, it } from 'vitest';
import { canReadMessage, messageRooms, statusAfterChange } from './rules.ts';

const req = (met: boolean): Requirement => ({ requirement: 'coordinator', actorId: null, met, byName: null });

describe('status after an edit or an answer', () => {
  it('is agreed once every requirement is met and back in consultation when one is not', () => {
    expect(statusAfterChange('consultation', [req(true), req(true)])).toBe('agreed');
    expect(statusAfterChange('agreed', [req(true), req(false)])).toBe('consultation');
    expect(statusAfterChange('consultation', [])).toBe('consultation');
  });

  it('does not move a draft or a published message', () => {
    expect(statusAfterChange('draft', [req(true)])).toBe('draft');
    expect(statusAfterChange('published', [req(false)])).toBe('published');
  });
});

describe('who sees a message', () => {
  it('keeps drafts and consultations on the desk, and pushes published ones to everyone', () => {
    expect(canReadMessage('viewer', 'consultation')).toBe(false);
    expect(canReadMessage('viewer', 'published')).toBe(true);
    expect(canReadMessage('communicator', 'draft')).toBe(true);
    expect(messageRooms('draft')).not.toContain('all');
    expect(messageRooms('withdrawn')).toEqual(['all']);
  });
});
