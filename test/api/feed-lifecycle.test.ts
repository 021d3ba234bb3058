// The feed over a real socket: a client that goes away frees its waiter, shutdown answers the
// held polls at once, and the feed's metrics count what happened.
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { buildApp } from '../../src/server.js';
import { ADMIN_TOKEN, ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { waitFor } from '../helpers/wait.js';
import {
  DEPLOY_PATH,
  FEED_PATH,
  PLACEMENT_PATH,
  createOk,
  deployment,
  feedNow,
  metric,
  placement,
  waitersHeld,
} from '../helpers/workloads.js';

t.test('a client that disconnects frees its waiter', async (t) => {
  const app = await testApp(t);
  await createOk(app, ST_PATH, syncTarget('a'));
  const { resourceVersion } = await feedNow(app, 'a');
  await app.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.app.server.address() as AddressInfo;
  const clients = [1, 2, 3].map(() => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: `${FEED_PATH('a')}?resourceVersion=${resourceVersion}&timeoutSeconds=300`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    req.on('error', () => undefined);
    req.end();
    return req;
  });
  await waitersHeld(app, 3);
  clients[0]!.destroy();
  clients[1]!.destroy();
  await waitersHeld(app, 1);
  clients[2]!.destroy();
  await waitersHeld(app, 0);
  t.pass('every waiter was freed when its client left');
});

t.test('closing the server answers held long polls at once', async (t) => {
  const dataDir = t.testdir();
  const app = await buildApp({ adminToken: ADMIN_TOKEN, logLevel: 'silent', dataDir });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
  const created = await fetch(`http://127.0.0.1:${port}${ST_PATH}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(syncTarget('a')),
  });
  t.equal(created.status, 201);
  const feed = (await (await fetch(`http://127.0.0.1:${port}${FEED_PATH('a')}`, { headers })).json()) as {
    resourceVersion: string;
  };
  const held = fetch(
    `http://127.0.0.1:${port}${FEED_PATH('a')}?resourceVersion=${feed.resourceVersion}&timeoutSeconds=300`,
    { headers },
  );
  await waitFor(
    async () => /^tmc_feed_waiters 1$/m.test(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()),
    'the poll is held',
  );
  const started = Date.now();
  await app.close();
  const reply = await held;
  t.equal(reply.status, 304, 'the held poll is told nothing changed, and the agent will ask again elsewhere');
  t.ok(Date.now() - started < 60_000, 'close did not wait out the 300 s poll');
});

t.test('metrics: waiters, wake-ups, answers by result, feed latency, scheduling decisions', async (t) => {
  const app = await testApp(t);
  await createOk(app, ST_PATH, syncTarget('a'));
  await createOk(app, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
  const { resourceVersion } = await feedNow(app, 'a');
  const held = app.call('GET', `${FEED_PATH('a')}?resourceVersion=${resourceVersion}&timeoutSeconds=60`);
  await waitersHeld(app, 1);
  await createOk(app, DEPLOY_PATH(), deployment('web'));
  t.equal((await held).statusCode, 200);
  await waitersHeld(app, 0);
  t.equal(await metric(app, 'tmc_feed_wakeups_total'), 1);
  t.equal(await metric(app, 'tmc_feed_latency_seconds_count'), 1);
  const body = (await app.call('GET', '/metrics', undefined, { token: null })).body;
  t.match(body, /^tmc_feed_answers_total\{result="immediate"\} 1$/m);
  t.match(body, /^tmc_feed_answers_total\{result="changed"\} 1$/m);
  t.match(body, /^tmc_scheduling_decisions_total\{action="place"\} 1$/m);
  t.match(body, /^tmc_scheduler_reconciles_total\{kind="Deployment",result="written"\} \d+$/m);
});
