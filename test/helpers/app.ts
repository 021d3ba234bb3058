// Builds a real app (real SQLite in a per-test directory, or PostgreSQL under forEachStore) and
// a small client for app.inject.
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
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

export async function testApp(t: Test, config: Partial<ServerConfig> = {}): Promise<TestApp> {
  const dataDir = config.dataDir ?? t.testdir();
  // Under forEachStore this adds the PostgreSQL database of this data directory.
  const app = await buildApp({ adminToken: ADMIN_TOKEN, logLevel: 'silent', ...(await storeConfigFor(t, dataDir)), ...config, dataDir });
  t.teardown(() => app.close());
  return { app, dataDir, call: (method, url, body, options) => call(app, method, url, body, options) };
}

export async function call(app: FastifyInstance, method: InjectOptions['method'], url: string, body?: unknown, options: CallOptions = {}): Promise<Reply> {
  const token = options.token === undefined ? ADMIN_TOKEN : options.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const payload = options.rawBody ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers['content-type'] = options.contentType ?? (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
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

/** A fingerprint of everything stored, to show that a rejected request changed nothing. */
export async function storeSnapshot(app: FastifyInstance): Promise<string> {
  const rv = await app.store.currentResourceVersion();
  const targets = await app.store.list('SyncTarget');
  return JSON.stringify({ rv, items: targets.items });
}
