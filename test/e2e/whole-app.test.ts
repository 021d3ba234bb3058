// A whole application through the real `tmc server`, the real `tmc syncer` and the real cluster:
// one Placement selects only the workloads (and the Ingress, which no workload pulls in); what
// they need follows by itself. Every object arrives downstream, the health of each kind reaches
// the control plane with why each object is there, a reference removed upstream takes its
// ConfigMap away downstream, someone else's object of a placed name is left alone and reported
// Error, `tmc describe` shows the state per target, and the Secret's value is nowhere in the
// server's data directory.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import t from 'tap';
import { e2eCluster } from '../cluster/e2e-env.js';
import { ControlPlane, downstream, ST, startSyncer, suffix, until } from './syncer-helpers.js';
import { TMC_BIN } from '../helpers/server-process.js';

const SECRET_VALUE = 'whole-app-plaintext-7f3c';
const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(600_000);
  const ns = `whole-app-${suffix()}`;
  const target = `whole-${suffix()}`;
  const { core } = downstream(cluster.kubeconfigPath);
  t.teardown(() => core.deleteNamespace({ name: ns }).then(() => undefined, () => undefined));

  const plane = await ControlPlane.start(t);
  await plane.ok('POST', ST, { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name: target }, spec: {} });
  const tokenFile = join(plane.dataDir, `${target}.agent-token`);
  await plane.rotateToken(target, tokenFile);

  // Someone else's ServiceAccount, made downstream before anything is placed.
  await core.createNamespace({ body: { metadata: { name: ns } } });
  const foreign = await core.createNamespacedServiceAccount({ namespace: ns, body: { metadata: { name: 'theirs' } } });

  const path = (apiVersion: string, plural: string, name = '') =>
    `${apiVersion.includes('/') ? '/apis' : '/api'}/${apiVersion}/namespaces/${ns}/${plural}${name ? `/${name}` : ''}`;
  const web = { app: 'web' };
  const db = { app: 'db' };
  const image = 'registry.example/web:1';
  const containers = (mount: boolean) => [{
    name: 'main', image,
    env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }],
    ...(mount ? { volumeMounts: [{ name: 'settings', mountPath: '/etc/app' }] } : {}),
  }];
  const objects: [string, string, any][] = [
    ['v1', 'configmaps', { metadata: { name: 'settings' }, data: { 'app.conf': 'mode=fast\n' } }],
    ['v1', 'secrets', { metadata: { name: 'creds' }, type: 'Opaque', stringData: { password: SECRET_VALUE } }],
    ['v1', 'serviceaccounts', { metadata: { name: 'web-sa' } }],
    ['v1', 'serviceaccounts', { metadata: { name: 'theirs' } }],
    ['v1', 'services', { metadata: { name: 'web' }, spec: { selector: web, ports: [{ port: 80, targetPort: 8080 }] } }],
    ['networking.k8s.io/v1', 'ingresses', { metadata: { name: 'web' }, spec: { rules: [{ http: { paths: [
      { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } }],
    ['apps/v1', 'deployments', { metadata: { name: 'web', labels: web }, spec: {
      replicas: 2, selector: { matchLabels: web }, template: { metadata: { labels: web }, spec: {
        serviceAccountName: 'web-sa', containers: containers(true), volumes: [{ name: 'settings', configMap: { name: 'settings' } }],
      } } } }],
    ['apps/v1', 'statefulsets', { metadata: { name: 'db', labels: db }, spec: {
      replicas: 1, serviceName: 'db', selector: { matchLabels: db }, template: { metadata: { labels: db }, spec: {
        serviceAccountName: 'theirs', containers: [{ name: 'main', image }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }],
    } }],
    ['batch/v1', 'cronjobs', { metadata: { name: 'tick' }, spec: { schedule: '0 0 1 1 *',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image }] } } } } } }],
  ];
  const kindOf: Record<string, string> = {
    configmaps: 'ConfigMap', secrets: 'Secret', serviceaccounts: 'ServiceAccount', services: 'Service',
    ingresses: 'Ingress', deployments: 'Deployment', statefulsets: 'StatefulSet', cronjobs: 'CronJob',
  };
  for (const [apiVersion, plural, body] of objects) {
    await plane.ok('POST', path(apiVersion, plural), { apiVersion, kind: kindOf[plural], ...body });
  }
  await plane.ok('POST', `/apis/scheduling.kcp.io/v1alpha1/namespaces/${ns}/placements`, {
    apiVersion: 'scheduling.kcp.io/v1alpha1', kind: 'Placement', metadata: { name: 'workloads' },
    spec: { syncTargetNames: [target], resourceSelectors: [
      { apiVersion: 'apps/v1', kind: 'Deployment' }, { apiVersion: 'apps/v1', kind: 'StatefulSet' },
      { apiVersion: 'batch/v1', kind: 'CronJob' }, { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
    ] },
  });
  const syncer = startSyncer(t, ['--sync-target-name', target, '--server', plane.url, '--token-file', tokenFile, '--kubeconfig', cluster.kubeconfigPath]);
  await syncer.ready();

  const entry = async (apiVersion: string, plural: string, name: string) => {
    const { json } = await plane.call('GET', path(apiVersion, plural, name));
    return json?.status?.syncTargets?.find((e: { name: string }) => e.name === target);
  };
  const objectApi = k8s.KubernetesObjectApi.makeApiClient(downstream(cluster.kubeconfigPath).kc);
  const readDown = (apiVersion: string, plural: string, name: string): Promise<any> =>
    objectApi.read({ apiVersion, kind: kindOf[plural], metadata: { name, namespace: ns } }).then((o) => o, () => undefined);

  await t.test('every object arrives downstream, the dependencies by themselves', async (t) => {
    for (const [apiVersion, plural, body] of objects) {
      if (body.metadata.name === 'theirs') continue;
      const down = await until(`${plural}/${body.metadata.name} downstream`, () => readDown(apiVersion, plural, body.metadata.name));
      t.equal(down.metadata.labels?.['workload.kcp.io/sync-target'], target, `${plural}/${body.metadata.name} applied for ${target}`);
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
    t.match(svc, { reason: 'DependencyOf', dependencyOf: [{ kind: 'Deployment', name: 'web' }] }, 'the Service follows the Deployment');
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
    t.notOk(now.metadata?.managedFields?.some((f) => f.manager === 'tmc-syncer'), 'no field written by tmc-syncer');
  });

  // Its Placed on table shows state, ready pods, the health verdict and why per target.
  await t.test('tmc describe shows the state and health per target', async (t) => {
    const token = readFileSync(join(plane.dataDir, 'admin.token'), 'utf8').trim();
    const out = spawnSync(process.execPath, [TMC_BIN, 'describe', 'deployment', 'web', '-n', ns, '--server', plane.url, '--token', token],
      { encoding: 'utf8', env: { ...process.env, HOME: plane.dataDir } });
    t.equal(out.status, 0, out.stderr);
    t.match(out.stdout, new RegExp(`Placed on:[\\s\\S]*${target} +Applied +2/2 +Healthy \\(RolledOut\\) +Selected`), out.stdout);
    const cm = spawnSync(process.execPath, [TMC_BIN, 'describe', 'configmap', 'settings', '-n', ns, '--server', plane.url,
      '--token', token], { encoding: 'utf8', env: { ...process.env, HOME: plane.dataDir } });
    t.match(cm.stdout, new RegExp(`${target} +Applied +- +Healthy \\(Exists\\) +DependencyOf Deployment/web`), cm.stdout);
  });

  await t.test('a ConfigMap reference removed upstream takes the ConfigMap away downstream', async (t) => {
    await plane.ok('PATCH', path('apps/v1', 'deployments', 'web'),
      { spec: { template: { spec: { volumes: null, containers: containers(false) } } } }, 'application/merge-patch+json');
    await until('ConfigMap settings gone downstream', async () => (await readDown('v1', 'configmaps', 'settings')) === undefined);
    t.ok(await readDown('v1', 'secrets', 'creds'), 'the Secret, still needed, stays');
  });

  await t.test("the Secret's value is nowhere in the server's data directory", async (t) => {
    const files = (dir: string): string[] => readdirSync(dir).flatMap((f) =>
      statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]);
    const all = files(plane.dataDir);
    t.ok(all.some((f) => /\.(db|sqlite)/.test(f)), `the database is there: ${all.join(', ')}`);
    const needles = [SECRET_VALUE, Buffer.from(SECRET_VALUE).toString('base64')].map((s) => Buffer.from(s));
    for (const f of all) {
      const bytes = readFileSync(f);
      for (const n of needles) t.equal(bytes.indexOf(n), -1, `${f}: no ${n.toString()}`);
    }
  });
}
