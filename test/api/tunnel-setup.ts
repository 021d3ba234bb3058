// What the tunnel tests share: a real server listening on a port, a real agent tunnel
// (runTunnel, as `tmc syncer` runs it) and, as the agent's downstream API server, a small HTTP
// server that answers a pod list, a pod's log (followed: a new line every 50 ms until the client
// goes away) and events, and records each request it gets with its Authorization header; and a
// pod's exec (tunnel-exec-setup.ts).
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import type { Test } from 'tap';
import { KubeClient } from '../../src/syncer/downstream/kube-client.js';
import { TokenFile } from '../../src/syncer/upstream/token-file.js';
import { runTunnel } from '../../src/syncer/upstream/tunnel-client.js';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { type SeenExec, fakeExec } from './tunnel-exec-setup.js';

export const DOWNSTREAM_TOKEN = 'downstream-agent-credential';
export const PROXY = (target: string) => `${ST_PATH}/${target}/proxy`;
export const LOG_PATH = '/api/v1/namespaces/shop/pods/web-1/log';

export interface Seen {
  url: string;
  authorization?: string;
  closed: boolean;
}

/** The agent's downstream API server. */
export async function fakeApiServer(t: Test) {
  const seen: Seen[] = [];
  const execs: SeenExec[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const record: Seen = { url: request.url ?? '', authorization: request.headers.authorization, closed: false };
    seen.push(record);
    response.on('close', () => (record.closed = true));
    const url = new URL(request.url ?? '', 'http://x');
    if (url.pathname === LOG_PATH) {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('line 1\nline 2\n');
      if (url.searchParams.get('follow') !== 'true') return response.end();
      let n = 3;
      const timer = setInterval(() => response.write(`line ${n++}\n`), 50);
      response.on('close', () => clearInterval(timer));
      return;
    }
    if (url.pathname === '/api/v1/namespaces/shop/pods') {
      response.writeHead(200, { 'content-type': 'application/json' });
      const pod = { metadata: { name: 'web-1', labels: { app: 'web' } }, status: { phase: 'Running' } };
      return response.end(JSON.stringify({ kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [pod] }));
    }
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound' }),
    );
  });
  server.on('upgrade', fakeExec(execs));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    server.closeAllConnections();
    server.close();
  });
  const address = server.address();
  return { seen, execs, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

export async function setUp(t: Test) {
  const auditPath = join(t.testdir(), 'audit.log');
  const api = await testApp(t, { auditLogPath: auditPath, auditLevel: 'writes' }, {});
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  const address = api.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  for (const name of ['edge-1', 'edge-2']) await api.call('POST', ST_PATH, syncTarget(name));
  const agentToken = (await api.call('POST', `${ST_PATH}/edge-1/tokens`)).json.token as string;
  const downstream = await fakeApiServer(t);
  return { api, url, auditPath, agentToken, downstream };
}

/** Starts the agent's tunnel of edge-1; stopped at the test's end. */
export async function startTunnel(t: Test, url: string, agentToken: string, downstreamUrl: string, caFile?: string) {
  const tokenPath = join(mkdtempSync(join(tmpdir(), 'tmc-tunnel-')), 'agent.token');
  writeFileSync(tokenPath, `${agentToken}\n`);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'down', server: downstreamUrl, skipTLSVerify: true }],
    users: [{ name: 'agent', token: DOWNSTREAM_TOKEN }],
    contexts: [{ name: 'down', cluster: 'down', user: 'agent' }],
    currentContext: 'down',
  });
  const log = pino({ level: 'silent' });
  const kube = await KubeClient.fromKubeConfig(kc);
  const token = new TokenFile(tokenPath, log);
  const stop = new AbortController();
  const running = runTunnel(
    { server: url, target: 'edge-1', token, downstream: kube, log, ...(caFile ? { caFile } : {}) },
    stop.signal,
  );
  t.teardown(async () => {
    stop.abort();
    await running;
    token.close();
    await kube.close();
  });
}
