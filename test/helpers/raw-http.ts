// HTTP/1.1 by hand over a TCP socket, for what ordinary clients will not do: send the headers
// and hold the body back, send it in pieces, or send nothing at all.
import { type Socket, connect } from 'node:net';

export interface RawReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawConnection {
  socket: Socket;
  /** The first final answer (a 100 Continue is skipped), or undefined when the server closed without one. */
  reply: Promise<RawReply | undefined>;
  /** Resolves when the connection is closed, by either side. */
  closed: Promise<void>;
  /** The answer, or undefined when none came within `ms`. */
  replyWithin(ms: number): Promise<RawReply | undefined>;
  /** Whether an answer has arrived yet. */
  answered(): boolean;
  /** Whether a 100 Continue arrived. */
  continued(): boolean;
}

export interface OpenOptions {
  /** The source address (any of 127.0.0.0/8 works on Linux): lets one test be many clients. */
  localAddress?: string;
}

/** Opens a connection to `url` (http://host:port) and sends `text` (may be empty). */
export function openRaw(url: string, text: string, options: OpenOptions = {}): RawConnection {
  const { hostname, port } = new URL(url);
  const from = options.localAddress ? { localAddress: options.localAddress } : {};
  const socket = connect({ host: hostname, port: Number(port), ...from });
  socket.on('error', () => undefined);
  if (text) socket.write(text);
  let received = Buffer.alloc(0);
  let answer: RawReply | undefined;
  let continued = false;
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const reply = new Promise<RawReply | undefined>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      for (;;) {
        const parsed = parse(received);
        if (!parsed) return;
        received = received.subarray(parsed.length);
        if (parsed.reply.status === 100) {
          continued = true;
          continue;
        }
        answer = parsed.reply;
        return resolve(answer);
      }
    });
    void closed.then(() => resolve(answer));
  });
  const timeout = (ms: number) => new Promise<undefined>((resolve) => setTimeout(resolve, ms));
  const replyWithin = (ms: number) => Promise.race([reply, timeout(ms)]);
  return { socket, reply, closed, replyWithin, answered: () => answer !== undefined, continued: () => continued };
}

/** A request's head: request line, headers and the blank line after them. */
export function head(method: string, path: string, headers: Record<string, string | number>, version = '1.1'): string {
  const fields = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  const lines = [`${method} ${path} HTTP/${version}`, 'Host: tmc', ...fields];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function parse(buffer: Buffer): { reply: RawReply; length: number } | undefined {
  const end = buffer.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = buffer.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const status = Number(statusLine!.split(' ')[1]);
  const length = status === 100 ? 0 : Number(headers['content-length'] ?? 0);
  if (buffer.length < end + 4 + length) return undefined;
  const body = buffer.subarray(end + 4, end + 4 + length).toString('utf8');
  return { reply: { status, headers, body }, length: end + 4 + length };
}
