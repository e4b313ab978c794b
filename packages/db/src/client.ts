import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.ts';

export type Database = NodePgDatabase<typeof schema>;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
export type DbOrTx = Database | Tx;

/**
 * A pool whose connections may drop (a PostgreSQL restart, a failover) without
 * ending the process: the query in flight is rejected, the pool reconnects.
 * pg emits a dropped connection's error on the pool for idle clients and on
 * the client itself for checked-out ones; both are listened to here and
 * passed to `onError`.
 */
export function createPool(
  connectionString: string,
  max = 10,
  onError: (err: Error) => void = () => undefined,
): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: 'samverkan' });
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  return pool;
}

export function createDatabase(pool: pg.Pool): Database {
  return drizzle(pool, { schema });
}
