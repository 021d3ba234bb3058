// Owners and dependents (metadata.ownerReferences), on both stores: deleting an owner deletes its
// dependents, and theirs; Orphan keeps them without the reference; a Job orphans by default; an
// object that lost one of two owners keeps the other; one whose owner never existed (by uid) goes;
// references that cannot be resolved keep their object; custom resources own and are owned.
import t from 'tap';
import { type TestApp, testApp } from '../helpers/app.js';
import { CORE_PATH } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { createOk } from '../helpers/workloads.js';
import { CRD_PATH, WIDGETS, widget, widgetCrd } from './custom-resources-setup.js';

const JOBS = '/apis/batch/v1/namespaces/default/jobs';
const CRONJOBS = '/apis/batch/v1/namespaces/default/cronjobs';
const CONFIGMAPS = CORE_PATH('configmaps');

type Owner = { apiVersion: string; kind: string; metadata: { name: string; uid: string } };
const refTo = (owner: Owner, controller?: boolean) => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name,
  uid: owner.metadata.uid,
  ...(controller === undefined ? {} : { controller }),
});
const configMap = (name: string, owners: unknown[]) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ownerReferences: owners },
  data: { a: '1' },
});
const cronJob = (name: string) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name },
  spec: {
    schedule: '0 1 * * *',
    jobTemplate: {
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    },
  },
});
const job = (name: string, owners: unknown[] = []) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, ownerReferences: owners },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
});

const status = async (app: TestApp, path: string) => (await app.call('GET', path)).statusCode;
const goneSoon = (app: TestApp, path: string) =>
  waitFor(async () => (await status(app, path)) === 404, `${path} to be collected`);
/**
 * A sentinel whose owner never existed is collected after everything queued before it (the
 * collector takes its queue in order, one at a time): once it is gone, those were looked at.
 */
async function collectorCaughtUp(app: TestApp, name = 'sentinel'): Promise<void> {
  const ghost = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'never', uid: 'no-such-uid' } };
  await createOk(app, CONFIGMAPS, configMap(name, [refTo(ghost)]));
  await goneSoon(app, `${CONFIGMAPS}/${name}`);
}

