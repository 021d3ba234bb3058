import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';

t.test('create and read a synctarget', async (t) => {
  const { call } = await testApp(t);
  const created = await call('POST', ST_PATH, syncTarget('edge-1'));
  t.equal(created.statusCode, 201);
  const got = await call('GET', `${ST_PATH}/edge-1`);
  t.equal(got.json.metadata.name, 'edge-1');
});
