// A connection answered by a wake is not read again until the wake has ended (or at most
// MAX_DEFERRAL_MS): a keep-alive client's next request, sent at once, is handled only then.
import { type IncomingMessage, type Server, createServer, request } from 'node:http';
import { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { deferWhileWaking } from '../../../src/api/agent/wake-deferral.js';

/**
 * A server whose answer to /answered defers the connection with `settled()`, the paths it handled
 * in order, and a keep-alive client of one connection; both closed when the test ends.
 */
async function serve(t: Test, settled: () => Promise<void> | undefined) {
  const handled: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    handled.push(req.url!);
    res.once('finish', () => {
      if (req.url === '/answered') deferWhileWaking(req.socket, settled());
    });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => {
    agent.destroy();
    server.close();
  });
  return { handled, get: (path: string) => get(server, path, agent) };
}

function get(server: Server, path: string, agent: Agent): Promise<void> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent }, (res) => res.resume().on('end', resolve))
      .on('error', reject)
      .end();
  });
}

t.test('the next request on that connection waits for the wake to end', async (t) => {
  let end!: () => void;
  const wake = new Promise<void>((resolve) => (end = resolve));
  const { handled, get } = await serve(t, () => wake);
  await get('/answered');
  const next = get('/report');
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.same(handled, ['/answered'], 'not read while the wake is under way');
  end();
  await next;
  t.same(handled, ['/answered', '/report'], 'read once it has ended, on the same connection');
});

t.test('no wake under way: read at once', async (t) => {
  const { handled, get } = await serve(t, () => undefined);
  await get('/answered');
  await get('/report');
  t.same(handled, ['/answered', '/report']);
});

t.test('a wake that never ends holds a connection two seconds at most', async (t) => {
  const { handled, get } = await serve(t, () => new Promise<void>(() => undefined));
  await get('/answered');
  const sent = performance.now();
  await get('/report');
  const waited = performance.now() - sent;
  t.ok(waited >= 1900, `read after the cap, not before (${Math.round(waited)} ms)`);
  t.same(handled, ['/answered', '/report']);
});
