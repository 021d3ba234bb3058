// The real kubectl as a tmc User with `view` in namespace a only, against a real `tmc server` on
// both stores: `kubectl get deployments -A` shows namespace a's Deployments, not b's, and
// `kubectl get deployments -A -w` prints a new one in a but never the one made in b before it.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parse, stringify } from 'yaml';
import { testedStoreKinds } from '../helpers/stores.js';
import { until } from './control-plane.js';
import { kubectlFor } from './kubectl-env.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const USERS = '/apis/tmc.kcp.io/v1alpha1/users';
const RBAC = '/apis/rbac.authorization.k8s.io/v1';

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  for (const store of testedStoreKinds()) {
    await t.test(`kubectl get -A as a user with view in one namespace on ${store}`, async (t) => {
      const { dir, plane } = await kubectlOnTmc(t, kubectlBin, store);
      await plane.ok('POST', USERS, {
        apiVersion: 'tmc.kcp.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'vera' },
        spec: { groups: [] },
      });
      const { token } = await plane.ok('POST', `${USERS}/vera/tokens`, {});
      const doc = parse(readFileSync(plane.kubeconfig, 'utf8'));
      for (const entry of doc.users) entry.user = { token };
      const home = join(dir, 'vera');
      mkdirSync(home);
      writeFileSync(join(home, 'source.kubeconfig'), stringify(doc), { mode: 0o600 });
      const vera = kubectlFor(kubectlBin, home, { kubeconfig: join(home, 'source.kubeconfig'), namespace: 'a' });
      await plane.ok('POST', `${RBAC}/namespaces/a/rolebindings`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: 'view' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
        subjects: [{ kind: 'User', name: 'vera', apiGroup: 'rbac.authorization.k8s.io' }],
      });
      await plane.createDeployment('a', 'web');
      await plane.createDeployment('b', 'api');
      await until('RBAC to grant vera view in a', async () => (await vera.run('get', 'deployments')).code === 0);

      const listed = await vera.ok('get', 'deployments', '-A');
      t.match(listed, /^NAMESPACE\s+NAME\s+TARGETS\s+READY/, 'the Table of all namespaces');
      t.match(listed, /^a\s+web\s/m, "namespace a's Deployment");
      t.notMatch(listed, /^b\s/m, "nothing of namespace b's");
      const denied = await vera.run('get', 'secrets', '-A');
      t.not(denied.code, 0);
      t.match(denied.stderr, /User "vera" cannot list resource "secrets" in API group "" at the cluster scope/);

      const base = ['--kubeconfig', join(home, 'kubeconfig.yaml'), '--cache-dir', join(home, 'kube-cache')];
      const args = [...base, 'get', 'deployments', '-A', '-w', '--output-watch-events'];
      const child: ChildProcess = spawn(kubectlBin, args, { env: { PATH: process.env.PATH, HOME: home } });
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      t.teardown(() => {
        child.kill('SIGKILL');
      });
      const rows = () =>
        output
          .split('\n')
          .slice(1)
          .filter((line) => line.trim() !== '')
          .map((line) => line.split(/\s+/).slice(0, 3).join(' '));
      await until(`the first row:\n${output}`, async () => rows().length === 1);
      // b first: once a's new Deployment shows, b's would have shown before it.
      await plane.createDeployment('b', 'other');
      await plane.createDeployment('a', 'new');
      await until(`the new row:\n${output}`, async () => rows().length >= 2);
      t.same(rows(), ['ADDED a web', 'ADDED a new'], 'the watch shows namespace a only');
    });
  }
}
