import type { Role } from '@samverkan/contracts';
import type { DbOrTx } from '@samverkan/db';
import { saveUser } from './users.ts';

/** One demo user per role, for trying the platform out; never seeded in production unless asked for. */
export const demoUsers: ReadonlyArray<{ email: string; name: string; role: Role; actorId: string }> = [
  { email: 'admin@samverkan.test', name: 'Alva Admin', role: 'admin', actorId: 'lansstyrelsen-stockholm' },
  {
    email: 'rsib@samverkan.test',
    name: 'Rasmus Samordnare (RSIB)',
    role: 'coordinator',
    actorId: 'lansstyrelsen-stockholm',
  },
  {
    email: 'tib.stockholm@samverkan.test',
    name: 'Tove TiB Stockholm',
    role: 'duty_officer',
    actorId: 'stockholms-stad',
  },
  {
    email: 'tib.polisen@samverkan.test',
    name: 'Per TiB Polisen',
    role: 'duty_officer',
    actorId: 'polisregion-stockholm',
  },
  {
    email: 'kommunikator.region@samverkan.test',
    name: 'Kim Kommunikatör',
    role: 'communicator',
    actorId: 'region-stockholm',
  },
  {
    email: 'kommunikator.stockholm@samverkan.test',
    name: 'Sara Kommunikatör Stockholm',
    role: 'communicator',
    actorId: 'stockholms-stad',
  },
  { email: 'observator@samverkan.test', name: 'Olle Observatör', role: 'viewer', actorId: 'stockholms-stad' },
];

/** Creates or refreshes the demo users with the given password. */
export async function seedDemoUsers(db: DbOrTx, password: string): Promise<void> {
  for (const u of demoUsers) await saveUser(db, { ...u, password }, { upsert: true });
}
