/**
 * Baseline B: plain Socket.IO configured like the platform's (path
 * /socket.io, WebSocket only, no client served) on a bare node:http server;
 * on POST /trigger it does `io.emit('mode:changed', event)` with an event
 * shaped and sized like the platform's. No auth, no rooms, no database.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Server } from 'socket.io';
import { modeChangedEvent } from '../lib/payload.ts';

const port = Number(process.env.PORT ?? 0);
let seq = 0;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'POST' && req.url === '/trigger') {
    const { version } = JSON.parse(await readBody(req)) as { version: number };
    io.emit('mode:changed', modeChangedEvent(++seq, version));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ clients: io.engine.clientsCount }));
    return;
  }
  if (req.url === '/health') {
    res.writeHead(200).end('ok');
    return;
  }
  // Socket.IO answers its own path; everything else is not found.
  if (!req.url?.startsWith('/socket.io/')) res.writeHead(404).end();
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
});
const io = new Server(server, { path: '/socket.io', transports: ['websocket'], serveClient: false });
server.listen(port, '127.0.0.1', () => console.log(`socket.io baseline listening on ${port}`));
process.on('SIGTERM', () => {
  io.close(() => process.exit(0));
});
