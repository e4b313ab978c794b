import type { LoginBody, User } from '@samverkan/contracts';
import { type DbOrTx, schema } from '@samverkan/db';
import { and, eq, gt, sql } from 'drizzle-orm';
import { tooManyRequests, unauthorized } from '../../lib/errors.ts';
import { verifyPassword } from './passwords.ts';
import { findUserByEmail, publicUser } from './users.ts';

const { loginFailures } = schema;
const FAILURE_WINDOW_MS = 15 * 60_000;

async function recentFailures(db: DbOrTx, email: string): Promise<number> {
  const since = new Date(Date.now() - FAILURE_WINDOW_MS);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(loginFailures)
    .where(and(eq(loginFailures.email, email), gt(loginFailures.at, since)));
  return row?.n ?? 0;
}

/**
 * Checks the credentials. Unknown email and wrong password get the same
 * answer in the same time; an account with too many recent failures is held
 * back whatever the password, so guessing one account from many IPs stalls.
 */
export async function checkCredentials(db: DbOrTx, body: LoginBody, maxFailures: number): Promise<User> {
  const email = body.email.toLowerCase();
  if ((await recentFailures(db, email)) >= maxFailures) {
    throw tooManyRequests('Too many failed logins for this account; try again in 15 minutes');
  }
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(user?.passwordHash, body.password);
  if (!user || !ok || user.disabled) {
    await db.insert(loginFailures).values({ email });
    throw unauthorized('Wrong email or password');
  }
  await db.delete(loginFailures).where(eq(loginFailures.email, email));
  return publicUser(user);
}
