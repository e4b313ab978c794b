import { createHash, randomBytes } from 'node:crypto';
import type { User } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { and, eq, gt, lt } from 'drizzle-orm';

const { sessions, users, actors } = schema;

export const SESSION_COOKIE = 'samverkan_session';

/** Only the hash of a token is stored, so a leaked table does not hand out sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function createSession(
  db: DbOrTx,
  userId: string,
  ttlHours: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3_600_000);
  await db.insert(sessions).values({ tokenHash: hashToken(token), userId, expiresAt });
  return { token, expiresAt };
}

export interface SessionUser extends User {
  sessionHash: string;
}

/** The user behind a session token, if the session exists, has not expired and the user is enabled. */
export async function findSessionUser(db: DbOrTx, token: string): Promise<SessionUser | undefined> {
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      actorId: users.actorId,
      actorName: actors.name,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(actors, eq(actors.id, users.actorId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date()), eq(users.disabled, false)));
  return row && { ...row, sessionHash: tokenHash };
}

export async function deleteSession(db: DbOrTx, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteExpiredSessions(db: DbOrTx): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
}
