import type { Role, User } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { eq } from 'drizzle-orm';
import { hashPassword } from './passwords.ts';

const { users, actors } = schema;

export interface UserRecord extends User {
  passwordHash: string;
  disabled: boolean;
}

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  actorId: users.actorId,
  actorName: actors.name,
  passwordHash: users.passwordHash,
  disabled: users.disabled,
};

export async function findUserByEmail(db: DbOrTx, email: string): Promise<UserRecord | undefined> {
  const [row] = await db
    .select(userColumns)
    .from(users)
    .innerJoin(actors, eq(actors.id, users.actorId))
    .where(eq(users.email, email.toLowerCase()));
  return row;
}

export function publicUser(u: UserRecord): User {
  return { id: u.id, email: u.email, name: u.name, role: u.role, actorId: u.actorId, actorName: u.actorName };
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  actorId: string;
  password: string;
}

/** Creates a user, or with `upsert` refreshes name, role, actor and password of an existing one. */
export async function saveUser(db: DbOrTx, u: NewUser, { upsert = false } = {}): Promise<string> {
  const passwordHash = await hashPassword(u.password);
  const values = { email: u.email.toLowerCase(), name: u.name, role: u.role, actorId: u.actorId, passwordHash };
  const insert = db.insert(users).values(values);
  const [row] = await (upsert
    ? insert.onConflictDoUpdate({
        target: users.email,
        set: { name: values.name, role: values.role, actorId: values.actorId, passwordHash },
      })
    : insert
  ).returning({ id: users.id });
  if (!row) throw new Error(`user ${u.email} was not saved`);
  return row.id;
}
