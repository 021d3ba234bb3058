// An idle keep-alive connection keeps nothing of its last request: once the answer is finished,
// the connection's record lets go of the request and response (so a server with thousands of
// idle agents holds no thousands of old requests), and a later request on it is tracked afresh.
import type { createServer } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import t from 'tap';
import { Agent, request } from 'undici';
import { serverFactoryWith } from '../../../../src/api/agent/front-door/http-server.js';
import { Connections } from '../../../../src/api/http/connections.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

t.test('a finished answer is let go while its connection stays open', async (t) => {
  const connections = new Connections({ perAddress: 0, total: 0 });
  const timeouts = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 };
  const factory = serverFactoryWith(() => undefined, connections, timeouts) as unknown as (
    handler: (req: unknown, res: any) => void,
    options: object,
  ) => ReturnType<typeof createServer>;
  let last: WeakRef<object> | undefined;
  const server = factory(
    (_req, res) => {
      last = new WeakRef(res);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    },
    { keepAliveTimeout: 60_000, requestTimeout: 0, connectionTimeout: 0 },
  );
  let opened = 0;
  server.on('connection', () => opened++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new Agent({ connections: 1, keepAliveTimeout: 60_000 });
  t.teardown(async () => {
    await agent.close();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as { port: number };
  for (let i = 0; i < 2; i++) {
    const answer = await request(`http://127.0.0.1:${port}/`, { dispatcher: agent });
    t.equal(await answer.body.text(), 'ok');
    // Past the turn the WeakRef keeps its target in, and past the server's own clean-up ticks.
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
    t.equal(last?.deref(), undefined, `answer ${i + 1}: collected while the connection is open`);
  }
  t.equal(opened, 1, 'both answers on one keep-alive connection');
});
