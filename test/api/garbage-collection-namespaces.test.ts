// A Namespace as a dependent, on both stores: when its owner goes, the garbage collector deletes it
// as a DELETE would, marked Terminating, so the namespace controller empties it before it goes.
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { CORE_PATH } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { createOk } from '../helpers/workloads.js';

const NAMESPACES = '/api/v1/namespaces';
const namespace = (name: string, ownerReferences: unknown[] = []) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, ownerReferences },
});

forEachStore(t, (t) => {
  t.test('a Namespace whose owner is gone is emptied and deleted, as a DELETE of it would be', async (t) => {
    const app = await testApp(t);
    const parent = await createOk(app, NAMESPACES, namespace('parent'));
    const ref = { apiVersion: 'v1', kind: 'Namespace', name: 'parent', uid: parent.metadata.uid };
    await createOk(app, NAMESPACES, namespace('child', [ref]));
    const inside = CORE_PATH('configmaps', 'child');
    await createOk(app, inside, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } });
    t.equal((await app.call('DELETE', `${NAMESPACES}/parent`)).statusCode, 200);
    await waitFor(async () => (await app.call('GET', `${NAMESPACES}/child`)).statusCode === 404, 'child to go');
    t.equal((await app.call('GET', `${inside}/cfg`)).statusCode, 404, 'its contents went first');
  });
});
