// Short of memory, the server refuses new connections with 503, Retry-After and a Status, says so
// in its log and its metrics, and goes on serving the connections it holds (the agents already
// connected); once memory recovers, new connections are taken again.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import t from 'tap';
import { ADMIN_TOKEN, testApp } from '../helpers/app.js';
import { head, openRaw } from '../helpers/raw-http.js';
import { waitFor } from '../helpers/wait.js';
import type { MemoryFigures } from '../../src/runtime/memory-pressure.js';

const MiB = 2 ** 20;

t.test('short of memory: new connections get 503, held ones are served, and it is logged and counted', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk, _encoding, done) => {
      lines.push(String(chunk));
      done();
    },
  });
  let figures: MemoryFigures = { heapUsed: 100 * MiB, heapLimit: 1000 * MiB, rss: 300 * MiB };
  const api = await testApp(t, {}, { loggerInstance: pino({ level: 'info' }, sink), memoryFigures: () => figures });
  const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const request = head('GET', '/healthz', {});
  const held = openRaw(url, request);
  t.equal((await held.reply)?.status, 200);

  figures = { ...figures, heapUsed: 950 * MiB };
  await waitFor(() => lines.some((l) => l.includes('short of memory')), 'the shortage logged');
  const refused = [openRaw(url, request), openRaw(url, request)];
  for (const connection of refused) {
    const reply = await connection.reply;
    t.equal(reply?.status, 503);
    t.equal(reply?.headers['retry-after'], '1');
    t.equal(reply?.headers.connection, 'close');
    t.match(JSON.parse(reply?.body ?? '{}'), { kind: 'Status', code: 503, reason: 'ServiceUnavailable' });
    t.match(reply?.body, /short of memory/);
    await connection.closed;
  }
  const refusalLines = lines.filter((l) => l.includes('new connections refused (503)'));
  t.equal(refusalLines.length, 1, 'one line for the refusals of a minute');
  t.match(JSON.parse(refusalLines[0]!), { level: 40, reason: 'memory', refused: 1 });
  t.match(JSON.parse(lines.find((l) => l.includes('short of memory: new connections'))!), {
    level: 40,
    heapUsedMiB: 950,
    heapLimitMiB: 1000,
  });

  // The connection held from before goes on, and says how things stand.
  held.socket.write(head('GET', '/metrics', { authorization: `Bearer ${ADMIN_TOKEN}` }));
  const metrics = await new Promise<string>((resolve) => {
    let text = '';
    held.socket.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('tmc_memory_short')) setTimeout(() => resolve(text), 50);
    });
  });
  t.match(metrics, /^tmc_memory_short 1$/m);
  t.match(metrics, /^tmc_http_connections_refused_total\{reason="memory"\} 2$/m);

  figures = { ...figures, heapUsed: 200 * MiB };
  await waitFor(() => lines.some((l) => l.includes('memory recovered')), 'the recovery logged');
  const again = openRaw(url, request);
  t.equal((await again.reply)?.status, 200, 'new connections are taken again');
  for (const connection of [held, again]) connection.socket.destroy();
});
