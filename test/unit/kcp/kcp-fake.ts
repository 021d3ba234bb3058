// A local HTTP server standing in for kcp in unit tests of URL handling and of the CRD decision:
// it records every request and answers from a route table. Behaviour against a real API server
// is tested in test/e2e/kcp-*.test.ts.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Test } from 'tap';
import { KcpClient } from '../../../src/kcp/client.js';

export const WORKSPACE = '/clusters/root:org';
export const TOKEN = 'kcp-test-token';
export const NOT_FOUND: [number, unknown] = [
  404,
  { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound', message: 'not found' },
];

export interface Recorded {
  method: string;
  /** The full path asked for; `route` sees it without the workspace prefix. */
  path: string;
  authorization?: string;
  body: string;
}

export type Route = (method: string, path: string, query: URLSearchParams) => [number, unknown];

/** Serves `route` inside WORKSPACE (anything outside answers 404) and returns a client for it. */
export async function fakeKcp(
  t: Test,
  route: Route,
  serverSuffix = '',
): Promise<{ client: KcpClient; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://kcp');
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks).toString(),
      });
      const inside = url.pathname.startsWith(`${WORKSPACE}/`);
      const [code, body] = inside
        ? route(req.method ?? '', url.pathname.slice(WORKSPACE.length), url.searchParams)
        : NOT_FOUND;
      res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const kubeconfig = join(t.testdir(), 'kcp.kubeconfig');
  writeFileSync(
    kubeconfig,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'kcp',
          cluster: { server: `http://127.0.0.1:${port}${WORKSPACE}${serverSuffix}`, 'insecure-skip-tls-verify': true },
        },
      ],
      users: [{ name: 'admin', user: { token: TOKEN } }],
      // The current context is not the one to use: --kcp-context picks it.
      contexts: [
        { name: 'other', context: { cluster: 'missing', user: 'admin' } },
        { name: 'org', context: { cluster: 'kcp', user: 'admin' } },
      ],
      'current-context': 'other',
    }),
  );
  return { client: new KcpClient({ kubeconfig, context: 'org', timeoutMs: 5_000 }), requests };
}
