import { describe, expect, it } from 'vitest';
import {
  AreasSchema,
  canAnswerMessage,
  canEditMessage,
  EditMessageBodySchema,
  evaluateRequirements,
  type MessageAnswer,
} from './messages.ts';

const parties = {
  authorActorId: 'region-stockholm',
  responsibleActorId: 'stockholms-stad',
  consultedActorIds: ['stockholms-stad', 'solna-kommun'],
};
const person = (id: string, actorId: string) => ({ id, name: id, actorId, actorName: actorId });
type Answer = Pick<MessageAnswer, 'kind' | 'revision' | 'by' | 'byRole'>;
const sara = person('00000000-0000-4000-8000-000000000001', 'stockholms-stad');
const rsib = person('00000000-0000-4000-8000-000000000002', 'lansstyrelsen-stockholm');
const solna = person('00000000-0000-4000-8000-000000000003', 'solna-kommun');
const answer = (by: Answer['by'], kind: Answer['kind'], revision = 2, byRole = 'communicator'): Answer => ({
  by,
  kind,
  revision,
  byRole,
});

describe('required agreements', () => {
  const m = { ...parties, revision: 2 };

  it('are met by agreements to the current revision from the responsible actor and a coordinator', () => {
    const r = evaluateRequirements(['responsible', 'coordinator'], m, [
      answer(sara, 'agree'),
      answer(rsib, 'agree', 2, 'coordinator'),
    ]);
    expect(r.map((x) => [x.requirement, x.met, x.byName])).toEqual([
      ['responsible', true, sara.name],
      ['coordinator', true, rsib.name],
    ]);
  });

  it('do not count an agreement to an earlier revision, an agreement later taken back, or a mere comment', () => {
    expect(evaluateRequirements(['responsible'], m, [answer(sara, 'agree', 1)])[0]?.met).toBe(false);
    expect(evaluateRequirements(['responsible'], m, [answer(sara, 'agree'), answer(sara, 'object')])[0]?.met).toBe(
      false,
    );
    expect(evaluateRequirements(['responsible'], m, [answer(sara, 'agree'), answer(sara, 'comment')])[0]?.met).toBe(
      true,
    );
    // A communicator's agreement is not a regional coordinator's.
    expect(evaluateRequirements(['coordinator'], m, [answer(sara, 'agree')])[0]?.met).toBe(false);
  });

  it('can ask every consulted actor, without counting the responsible actor twice', () => {
    const r = evaluateRequirements(['responsible', 'consulted'], m, [answer(solna, 'agree')]);
    expect(r.map((x) => [x.requirement, x.actorId, x.met])).toEqual([
      ['responsible', 'stockholms-stad', false],
      ['consulted', 'solna-kommun', true],
    ]);
  });
});

describe('who may edit and answer', () => {
  it('lets the author’s and the responsible actor’s communicators and any coordinator edit', () => {
    expect(canEditMessage({ role: 'communicator', actorId: 'region-stockholm' }, parties)).toBe(true);
    expect(canEditMessage({ role: 'communicator', actorId: 'stockholms-stad' }, parties)).toBe(true);
    expect(canEditMessage({ role: 'coordinator', actorId: 'lansstyrelsen-stockholm' }, parties)).toBe(true);
    expect(canEditMessage({ role: 'communicator', actorId: 'solna-kommun' }, parties)).toBe(false);
    expect(canEditMessage({ role: 'duty_officer', actorId: 'stockholms-stad' }, parties)).toBe(false);
    expect(canEditMessage({ role: 'admin', actorId: 'region-stockholm' }, parties)).toBe(false);
  });

  it('lets communicators of consulted actors answer, and no one else outside the editors', () => {
    expect(canAnswerMessage({ role: 'communicator', actorId: 'solna-kommun' }, parties)).toBe(true);
    expect(canAnswerMessage({ role: 'communicator', actorId: 'nacka-kommun' }, parties)).toBe(false);
    expect(canAnswerMessage({ role: 'viewer', actorId: 'solna-kommun' }, parties)).toBe(false);
    expect(
      canAnswerMessage({ role: 'communicator', actorId: 'solna-kommun' }, { ...parties, consultedActorIds: null }),
    ).toBe(false);
  });
});

describe('areas', () => {
  it('are municipality codes of the county, or the whole county alone', () => {
    expect(AreasSchema.safeParse(['0180', '0182']).success).toBe(true);
    expect(AreasSchema.safeParse(['county']).success).toBe(true);
    expect(AreasSchema.safeParse(['county', '0180']).success).toBe(false);
    expect(AreasSchema.safeParse(['0180', '0180']).success).toBe(false);
    expect(AreasSchema.safeParse(['1280']).success).toBe(false);
    expect(AreasSchema.safeParse([]).success).toBe(false);
  });

  it('need a revision to edit', () => {
    expect(EditMessageBodySchema.safeParse({ body: 'x' }).success).toBe(false);
    expect(EditMessageBodySchema.safeParse({ revision: 3, body: 'x' }).success).toBe(true);
  });
});
