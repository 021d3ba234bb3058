// Shared set-up for the heartbeat fast-path tests (heartbeat-fast-path-*.test.ts): an app listening on a real
// connection, requests sent both over it and through app.inject, and metric readings.
import type { Test } from 'tap';
import { ADMIN_TOKEN, ST_PATH, type TestApp, testApp } from '../helpers/app.js';

export const REPORT = {
  syncerVersion: 'v0.3.1',
  kubernetesVersion: 'v1.33.2',
  capacity: { cpu: '8' },
  allocatable: { cpu: '7' },
};

export interface Sent {
  path?: string;
  token?: string | null;
  contentType?: string | null;
  body?: string;
  headers?: Record<string, string>;
}

export interface Listening {
  api: TestApp;
  /** Requests the heartbeat route saw: straight from the connection, or replayed into it. */
  routeCalls(): number;
  post(sent: Sent): Promise<{ statusCode: number; body: string; headers: Headers }>;
  inject(sent: Sent): Promise<{ statusCode: number; body: string }>;
}

export function headersOf(sent: Sent): Record<string, string> {
  const headers: Record<string, string> = { ...sent.headers };
  if (sent.token !== null) headers.authorization = `Bearer ${sent.token ?? ADMIN_TOKEN}`;
  if (sent.contentType !== null) headers['content-type'] = sent.contentType ?? 'application/json';
  return headers;
}

export async function listening(t: Test): Promise<Listening> {
  const api = await testApp(t, { heartbeatIntervalMs: 20_000 });
  let routeCalls = 0;
  // onResponse: it runs for every request the route answers, refused by the auth hook or not.
  api.app.addHook('onResponse', (request, _reply, done) => {
    if (request.routeOptions.url?.endsWith('/:name/heartbeat')) routeCalls++;
    done();
  });
  const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    api,
    routeCalls: () => routeCalls,
    post: async (sent) => {
      const response = await fetch(`${url}${sent.path ?? `${ST_PATH}/edge-1/heartbeat`}`, {
        method: 'POST',
        headers: headersOf(sent),
        body: sent.body,
      });
      return { statusCode: response.status, body: await response.text(), headers: response.headers };
    },
    inject: async (sent) => {
      const response = await api.app.inject({
        method: 'POST',
        url: sent.path ?? `${ST_PATH}/edge-1/heartbeat`,
        headers: headersOf(sent),
        payload: sent.body,
      });
      return { statusCode: response.statusCode, body: response.body };
    },
  };
}

export async function metric(server: Listening, line: string): Promise<number> {
  const text = (await server.api.app.inject({ method: 'GET', url: '/metrics' })).body;
  const found = text.split('\n').find((l) => l.startsWith(line));
  return found ? Number(found.slice(line.length).trim()) : 0;
}
