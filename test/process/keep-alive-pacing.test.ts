// Past half the connections its open-files limit allows, the real `tmc server` process keeps idle
// connections seconds instead of minutes (and says so in Keep-Alive and in a warning), so the
// descriptors go to clients that connect; well below it again, idle connections are kept as usual.
import t from 'tap';
import { type RawConnection, head, openRaw } from '../helpers/raw-http.js';
import { waitFor } from '../helpers/wait.js';
import { startWithFdLimit } from './slow-clients-helpers.js';

const FD_LIMIT = 512;
// Below the cap (the limit less what is open at start and a reserve of 64), above half of it.
const CONNECTIONS = 300;

t.test('idle connections are closed sooner while the server nears its connection cap', async (t) => {
  const server = await startWithFdLimit(t, FD_LIMIT);
  const healthz = () => openRaw(server.url, head('GET', '/healthz', {}));
  const keepAliveOf = async (connection: RawConnection) =>
    (await connection.replyWithin(10_000))?.headers['keep-alive'];

  const first = healthz();
  t.equal(await keepAliveOf(first), 'timeout=72', 'far from the cap: idle connections are kept 72 s');
  const connections: RawConnection[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    connections.push(healthz());
    if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const replies = await Promise.all(connections.map((c) => c.replyWithin(10_000)));
  t.equal(replies.filter((r) => r?.status === 200).length, CONNECTIONS, 'every connection answered 200');
  const last = connections.at(-1)!;
  t.equal(replies.at(-1)?.headers['keep-alive'], 'timeout=5', 'past half the cap: 5 s');
  const started = Date.now();
  const limit = new Promise((resolve) => setTimeout(resolve, 15_000));
  await Promise.race([last.closed, limit]);
  const closedAfter = Date.now() - started;
  t.ok(closedAfter > 3_000 && closedAfter < 8_000, `the server closed the idle connection after ${closedAfter} ms`);
  t.equal(first.socket.destroyed, false, 'a connection idle since before keeps the timeout it was told');
  t.match(server.output(), /idle connections are closed sooner/, 'the operator is warned');
  const metrics = await openRaw(server.url, head('GET', '/metrics', { connection: 'close' })).replyWithin(10_000);
  t.match(metrics?.body, /^tmc_http_keep_alive_pressed 1$/m, 'and the metric says so');

  // The early connections go too; well below the cap, idle connections are kept as usual again.
  for (const connection of [first, ...connections]) connection.socket.destroy();
  await waitFor(async () => (await keepAliveOf(healthz())) === 'timeout=72', 'a 72 s keep-alive again');
  t.equal(await server.stop('SIGTERM'), 0);
});
