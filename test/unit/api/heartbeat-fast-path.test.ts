// The heartbeat fast path's failure handling, on a real HTTP server with stand-ins for what it
// calls (the API tests run it inside the app): a fault costs a connection, never the process; a
// failed or asynchronous receive goes to the route with the body; a closing server hands
// everything to Fastify. Stand-ins here only make faults happen on demand.
import { PrincipalLimits } from '../../../src/api/http/principal-limits.js';
import { AddressFailures } from '../../../src/runtime/address-failures.js';
import type { createServer } from 'node:http';
import { request } from 'undici';
import type { Test } from 'tap';
import t from 'tap';
import { HeartbeatBodies } from '../../../src/api/agent/heartbeat-bodies.js';
import {
  HeartbeatFastPath,
  type HeartbeatFastPathOptions,
} from '../../../src/api/agent/front-door/heartbeat-fast-path.js';
import { Connections } from '../../../src/api/http/connections.js';
import { serverFactoryWith } from '../../../src/api/agent/front-door/http-server.js';
import { createMetrics } from '../../../src/metrics.js';

const ROUTE = '/apis/workload.kcp.io/v1alpha1/synctargets/:name/heartbeat';
const PATH = ROUTE.replace(':name', 'edge-1');
const TOKEN = 'tmcagent_test';
const AGENT = { kind: 'agent', syncTarget: 'edge-1', syncTargetUid: 'uid-1', expiresAt: null } as const;

interface Harness {
  url: string;
  path: HeartbeatFastPath;
  replayed: string[];
  fastifyCalls(): number;
}

async function harness(
  t: Test,
  overrides: { receive?: () => unknown; inc?: () => void; replay?: HeartbeatFastPathOptions['replay'] } = {},
): Promise<Harness> {
  const replayed: string[] = [];
  let fastifyCalls = 0;
  const options: HeartbeatFastPathOptions = {
    tokens: { verify: (token) => (token === TOKEN ? AGENT : undefined) },
    failures: new AddressFailures({ burst: 0, perSecond: 1 }),
    limits: new PrincipalLimits({
      user: { burst: 1, perSecond: 1 },
      agent: { burst: 1e9, perSecond: 1e9 },
      maxUserWatches: 0,
      maxAgentLongPolls: 0,
    }),
    bodies: new HeartbeatBodies(),
    heartbeats: {
      receive: overrides.receive ?? (() => 'coalesced'),
    } as unknown as HeartbeatFastPathOptions['heartbeats'],
    heartbeatMetrics: {
      received: { inc: overrides.inc ?? (() => undefined) },
    } as unknown as HeartbeatFastPathOptions['heartbeatMetrics'],
    httpMetrics: createMetrics(),
    intervalMs: 20_000,
    bodyLimit: 1024,
    maxParamLength: 100,
    replay:
      overrides.replay ??
      (async (_request, body) => {
        replayed.push(body.toString());
        return {
          statusCode: 500,
          headers: { 'content-type': 'application/json', connection: 'close' },
          rawPayload: Buffer.from('{"replayed":true}'),
        };
      }),
  };
  const path = new HeartbeatFastPath(options);
  const timeouts = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };
  const factory = serverFactoryWith(() => path, new Connections({ perAddress: 0, total: 0 }), timeouts) as unknown as (
    handler: (req: unknown, res: any) => void,
    options: object,
  ) => ReturnType<typeof createServer>;
  const server = factory(
    (_req, res) => {
      fastifyCalls++;
      res.writeHead(418).end('fastify');
    },
    { keepAliveTimeout: 5_000, requestTimeout: 0, connectionTimeout: 0 },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => server.close(resolve)));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, path, replayed, fastifyCalls: () => fastifyCalls };
}

const beat = (url: string, body = '{"syncerVersion":"v1"}') =>
  request(`${url}${PATH}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body,
  });

t.test('an ordinary heartbeat is answered without Fastify', async (t) => {
  const h = await harness(t);
  const reply = await beat(h.url);
  t.equal(reply.statusCode, 200);
  t.same(Object.keys((await reply.body.json()) as object), ['heartbeatIntervalSeconds', 'serverTime']);
  t.equal(h.fastifyCalls(), 0);
});

t.test('a fault while answering closes that connection and leaves the server serving', async (t) => {
  let fail = true;
  const h = await harness(t, {
    inc: () => {
      if (fail) throw new Error('metrics broke');
    },
  });
  // The answer was written before the metrics failed: the client has it; the socket is closed.
  await beat(h.url).then(
    (reply) => reply.body.dump(),
    () => undefined,
  );
  fail = false;
  const reply = await beat(h.url);
  t.equal(reply.statusCode, 200, 'the next heartbeat is answered');
  await reply.body.dump();
});

t.test('a receive that throws or rejects sends the request, body and all, to the route', async (t) => {
  for (const receive of [
    () => {
      throw new Error('store down');
    },
    () => Promise.reject(new Error('store down')),
  ]) {
    const h = await harness(t, { receive });
    const reply = await beat(h.url, '{"syncerVersion":"v2"}');
    t.equal(reply.statusCode, 500);
    t.same(await reply.body.json(), { replayed: true }, "the route's answer");
    t.same(h.replayed, ['{"syncerVersion":"v2"}']);
  }
});

t.test('a receive that finishes later answers then; one that finds no target goes to the route', async (t) => {
  const later = await harness(t, {
    receive: () => new Promise((resolve) => setTimeout(() => resolve('persisted'), 20)),
  });
  t.equal((await beat(later.url)).statusCode, 200);
  const gone = await harness(t, { receive: () => undefined });
  t.equal((await beat(gone.url)).statusCode, 500);
  t.equal(gone.replayed.length, 1);
});

t.test('once closing, every request goes to Fastify', async (t) => {
  const h = await harness(t);
  h.path.close();
  const reply = await beat(h.url);
  t.equal(reply.statusCode, 418);
  await reply.body.dump();
  t.equal(h.fastifyCalls(), 1);
});

t.test(
  'a replay Fastify refuses (it is closing) is answered 503 with a Status, not a dropped connection',
  async (t) => {
    const h = await harness(t, {
      receive: () => undefined,
      replay: () => Promise.reject(new Error('Fastify is closing')),
    });
    const reply = await beat(h.url);
    t.equal(reply.statusCode, 503);
    t.equal(reply.headers.connection, 'close');
    t.match(await reply.body.json(), {
      kind: 'Status',
      code: 503,
      reason: 'ServiceUnavailable',
      message: /shutting down/,
    });
  },
);
