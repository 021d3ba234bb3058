// Builds a real app (real SQLite in a per-test directory, or PostgreSQL under forEachStore) and
// a small client for app.inject.
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Test } from 'tap';
import { type AppOptions, buildApp } from '../../src/server.js';
import type { ServerConfig } from '../../src/config.js';
import { storeConfigFor } from './stores.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const ST_PATH = '/apis/workload.kcp.io/v1alpha1/synctargets';

export interface TestApp {
  app: FastifyInstance;
  dataDir: string;
  /** JSON request as the admin unless `token` is given (null sends no Authorization header). */
  call(method: InjectOptions['method'], url: string, body?: unknown, options?: CallOptions): Promise<Reply>;
}

export interface CallOptions {
  token?: string | null;
  contentType?: string;
  rawBody?: string | Buffer;
}

export interface Reply {
  statusCode: number;
  json: any;
  headers: Record<string, unknown>;
  body: string;
}

export async function testApp(t: Test, config: Partial<ServerConfig> = {}, options: AppOptions = {}): Promise<TestApp> {
  const dataDir = config.dataDir ?? t.testdir();
  // Under forEachStore this adds the PostgreSQL database of this data directory.
  const app = await buildApp(
    { adminToken: ADMIN_TOKEN, logLevel: 'silent', ...(await storeConfigFor(t, dataDir)), ...config, dataDir },
    options,
  );
  t.teardown(() => app.close());
  return { app, dataDir, call: (method, url, body, options) => call(app, method, url, body, options) };
}

export async function call(
  app: FastifyInstance,
  method: InjectOptions['method'],
  url: string,
  body?: unknown,
  options: CallOptions = {},
): Promise<Reply> {
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined)
    headers['content-type'] =
      options.contentType ?? (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
  const response = await app.inject({ method, url, headers, payload });
  let json: unknown;
  try {
    json = response.body ? JSON.parse(response.body) : undefined;
  } catch {
    json = undefined;
  }
  return { statusCode: response.statusCode, json, headers: response.headers, body: response.body };
}

export const syncTarget = (name: string, labels?: Record<string, string>, spec?: Record<string, unknown>) => ({
  apiVersion: 'workload.kcp.io/v1alpha1',
  kind: 'SyncTarget',
  metadata: { name, ...(labels ? { labels } : {}) },
  ...(spec ? { spec } : {}),
});

/** Every stored object and the store's version: equal before and after means nothing was written. */
export async function storeSnapshot(app: FastifyInstance): Promise<string> {
  // Read again when a write (a controller's, finishing what the test set up) lands between the
  // version and the lists: a snapshot is of one version of the store.
  for (;;) {
    const rv = await app.store.currentResourceVersion();
    const kinds = await Promise.all(['SyncTarget', 'Deployment', 'Placement'].map((kind) => app.store.list(kind)));
    if (rv === (await app.store.currentResourceVersion()))
      return JSON.stringify({ rv, items: kinds.map((k) => k.items) });
  }
}

/** A request that must be refused. */
export interface Refusal {
  title: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url?: string;
  body?: unknown;
  options?: CallOptions;
  code: number;
  reason: string;
  /** Fields the Status must name in details.causes. */
  causes?: string[];
  message?: string;
}

/** Sends each request and checks its Status, the fields it names, and that nothing was written. */
export async function expectRefusals(
  t: Test,
  app: TestApp,
  defaults: { method: Refusal['method']; url: string },
  cases: Refusal[],
): Promise<void> {
  for (const c of cases) {
    const before = await storeSnapshot(app.app);
    const reply = await app.call(c.method ?? defaults.method, c.url ?? defaults.url, c.body, c.options);
    t.equal(reply.statusCode, c.code, `${c.title}: status code (${reply.body.slice(0, 200)})`);
    t.match(
      reply.json,
      { apiVersion: 'v1', kind: 'Status', status: 'Failure', code: c.code, reason: c.reason },
      `${c.title}: Status body`,
    );
    if (c.message) t.equal(reply.json.message, c.message, `${c.title}: message`);
    const fields = (reply.json.details?.causes ?? []).map((cause: { field: string }) => cause.field);
    for (const field of c.causes ?? [])
      t.ok(fields.includes(field), `${c.title}: names ${field} (got ${fields.join(', ')})`);
    t.equal(await storeSnapshot(app.app), before, `${c.title}: the store is unchanged`);
  }
}
