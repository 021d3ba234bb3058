// The slow-clients tests' tools: the process's file limits, a server under a low one, the
// server's metrics, /readyz timing, and connections of each slow kind.
import { readFileSync } from 'node:fs';
import type { Test } from 'tap';
import { type RawConnection, head, openRaw } from '../helpers/raw-http.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

export const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
export const ADMIN = 'slow-clients-admin-token-0123456789';

export function fileLimits(): { soft: number; hard: number } {
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  const value = (text?: string) => (text === undefined || text === 'unlimited' ? Infinity : Number(text));
  return { soft: value(match?.[1]), hard: value(match?.[2]) };
}

/** The real server under `ulimit -n fdLimit` (enough for Node to load its modules: 512), logging warnings. */
export async function startWithFdLimit(t: Test, fdLimit: number): Promise<ServerProcess> {
  const server = await startServerProcess(
    ['--data-dir', t.testdir(), '--max-connections-per-address', '0'],
    { TMC_ADMIN_TOKEN: ADMIN },
    90_000,
    { quiet: true, fdLimit },
  );
  t.teardown(() => server.stop('SIGKILL'));
  return server;
}

export async function metrics(server: ServerProcess): Promise<Record<string, number>> {
  const reply = await openRaw(server.url, head('GET', '/metrics', { connection: 'close' })).reply;
  const found: Record<string, number> = {};
  for (const name of ['process_open_fds', 'nodejs_heap_size_used_bytes', 'tmc_http_connections']) {
    const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(reply?.body ?? '');
    if (match) found[name] = Number(match[1]);
  }
  return found;
}

/** The time to an answer from /readyz on a new connection, in ms (Infinity when none came). */
export async function readyzMs(url: string): Promise<number> {
  const started = performance.now();
  const reply = await openRaw(url, head('GET', '/readyz', { connection: 'close' })).replyWithin(5_000);
  return reply?.status === 200 ? performance.now() - started : Infinity;
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

export type Kind = 'bodiless POST /healthz' | 'trickled body, no token' | 'nothing sent' | 'headers never end';

const JSON_BODY = { 'content-type': 'application/json', 'content-length': 999_999 };

export function openKind(url: string, kind: Kind, localAddress: string, typed: boolean): RawConnection {
  // With a JSON type, Fastify used to read (and keep) the whole body before its 404; without one,
  // to answer and then wait for the body on the kept-alive connection.
  const healthz = typed ? JSON_BODY : { 'content-length': 999_999 };
  const text =
    kind === 'bodiless POST /healthz'
      ? head('POST', '/healthz', healthz)
      : kind === 'trickled body, no token'
        ? `${head('POST', ST, JSON_BODY)}{"a":"`
        : kind === 'headers never end'
          ? `POST ${ST} HTTP/1.1\r\nHost: tmc\r\n`
          : '';
  return openRaw(url, text, { localAddress });
}
