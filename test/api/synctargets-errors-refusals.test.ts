// Bad input: every case answers a clear Kubernetes Status and leaves the store unchanged.
import t from 'tap';
import { ST_PATH, expectRefusals, syncTarget, testApp } from '../helpers/app.js';
import { createCases } from './synctargets-errors-create-cases.js';
import { ITEM, updateCases } from './synctargets-errors-update-cases.js';

t.test('each bad request gets its Status and changes nothing', async (t) => {
  const api = await testApp(t);
  const { call } = api;
  const created = (await call('POST', ST_PATH, syncTarget('edge-1'))).json;
  const current = (await call('PATCH', ITEM, { metadata: { labels: { env: 'prod' } } })).json;
  await expectRefusals(t, api, { method: 'POST', url: ST_PATH }, [
    ...createCases(),
    ...updateCases(current, created.metadata.resourceVersion),
  ]);
});
