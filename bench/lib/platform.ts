import pg from 'pg';
import { http } from './http.ts';

export const ADMIN_DB_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function withDb(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Creates a fresh database for this run; returns its URL. */
export async function createBenchDb(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: ADMIN_DB_URL });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    serverVersion = rows[0]?.server_version ?? '?';
  } finally {
    await client.end();
  }
  return withDb(ADMIN_DB_URL, name);
}
let serverVersion = '?';
export const postgresVersion = () => serverVersion;

export async function dropBenchDb(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DB_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Logs in and returns the session cookie (`name=value`). */
export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await http('POST', `${baseUrl}/api/auth/login`, { origin: baseUrl }, { email, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.body}`);
  const set = res.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  const cookie = first?.split(';')[0];
  if (!cookie) throw new Error('login answered 200 without a session cookie');
  return cookie;
}
