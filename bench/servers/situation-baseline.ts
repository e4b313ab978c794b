/**
 * Baselines for GET /api/situation (bench/situation.ts), a bare `node:http`
 * server pinned like the platform:
 * - GET /static: the platform's own situation JSON, captured by the bench at
 *   each history size and handed over on the IPC channel ({ static: text }),
 *   sent as pre-built bytes (the floor: HTTP + a body of the same size);
 * - GET /sql?period=…: the database work at the heart of the route, raw: the
 *   latest version per actor of the period (the platform's DISTINCT ON query)
 *   and those rows, answered as JSON;
 * - GET /lateral?period=…: the same rows found another way, one LIMIT 1 index
 *   probe per actor (CROSS JOIN LATERAL), to show what the query could cost
 *   (not what the platform does).
 * Env: PORT, DATABASE_URL.
 */
import { createServer } from 'node:http';
import pg from 'pg';
import { LATEST_LATERAL, LATEST_SQL } from '../lib/situation-sql.ts';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
let body = Buffer.from('{}');

const headers = { 'content-type': 'application/json; charset=utf-8' };

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/health') {
    res.writeHead(200, headers).end('{"ok":true}');
  } else if (url.pathname === '/static') {
    res.writeHead(200, { ...headers, 'content-length': body.length }).end(body);
  } else if (url.pathname === '/sql' || url.pathname === '/lateral') {
    const period = url.searchParams.get('period') ?? '';
    pool
      .query<{ id: string }>(url.pathname === '/sql' ? LATEST_SQL : LATEST_LATERAL, [period, new Date().toISOString()])
      .then((r) => pool.query('SELECT * FROM reports WHERE id = ANY($1::uuid[])', [r.rows.map((x) => x.id)]))
      .then((r) => res.writeHead(200, headers).end(JSON.stringify(r.rows)))
      .catch((err: unknown) => res.writeHead(500, headers).end(JSON.stringify({ error: String(err) })));
  } else {
    res.writeHead(404).end();
  }
});
process.on('message', (raw: unknown) => {
  const m = raw as { static?: string; id?: number };
  if (typeof m?.static !== 'string') return;
  body = Buffer.from(m.static);
  process.send?.({ staticSet: m.id });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
for (const s of ['SIGTERM', 'SIGINT'] as const) {
  process.on(s, () => {
    server.close();
    void pool.end().finally(() => process.exit(0));
  });
}
