// Requests that fail outside validation: unknown routes and a broken store answer a Status without internals.
import t from 'tap';
import { ST_PATH, testApp } from '../helpers/app.js';

t.test('an unknown route answers a 404 Status', async (t) => {
  const { call } = await testApp(t);
  const reply = await call('GET', '/no/such/route', undefined, { token: null });
  t.equal(reply.statusCode, 404);
  t.match(reply.json, { kind: 'Status', reason: 'NotFound' });
});

t.test('an unexpected failure is a 500 Status without internals', async (t) => {
  const { app, call } = await testApp(t);
  await app.store.close();
  const reply = await call('GET', ST_PATH);
  t.equal(reply.statusCode, 500);
  t.match(reply.json, { kind: 'Status', reason: 'InternalError' });
  t.notMatch(reply.body, /database|sqlite|at .*\.ts/i, 'no internals leak');
  t.match(reply.json.message, /request id/);
  t.equal(
    (await call('GET', '/readyz', undefined, { token: null })).statusCode,
    503,
    'readyz reports the broken store',
  );
});
