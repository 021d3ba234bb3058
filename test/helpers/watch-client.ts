// Reads a watch over real HTTP: the newline-delimited events as they arrive.
import type { FastifyInstance } from 'fastify';
import { ADMIN_TOKEN } from './app.js';

export interface WatchEvent {
  type: string;
  object: any;
}

export interface OpenWatch {
  status: number;
  events: WatchEvent[];
  /** Resolves when the server ends the stream (or it is cut off: `aborted`). */
  ended: Promise<{ aborted: boolean }>;
  /** Waits until at least `count` events arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<WatchEvent[]>;
  close(): void;
}

export async function listening(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

export async function openWatch(
  base: string,
  path: string,
  accept = 'application/json',
  token = ADMIN_TOKEN,
): Promise<OpenWatch> {
  const abort = new AbortController();
  const response = await fetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${token}`, accept },
    signal: abort.signal,
  });
  const events: WatchEvent[] = [];
  let wake = () => {};
  const ended = (async () => {
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = text.indexOf('\n')) >= 0) {
          events.push(JSON.parse(text.slice(0, newline)) as WatchEvent);
          text = text.slice(newline + 1);
          wake();
        }
      }
      return { aborted: false };
    } catch {
      return { aborted: true };
    } finally {
      wake();
    }
  })();
  let done = false;
  void ended.then(() => {
    done = true;
  });
  return {
    status: response.status,
    events,
    ended,
    close: () => abort.abort(),
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (done || Date.now() > deadline) throw new Error(`expected ${count} events, got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 100);
        });
      }
      return events.slice(0, count);
    },
  };
}
