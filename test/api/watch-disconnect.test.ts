// A client that leaves a watch (kubectl -w stopped with ^C, an informer stopped) ends it quietly:
// no error logged, no second answer attempted on the finished response.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import t from 'tap';
import { ADMIN_TOKEN, ST_PATH, testApp } from '../helpers/app.js';
import { listening, openWatch } from '../helpers/watch-client.js';

t.test('closing a watch from the client side logs no error', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      lines.push(String(chunk));
      done();
    },
  });
  const { app } = await testApp(t, {}, { loggerInstance: pino({ level: 'warn' }, sink) });
  const base = await listening(app);
  const watches = await Promise.all([1, 2, 3].map(() => openWatch(base, `${ST_PATH}?watch=true`)));
  t.same(
    watches.map((w) => w.status),
    [200, 200, 200],
  );
  for (const watch of watches) watch.close();
  await Promise.all(watches.map((w) => w.ended));
  // The server notices the closed sockets; give what follows from that a moment to happen.
  const count = () => new Promise<number>((resolve) => app.server.getConnections((_e, n) => resolve(n)));
  while ((await count()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 200));
  t.same(
    lines.filter((line) => JSON.parse(line).level >= 50),
    [],
    'no error lines',
  );
  const listed = await fetch(`${base}${ST_PATH}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  t.equal(listed.status, 200, 'the server still answers');
});
