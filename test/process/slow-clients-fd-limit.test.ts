// Near the file-descriptor limit, new connections to the real `tmc server` process are answered
// 503 with Retry-After instead of being dropped by a failing `accept`.
import t from 'tap';
import { type RawConnection, head, openRaw } from '../helpers/raw-http.js';
import { waitFor } from '../helpers/wait.js';
import { startWithFdLimit } from './slow-clients-helpers.js';

t.test('near the file-descriptor limit new connections are answered 503 with Retry-After, not dropped', async (t) => {
  // Enough for Node to load the server's modules, which it opens many at a time at start.
  const FD_LIMIT = 512;
  const server = await startWithFdLimit(t, FD_LIMIT);
  // More than the process could hold: each asks for /healthz and keeps its connection.
  const connections: RawConnection[] = [];
  for (let i = 0; i < FD_LIMIT + 64; i++) {
    connections.push(openRaw(server.url, head('GET', '/healthz', {})));
    if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const replies = await Promise.all(connections.map((c) => c.replyWithin(10_000)));
  const count = (status: number | undefined) => replies.filter((r) => r?.status === status).length;
  t.equal(count(undefined), 0, 'every connection got an answer: none was dropped');
  t.ok(count(200) > 0 && count(200) < FD_LIMIT, `${count(200)} answered 200`);
  t.ok(count(503) > 0, `${count(503)} answered 503`);
  const refused = replies.find((r) => r?.status === 503);
  t.equal(refused?.headers['retry-after'], '1');
  t.match(JSON.parse(refused?.body ?? '{}'), { kind: 'Status', code: 503, reason: 'ServiceUnavailable' });

  for (const connection of connections) connection.socket.destroy();
  const healthz = async () => {
    const reply = await openRaw(server.url, head('GET', '/healthz', { connection: 'close' })).replyWithin(5_000);
    return reply?.status;
  };
  await waitFor(async () => (await healthz()) === 200, 'room for a new connection once they are closed');
  t.equal(await server.stop('SIGTERM'), 0);
});
