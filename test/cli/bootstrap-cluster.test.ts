// e2e: the manifest `tmc bootstrap` prints, on the real test cluster: a server-side dry run accepts it;
// applied, the ServiceAccount's token can do what the syncer needs (exec too) and nothing else; and
// `tmc syncer` with only those credentials does its whole job: heartbeat, namespace, apply, status.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import t from 'tap';
import { parseAllDocuments, stringify } from 'yaml';
import { e2eCluster } from '../cluster/e2e-env.js';
import { EXEC_RULE, SYNCER_RULES, syncerAccessChecks } from '../../src/syncer/downstream/permissions.js';
import { ST_PATH, freshDir, startCliServer, waitFor } from './cli-helpers.js';
import { runTmc } from '../helpers/server-process.js';

const cluster = e2eCluster(t);
if (cluster) {
  t.setTimeout(420_000);
  const admin = new k8s.KubeConfig();
  admin.loadFromFile(cluster.kubeconfigPath);
  const objects = k8s.KubernetesObjectApi.makeApiClient(admin);
  const core = admin.makeApiClient(k8s.CoreV1Api);
  const apply = (object: k8s.KubernetesObject, dryRun?: 'All') =>
    objects.patch(object, undefined, dryRun, 'tmc-e2e', true, k8s.PatchStrategy.ServerSideApply);

  /** A kubeconfig for the same cluster that authenticates as the given ServiceAccount token only. */
  const kubeconfigFor = (token: string, dir: string): { file: string; config: k8s.KubeConfig } => {
    const current = admin.getCurrentCluster()!;
    const config = new k8s.KubeConfig();
    config.loadFromOptions({
      clusters: [{ ...current, name: 'test' }],
      users: [{ name: 'syncer', token }],
      contexts: [{ name: 'syncer', cluster: 'test', user: 'syncer' }],
      currentContext: 'syncer',
    });
    const file = join(dir, 'syncer.kubeconfig');
    writeFileSync(file, config.exportConfig(), { mode: 0o600 });
    return { file, config };
  };

  t.test('the bootstrap manifest works on a real cluster with least privilege', async (t) => {
    const id = randomBytes(3).toString('hex');
    const target = `edge-${id}`;
    const namespace = `tmc-e2e-${id}`;
    const dir = freshDir(t);
    const server = await startCliServer(t);
    const printed = await server.run(['bootstrap', target, '--image', 'tmc:e2e', '--namespace', namespace]);
    t.equal(printed.code, 0, printed.stderr);
    const docs = parseAllDocuments(printed.stdout).map((d) => d.toJS() as k8s.KubernetesObject & Record<string, any>);
    const [namespaceObject, ...rest] = docs;
    const name = docs[1]!.metadata!.name!;
    t.teardown(async () => {
      for (const object of [...rest].reverse()) await objects.delete(object).catch(() => undefined);
      await objects.delete(namespaceObject!).catch(() => undefined);
    });

    // 1. Server-side dry run: every object is valid for this Kubernetes version. The namespaced
    //    ones need their namespace to exist, so the Namespace goes first, for real.
    await apply(namespaceObject!, 'All');
    await t.rejects(core.readNamespace({ name: namespace }), 'a dry run creates nothing');
    await apply(namespaceObject!);
    for (const object of rest) {
      const answer = await apply(object, 'All');
      t.equal(answer.kind, object.kind, `${object.kind} passes a server-side dry run`);
    }
    await t.rejects(core.readNamespacedServiceAccount({ name, namespace }), 'still nothing created');

    // 2. Applied for real (all but the Deployment: its image is not in this cluster; the
    //    syncer runs as a local process below, with the same credentials the pod would have).
    for (const object of rest.filter((o) => o.kind !== 'Deployment')) await apply(object);
    const saToken = (
      await core.createNamespacedServiceAccountToken({
        name,
        namespace,
        body: { spec: { audiences: [], expirationSeconds: 600 } },
      })
    ).status!.token;
    const { file: saKubeconfig, config: saConfig } = kubeconfigFor(saToken, dir);

    // 3. The ServiceAccount may do exactly what the syncer needs...
    const authz = saConfig.makeApiClient(k8s.AuthorizationV1Api);
    const allowed = async (group: string, resource: string, verb: string, ns?: string) =>
      (
        await authz.createSelfSubjectAccessReview({
          body: { spec: { resourceAttributes: { group, resource, verb, namespace: ns } } },
        })
      ).status!.allowed;
    for (const { group, resource, verb } of syncerAccessChecks([...SYNCER_RULES, EXEC_RULE])) {
      const clusterWide = ['namespaces', 'nodes'].includes(resource) || group === 'authorization.k8s.io';
      t.ok(await allowed(group, resource, verb, clusterWide ? undefined : 'any-namespace'), `may ${verb} ${resource}`);
    }
    // ...and nothing else: pods, their logs and events are read for the tunnel, never changed.
    const rbac = 'rbac.authorization.k8s.io';
    for (const [group, resource, verb] of [
      ['', 'pods', 'create'],
      ['', 'pods', 'delete'],
      ['', 'pods/attach', 'create'],
      ['', 'pods/portforward', 'create'],
      ['', 'events', 'create'],
      ['', 'nodes', 'delete'],
      ['', 'namespaces', 'delete'],
      [rbac, 'clusterroles', 'update'],
      [rbac, 'roles', 'escalate'],
      [rbac, 'clusterroles', 'bind'],
      ['apps', 'replicasets', 'create'],
    ] as const) {
      t.notOk(await allowed(group, resource, verb, 'default'), `may not ${verb} ${group || 'core'}/${resource}`);
    }
    // 4. `tmc syncer` with those credentials does its whole job.
    const secret = rest.find((o) => o.kind === 'Secret')!;
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, Buffer.from(secret.data.token, 'base64'), { mode: 0o600 });
    // The server's own CA travels in the manifest: the syncer trusts the server through it alone.
    t.ok(secret.data['ca.crt'], 'the manifest carries the CA of the server');
    const caFile = join(dir, 'ca.crt');
    writeFileSync(caFile, Buffer.from(secret.data['ca.crt'], 'base64'));
    const syncer = runTmc([
      'syncer',
      '--sync-target-name',
      target,
      '--server',
      server.url,
      '--token-file',
      tokenFile,
      '--kubeconfig',
      saKubeconfig,
      '--ca-file',
      caFile,
    ]);
    t.teardown(async () => {
      syncer.child.kill('SIGTERM');
      await syncer.exited;
    });

    const appNamespace = `e2e-app-${id}`;
    t.teardown(() =>
      core.deleteNamespace({ name: appNamespace }).then(
        () => undefined,
        () => undefined,
      ),
    );
    const labels = { app: 'hello' };
    const workload = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'hello', namespace: appNamespace, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: labels },
          template: {
            metadata: { labels },
            spec: { containers: [{ name: 'hello', image: 'registry.example/hello:1' }] },
          },
        },
      },
      {
        apiVersion: 'scheduling.kcp.io/v1alpha1',
        kind: 'Placement',
        metadata: { name: 'here', namespace: appNamespace },
        spec: { syncTargetNames: [target] },
      },
    ]
      .map((o) => stringify(o))
      .join('---\n');
    const applied = await server.run(['apply', '-f', '-'], { input: workload });
    t.equal(applied.code, 0, applied.stderr);

    const ready = await waitFor(
      t,
      `${target} to turn Ready`,
      async () => {
        const st = (await server.http('GET', `${ST_PATH}/${target}`)).json;
        return st.status?.conditions?.find((c: any) => c.type === 'Ready' && c.status === 'True');
      },
      60_000,
    );
    t.ok(ready, ready ? 'the syncer heartbeats' : `no heartbeat; the syncer said: ${syncer.output().slice(-2000)}`);
    const apps = admin.makeApiClient(k8s.AppsV1Api);
    const downstream = await waitFor(
      t,
      'the Deployment downstream',
      () => apps.readNamespacedDeployment({ name: 'hello', namespace: appNamespace }).catch(() => undefined),
      60_000,
    );
    t.ok(downstream, 'the syncer created the namespace and applied the Deployment with its own credentials');
    const entry = await waitFor(
      t,
      'the Applied status upstream',
      async () => {
        const d = (await server.http('GET', `/apis/apps/v1/namespaces/${appNamespace}/deployments/hello`)).json;
        return d.status?.syncTargets?.find((s: any) => s.name === target && s.state === 'Applied');
      },
      60_000,
    );
    t.ok(entry, 'the syncer reported status');
    t.notMatch(syncer.output(), /forbidden/i, 'no permission was missing');
    syncer.child.kill('SIGTERM');
    t.equal(await syncer.exited, 0, 'the syncer stops cleanly');
  });
}