forEachStore(t, (t) => {
  t.test('deleting an owner deletes its dependents, and theirs, after it', async (t) => {
    const app = await testApp(t);
    const cron = await createOk(app, CRONJOBS, cronJob('nightly'));
    const manual = await createOk(app, JOBS, job('manual', [refTo(cron, true)]));
    await createOk(app, CONFIGMAPS, configMap('of-manual', [refTo(manual)]));
    await createOk(app, CONFIGMAPS, configMap('unowned', []));
    t.same((await app.call('GET', `${JOBS}/manual`)).json.metadata.ownerReferences, [refTo(cron, true)], 'kept');
    t.equal((await app.call('DELETE', `${CRONJOBS}/nightly`)).statusCode, 200);
    await goneSoon(app, `${JOBS}/manual`);
    await goneSoon(app, `${CONFIGMAPS}/of-manual`);
    t.equal(await status(app, `${CONFIGMAPS}/unowned`), 200, 'an object without owners stays');
  });

  t.test('Orphan keeps the dependents, each without its reference to the deleted owner', async (t) => {
    const app = await testApp(t);
    const cron = await createOk(app, CRONJOBS, cronJob('nightly'));
    const other = await createOk(app, CONFIGMAPS, configMap('other', []));
    await createOk(app, JOBS, job('manual', [refTo(cron, true), refTo(other)]));
    const deleted = await app.call('DELETE', `${CRONJOBS}/nightly`, { propagationPolicy: 'Orphan' });
    t.equal(deleted.statusCode, 200);
    const kept = (await app.call('GET', `${JOBS}/manual`)).json;
    t.same(kept.metadata.ownerReferences, [refTo(other)], 'only the reference to the deleted owner went');
    const owned = JSON.stringify(kept.metadata.managedFields);
    t.ok(owned.includes(other.metadata.uid), "the creator's managedFields keep the reference that stays");
    t.notOk(owned.includes(cron.metadata.uid), 'and no longer the one that went');
    // orphanDependents=true (deprecated) is Orphan too, on a collection as well.
    const again = await createOk(app, CRONJOBS, cronJob('again'));
    await createOk(app, CONFIGMAPS, configMap('of-again', [refTo(again)]));
    const all = await app.call('DELETE', `${CRONJOBS}?orphanDependents=true`);
    t.equal(all.statusCode, 200);
    await collectorCaughtUp(app);
    const orphan = (await app.call('GET', `${CONFIGMAPS}/of-again`)).json;
    t.equal(orphan.metadata.ownerReferences, undefined, 'the last reference gone, the field goes');
  });

  t.test('an Orphan delete that is refused, or a dry run, changes no dependent', async (t) => {
    const app = await testApp(t);
    const cron = await createOk(app, CRONJOBS, cronJob('nightly'));
    const before = await createOk(app, JOBS, job('manual', [refTo(cron, true)]));
    const wrongUid = { propagationPolicy: 'Orphan', preconditions: { uid: 'another' } };
    t.equal((await app.call('DELETE', `${CRONJOBS}/nightly`, wrongUid)).statusCode, 409);
    const dryRun = await app.call('DELETE', `${CRONJOBS}/nightly?dryRun=All`, { propagationPolicy: 'Orphan' });
    t.equal(dryRun.statusCode, 200);
    const manual = (await app.call('GET', `${JOBS}/manual`)).json;
    t.same(manual.metadata.ownerReferences, [refTo(cron, true)]);
    t.equal(manual.metadata.resourceVersion, before.metadata.resourceVersion, 'not written');
  });

  t.test('a Job orphans its dependents unless the delete says Background, as batch/v1 does', async (t) => {
    const app = await testApp(t);
    const first = await createOk(app, JOBS, job('first'));
    await createOk(app, CONFIGMAPS, configMap('of-first', [refTo(first)]));
    const second = await createOk(app, JOBS, job('second'));
    await createOk(app, CONFIGMAPS, configMap('of-second', [refTo(second)]));
    t.equal((await app.call('DELETE', `${JOBS}/first`)).statusCode, 200);
    t.equal((await app.call('DELETE', `${JOBS}/second?propagationPolicy=Background`)).statusCode, 200);
    await goneSoon(app, `${CONFIGMAPS}/of-second`);
    const kept = (await app.call('GET', `${CONFIGMAPS}/of-first`)).json;
    t.equal(kept.metadata.ownerReferences, undefined, "orphaned: no longer the deleted Job's");
  });

  t.test('an object keeps the owners that remain, and goes with the last', async (t) => {
    const app = await testApp(t);
    const a = await createOk(app, CONFIGMAPS, configMap('a', []));
    const b = await createOk(app, CONFIGMAPS, configMap('b', []));
    await createOk(app, CONFIGMAPS, configMap('shared', [refTo(a), refTo(b)]));
    t.equal((await app.call('DELETE', `${CONFIGMAPS}/a`)).statusCode, 200);
    await waitFor(
      async () => (await app.call('GET', `${CONFIGMAPS}/shared`)).json.metadata.ownerReferences?.length === 1,
      'the reference to a to go',
    );
    t.same((await app.call('GET', `${CONFIGMAPS}/shared`)).json.metadata.ownerReferences, [refTo(b)]);
    t.equal((await app.call('DELETE', `${CONFIGMAPS}/b`)).statusCode, 200);
    await goneSoon(app, `${CONFIGMAPS}/shared`);
  });

  t.test('an owner of another uid is not the owner: its dependent goes; unresolvable owners keep theirs', async (t) => {
    const app = await testApp(t);
    const live = await createOk(app, CONFIGMAPS, configMap('owner', []));
    await createOk(app, CONFIGMAPS, configMap('stale', [{ ...refTo(live), uid: 'an-earlier-incarnation' }]));
    await goneSoon(app, `${CONFIGMAPS}/stale`);
    const widgetOwner = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', uid: 'u1' } };
    await createOk(app, CONFIGMAPS, configMap('unserved-kind', [refTo(widgetOwner)]));
    await createOk(app, CONFIGMAPS, configMap('wrong-group', [{ ...refTo(live), apiVersion: 'apps/v1' }]));
    const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scoped' } };
    await createOk(app, '/api/v1/namespaces', {
      ...namespace,
      metadata: { name: 'scoped', ownerReferences: [refTo(live)] },
    });
    await collectorCaughtUp(app);
    for (const path of [`${CONFIGMAPS}/unserved-kind`, `${CONFIGMAPS}/wrong-group`, '/api/v1/namespaces/scoped']) {
      t.equal(await status(app, path), 200, `${path} stays: its owner cannot be resolved`);
    }
  });

  t.test('custom resources own objects and are owned', async (t) => {
    const app = await testApp(t);
    await createOk(app, CRD_PATH, widgetCrd());
    const owner = await waitFor(async () => {
      const created = await app.call('POST', WIDGETS, widget('w'));
      return created.statusCode === 201 ? created.json : undefined;
    }, 'Widgets to be served');
    await createOk(app, CONFIGMAPS, configMap('of-widget', [refTo(owner, true)]));
    const cm = (await app.call('GET', `${CONFIGMAPS}/of-widget`)).json;
    await createOk(app, WIDGETS, { ...widget('of-cm'), metadata: { name: 'of-cm', ownerReferences: [refTo(cm)] } });
    t.equal((await app.call('DELETE', `${WIDGETS}/w`)).statusCode, 200);
    await goneSoon(app, `${CONFIGMAPS}/of-widget`);
    await goneSoon(app, `${WIDGETS}/of-cm`);
  });

  t.test('bad references are refused as kube-apiserver refuses them, and nothing is stored', async (t) => {
    const app = await testApp(t);
    const bad = configMap('bad', [
      { apiVersion: '', kind: '', name: 'x', uid: '1', controller: true },
      { apiVersion: 'v1', kind: 'Event', name: 'e', uid: '2', controller: true },
      { apiVersion: 'a/b/c', kind: 'K', name: '', uid: '' },
    ]);
    const refused = await app.call('POST', CONFIGMAPS, bad);
    t.equal(refused.statusCode, 422);
    t.same(
      refused.json.details.causes.map((c: { field: string; message: string }) => `${c.field}: ${c.message}`),
      [
        'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
        'metadata.ownerReferences.kind: Invalid value: "": must not be empty',
        `metadata.ownerReferences: Invalid value: ${JSON.stringify(bad.metadata.ownerReferences[1])}: /v1, Kind=Event is disallowed from being an owner`,
        'metadata.ownerReferences.apiVersion: Invalid value: "a/b/c": version must not be empty',
        'metadata.ownerReferences.name: Invalid value: "": must not be empty',
        'metadata.ownerReferences.uid: Invalid value: "": must not be empty',
        `metadata.ownerReferences: Invalid value: ${JSON.stringify(bad.metadata.ownerReferences)}: Only one reference can have Controller set to true. Found "true" in references for /x and Event/e`,
      ],
    );
    const missing = await app.call('POST', CONFIGMAPS, configMap('missing', [{ apiVersion: 'v1', kind: 'ConfigMap' }]));
    t.equal(missing.statusCode, 422, 'name and uid are required');
    t.equal(await status(app, `${CONFIGMAPS}/bad`), 404);
    t.equal(await status(app, `${CONFIGMAPS}/missing`), 404);
  });
});
