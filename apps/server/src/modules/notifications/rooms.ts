import { permissions } from '@samverkan/contracts';

/** The live rooms that follow call-outs: every role allowed to view them. */
export function calloutRooms(actorId?: string): string[] {
  const rooms = permissions.viewCallouts.map((role) => `role:${role}`);
  return actorId ? [...rooms, `actor:${actorId}`] : rooms;
}
