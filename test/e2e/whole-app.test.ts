// A whole application through the real `tmc server`, the real `tmc syncer` and the real cluster,
// on each store: one Placement selects only the workloads; what they need follows by itself (the
// Ingress too, with the Service it fronts). Every object arrives downstream, the health of each
// kind reaches the control plane with why each object is there, a reference removed upstream
// takes its ConfigMap away downstream, someone else's object of a placed name is left alone and
// reported Error, `tmc describe` shows the state per target, and the Secret's value is nowhere in
// the server's data directory nor (PostgreSQL) in a pg_dump of its database.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { testedStoreKinds } from '../helpers/stores.js';
import { until } from './syncer-helpers.js';
import { TMC_BIN } from '../helpers/server-process.js';
import { webContainers } from './whole-app-objects.js';
import { pgDumpBinary } from './pg-dump.js';
import { SECRET_VALUE, wholeAppWorld } from './whole-app-setup.js';

const NEEDLES = [SECRET_VALUE, Buffer.from(SECRET_VALUE).toString('base64'), Buffer.from(SECRET_VALUE).toString('hex')];
const cluster = e2eCluster(t);
if (cluster) t.setTimeout(1_200_000);
for (const store of cluster ? testedStoreKinds() : [])
  await t.test(`on ${store}`, async (t) => {
    const { ns, target, core, plane, databaseUrl, foreign, path, objects, entry, readDown } = await wholeAppWorld(
      t,
      cluster!,
      store,
    );
    const containers = webContainers;

    await t.test('every object arrives downstream, the dependencies by themselves', async (t) => {
      for (const [apiVersion, plural, body] of objects) {
        if (body.metadata.name === 'theirs') continue;
        const down = await until(`${plural}/${body.metadata.name} downstream`, () =>
          readDown(apiVersion, plural, body.metadata.name),
        );
        t.equal(
          down.metadata.labels?.['workload.kcp.io/sync-target'],
          target,
          `${plural}/${body.metadata.name} applied for ${target}`,
        );
      }
    });

    await t.test('the health of each kind and why it is there reach the control plane', async (t) => {
      const healthy = (apiVersion: string, plural: string, name: string) =>
        until(`${plural}/${name} Healthy upstream`, async () => {
          const e = await entry(apiVersion, plural, name);
          return e?.health?.state === 'Healthy' && e;
        });
      const d = await healthy('apps/v1', 'deployments', 'web');
      t.match(d, { state: 'Applied', reason: 'Selected', availableReplicas: 2 }, 'the Deployment: 2 pods Ready');
      const svc = await healthy('v1', 'services', 'web');
      t.match(
        svc,
        { reason: 'DependencyOf', dependencyOf: [{ kind: 'Deployment', name: 'web' }] },
        'the Service follows the Deployment',
      );
      const ing = await until(
        'ingresses/web placed upstream',
        async () => (await entry('networking.k8s.io/v1', 'ingresses', 'web')) ?? false,
      );
      t.match(
        ing,
        { reason: 'DependencyOf', dependencyOf: [{ kind: 'Service', name: 'web' }] },
        'the Ingress follows its Service',
      );
      const cm = await healthy('v1', 'configmaps', 'settings');
      t.match(cm, { reason: 'DependencyOf', dependencyOf: [{ kind: 'Deployment', name: 'web' }] });
      const secret = await healthy('v1', 'secrets', 'creds');
      t.match(secret, { reason: 'DependencyOf' });
      const sa = await healthy('v1', 'serviceaccounts', 'web-sa');
      t.match(sa, { reason: 'DependencyOf', dependencyOf: [{ kind: 'Deployment', name: 'web' }] });
      t.match(await healthy('batch/v1', 'cronjobs', 'tick'), { reason: 'Selected' });
    });

    await t.test("someone else's ServiceAccount of a placed name is left alone and reported Error", async (t) => {
      const e = await until('ServiceAccount theirs reported Error', async () => {
        const e = await entry('v1', 'serviceaccounts', 'theirs');
        return e?.state === 'Error' && e;
      });
      t.match(e.message, /not managed by tmc-syncer/);
      const now = await core.readNamespacedServiceAccount({ name: 'theirs', namespace: ns });
      t.equal(now.metadata?.uid, foreign.metadata?.uid);
      t.notOk(
        now.metadata?.managedFields?.some((f) => f.manager === 'tmc-syncer'),
        'no field written by tmc-syncer',
      );
    });

    // Its Placed on table shows state, ready pods, the health verdict and why per target.
    await t.test('tmc describe shows the state and health per target', async (t) => {
      const token = readFileSync(join(plane.dataDir, 'admin.token'), 'utf8').trim();
      const out = spawnSync(
        process.execPath,
        [TMC_BIN, 'describe', 'deployment', 'web', '-n', ns, '--server', plane.url, '--token', token],
        { encoding: 'utf8', env: { ...process.env, HOME: plane.dataDir } },
      );
      t.equal(out.status, 0, out.stderr);
      t.match(
        out.stdout,
        new RegExp(`Placed on:[\\s\\S]*${target} +Applied +2/2 +Healthy \\(RolledOut\\) +Selected`),
        out.stdout,
      );
      const cm = spawnSync(
        process.execPath,
        [TMC_BIN, 'describe', 'configmap', 'settings', '-n', ns, '--server', plane.url, '--token', token],
        { encoding: 'utf8', env: { ...process.env, HOME: plane.dataDir } },
      );
      t.match(
        cm.stdout,
        new RegExp(`${target} +Applied +- +Healthy \\(Exists\\) +DependencyOf Deployment/web`),
        cm.stdout,
      );
    });

    await t.test('a ConfigMap reference removed upstream takes the ConfigMap away downstream', async (t) => {
      await plane.ok(
        'PATCH',
        path('apps/v1', 'deployments', 'web'),
        { spec: { template: { spec: { volumes: null, containers: containers(false) } } } },
        'application/merge-patch+json',
      );
      await until(
        'ConfigMap settings gone downstream',
        async () => (await readDown('v1', 'configmaps', 'settings')) === undefined,
      );
      t.ok(await readDown('v1', 'secrets', 'creds'), 'the Secret, still needed, stays');
    });

    await t.test("the Secret's value is nowhere in the server's data directory", async (t) => {
      const files = (dir: string): string[] =>
        readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
      const all = files(plane.dataDir);
      if (store === 'sqlite')
        t.ok(
          all.some((f) => /\.(db|sqlite)/.test(f)),
          `the database is there: ${all.join(', ')}`,
        );
      for (const f of all) {
        const bytes = readFileSync(f);
        for (const n of NEEDLES) t.equal(bytes.indexOf(Buffer.from(n)), -1, `${f}: no ${n}`);
      }
    });

    if (databaseUrl) {
      const pgDump = pgDumpBinary();
      const skip = pgDump
        ? false
        : 'pg_dump not found in /usr/lib/postgresql/*/bin nor /usr/bin: cannot dump the database';
      await t.test("the Secret's value is nowhere in a pg_dump of the server's database", { skip }, async (t) => {
        const dump = spawnSync(pgDump!, ['--no-owner', '--dbname', databaseUrl], {
          encoding: 'utf8',
          maxBuffer: 256 << 20,
        });
        t.equal(dump.status, 0, dump.stderr);
        t.match(
          dump.stdout,
          /\tSecret\t[^\t]+\tcreds\t\{"apiVersion":"v1","kind":"Secret"/,
          'the dump holds the Secret',
        );
        t.match(dump.stdout, /k8s:enc:aesgcm:v1:/, 'sealed, as the encryption at rest writes it');
        for (const n of NEEDLES) t.notOk(dump.stdout.includes(n), `no ${n} in the dump`);
      });
    }
  });
