/**
 * The least of Engine.IO v4 / Socket.IO v5 that a WebSocket-only client
 * needs, on top of a raw `ws` client, so every variant is driven by the same
 * client code:
 *   server → `0{"sid",…}` (open)       client → `40` (connect to "/")
 *   server → `40{"sid"}` (connected)   or `44{"message"}` (refused)
 *   server → `2` (ping)                client → `3` (pong)
 *   server → `42["event",payload]`     an event on "/" (no ack id)
 *   server → `1` (close)
 */
import WebSocket from 'ws';

export function socketIoUrl(httpBase: string, path = '/socket.io/'): string {
  const u = new URL(path, httpBase);
  u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
  u.searchParams.set('EIO', '4');
  u.searchParams.set('transport', 'websocket');
  return u.toString();
}

export interface ShimHandlers {
  onConnect(): void;
  onError(message: string): void;
  onEvent(name: string, payload: unknown, frameBytes: number, text: string): void;
  onClose(): void;
}

/** Opens one Socket.IO connection over a raw WebSocket; returns the socket so the caller can close it. */
export function openSocketIo(httpBase: string, headers: Record<string, string>, h: ShimHandlers): WebSocket {
  const ws = new WebSocket(socketIoUrl(httpBase), { headers, perMessageDeflate: false });
  let connected = false;
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) return;
    const text = data.toString('utf8');
    const type = text.charCodeAt(0);
    if (type === 0x34 /* '4' message */) {
      const sioType = text.charCodeAt(1);
      if (sioType === 0x32 /* '2' EVENT */) {
        // Namespace "/" and no ack id: the JSON array starts right after "42".
        const start = text.indexOf('[', 2);
        const arr = JSON.parse(text.slice(start)) as unknown[];
        h.onEvent(String(arr[0]), arr[1], data.length, text);
      } else if (sioType === 0x30 /* '0' CONNECT */) {
        connected = true;
        h.onConnect();
      } else if (sioType === 0x34 /* '4' CONNECT_ERROR */) {
        h.onError(text.slice(2));
        ws.close();
      }
    } else if (type === 0x32 /* '2' ping */) {
      ws.send('3');
    } else if (type === 0x30 /* '0' open */) {
      ws.send('40');
    } else if (type === 0x31 /* '1' close */) {
      ws.close();
    }
  });
  ws.on('error', (err) => {
    if (!connected) h.onError(err.message);
  });
  ws.on('close', () => h.onClose());
  return ws;
}
