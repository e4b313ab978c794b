/**
 * A minimal Redis client (RESP2 over one TCP socket, one command at a time)
 * for the bench's own needs: a PING round trip as a baseline, and deleting
 * the keys of its own prefix afterwards. No dependency, so the bench does not
 * need the server's ioredis.
 */
import { connect, type Socket } from 'node:net';

export type Resp = string | number | null | Resp[];

export class MiniRedis {
  private buf = Buffer.alloc(0);
  private waiting: Array<{ resolve(v: Resp): void; reject(e: Error): void }> = [];

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      for (;;) {
        const parsed = parse(this.buf, 0);
        if (!parsed) break;
        this.buf = this.buf.subarray(parsed.end);
        const w = this.waiting.shift();
        if (parsed.value instanceof Error) w?.reject(parsed.value);
        else w?.resolve(parsed.value);
      }
    });
    socket.on('error', (err) => {
      for (const w of this.waiting.splice(0)) w.reject(err);
    });
  }

  static open(url: string): Promise<MiniRedis> {
    const u = new URL(url);
    return new Promise((resolve, reject) => {
      const s = connect(Number(u.port || 6379), u.hostname || '127.0.0.1');
      s.setNoDelay(true);
      s.once('connect', () => resolve(new MiniRedis(s)));
      s.once('error', reject);
    });
  }

  command(...args: string[]): Promise<Resp> {
    let out = `*${args.length}\r\n`;
    for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.socket.write(out);
    });
  }

  /** Deletes every key that starts with `prefix`; returns how many. */
  async deletePrefix(prefix: string): Promise<number> {
    let cursor = '0';
    let deleted = 0;
    do {
      const reply = (await this.command('SCAN', cursor, 'MATCH', `${prefix}*`, 'COUNT', '1000')) as [string, string[]];
      cursor = reply[0];
      const keys = reply[1].filter((k) => k.startsWith(prefix));
      if (keys.length > 0) deleted += Number(await this.command('DEL', ...keys));
    } while (cursor !== '0');
    return deleted;
  }

  close(): void {
    this.socket.end();
  }
}

function parse(buf: Buffer, at: number): { value: Resp | Error; end: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const line = buf.toString('utf8', at + 1, eol);
  switch (String.fromCharCode(buf[at] ?? 0)) {
    case '+':
      return { value: line, end: eol + 2 };
    case '-':
      return { value: new Error(line), end: eol + 2 };
    case ':':
      return { value: Number(line), end: eol + 2 };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: eol + 2 };
      if (buf.length < eol + 2 + n + 2) return undefined;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + n), end: eol + 2 + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: eol + 2 };
      const items: Resp[] = [];
      let end = eol + 2;
      for (let i = 0; i < n; i++) {
        const item = parse(buf, end);
        if (!item) return undefined;
        if (item.value instanceof Error) return item;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error(`unexpected RESP reply: ${line}`);
  }
}
