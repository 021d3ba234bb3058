// Several real `tmc server` processes (the build in dist/) on one fresh PostgreSQL database:
// what an operator runs for high availability. Each replica has its own data directory and
// port, and all share one admin token.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Test } from 'tap';
import { request } from 'undici';
import { freshDatabase } from './postgres.js';
import { type ServerProcess, TMC_BIN, startServerProcess } from './server-process.js';

export const REPLICA_TOKEN = 'replica-admin-token-0123456789abcdef';

export interface Replica {
  server: ServerProcess;
  /** JSON over HTTP as the admin; resolves with the status and the parsed body. */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<{ statusCode: number; json: any }>;
}

export interface ReplicaSet {
  databaseUrl: string;
  replicas: Replica[];
  /** Starts one more replica on the same database. */
  add(): Promise<Replica>;
}

export async function startReplicas(t: Test, count: number, extraArgs: string[] = []): Promise<ReplicaSet> {
  if (!existsSync(TMC_BIN)) throw new Error(`${TMC_BIN} is missing: run npm run build (npm test builds first)`);
  const databaseUrl = await freshDatabase(t);
  const root = t.testdir();
  let started = 0;
  const add = async (): Promise<Replica> => {
    const dataDir = join(root, `replica-${started++}`);
    const server = await startServerProcess(
      ['--database-url', databaseUrl, '--data-dir', dataDir, '--log-level', 'info', ...extraArgs],
      { TMC_ADMIN_TOKEN: REPLICA_TOKEN },
      // Generous: replicas start alongside the rest of the suite on two shared cores.
      120_000,
    );
    // Killed, not stopped: the database is dropped right after, whatever state the process is in.
    t.teardown(() => server.stop('SIGKILL'));
    return { server, call: (method, path, body) => callReplica(server.url, method, path, body) };
  };
  // Started together on purpose: their migrations race and must queue on the advisory lock.
  const replicas = await Promise.all(Array.from({ length: count }, add));
  return { databaseUrl, replicas, add };
}

async function callReplica(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ statusCode: number; json: any }> {
  const headers: Record<string, string> = { authorization: `Bearer ${REPLICA_TOKEN}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const reply = await request(`${base}${path}`, {
    method: method as 'GET',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await reply.body.text();
  return { statusCode: reply.statusCode, json: text ? JSON.parse(text) : undefined };
}
