/**
 * Baseline A: the floor for Node. A raw `ws` server; on POST /trigger it
 * serialises the event once, frames it once, and writes that one pre-built
 * frame to every socket through ws's own sender (what Socket.IO does for a
 * broadcast, and nothing else).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import WebSocket, { WebSocketServer } from 'ws';
import { modeChangedEvent } from '../lib/payload.ts';

/** ws exports its Sender at run time (what Socket.IO's adapter uses); its type declarations leave it out. */
interface FrameOptions {
  readOnly: boolean;
  mask: boolean;
  rsv1: boolean;
  opcode: number;
  fin: boolean;
}
const { Sender } = createRequire(import.meta.url)('ws') as {
  Sender: { frame(data: Buffer, o: FrameOptions): Buffer[] };
};
type WithSender = { _sender: { sendFrame(list: Buffer[], cb?: (err?: Error) => void): void } };

const port = Number(process.env.PORT ?? 0);
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
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
    const data = Buffer.from(JSON.stringify(modeChangedEvent(++seq, version)));
    const frame = Sender.frame(data, { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
    let n = 0;
    for (const ws of wss.clients) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      (ws as unknown as WithSender)._sender.sendFrame(frame);
      n++;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ clients: n }));
    return;
  }
  if (req.url === '/health') {
    res.writeHead(200).end('ok');
    return;
  }
  res.writeHead(404).end();
}

const server = createServer((req, res) => {
  handle(req, res).catch((err: unknown) => res.writeHead(500).end(String(err)));
});
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', () => console.log(`ws baseline listening on ${port}`));
process.on('SIGTERM', () => {
  for (const ws of wss.clients) ws.terminate();
  server.close(() => process.exit(0));
});
