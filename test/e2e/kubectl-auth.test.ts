// The real kubectl as two tmc Users against a real `tmc server` on both stores: each team has
// `edit` in its own namespace and `view` in the other's; `kubectl auth can-i` (one question and
// --list) answers what RBAC grants, and kubectl shows a denial in kube-apiserver's words.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parse, stringify } from 'yaml';
import { testedStoreKinds } from '../helpers/stores.js';
import { deploymentManifest, until } from './control-plane.js';
import { kubectlFor } from './kubectl-env.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const USERS = '/apis/tmc.kcp.io/v1alpha1/users';
const binding = (name: string, role: string, group: string) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects: [{ kind: 'Group', name: group, apiGroup: 'rbac.authorization.k8s.io' }],
});

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  for (const store of testedStoreKinds()) {
    await t.test(`kubectl auth can-i as tmc users on ${store}`, async (t) => {
      const { dir, plane, run } = await kubectlOnTmc(t, kubectlBin, store);
      const userKubectl = async (user: string, group: string, namespace: string) => {
        await plane.ok('POST', USERS, {
          apiVersion: 'tmc.kcp.io/v1alpha1',
          kind: 'User',
          metadata: { name: user },
          spec: { groups: [group] },
        });
        const { token } = await plane.ok('POST', `${USERS}/${user}/tokens`, {});
        const doc = parse(readFileSync(plane.kubeconfig, 'utf8'));
        for (const entry of doc.users) entry.user = { token };
        const home = join(dir, user);
        mkdirSync(home);
        writeFileSync(join(home, 'source.kubeconfig'), stringify(doc), { mode: 0o600 });
        return kubectlFor(kubectlBin, home, { kubeconfig: join(home, 'source.kubeconfig'), namespace });
      };
      const alice = await userKubectl('alice', 'team-a', 'team-a');
      const bob = await userKubectl('bob', 'team-b', 'team-b');
      // As the README shows it: the admin grants with kubectl's own command.
      // (kubectl create sends protobuf, which tmc's generic routes do not take: the manifest goes through apply.)
      const grant = await run(
        'create',
        'rolebinding',
        'edit',
        '-n',
        'team-a',
        '--clusterrole=edit',
        '--group=team-a',
        '--dry-run=client',
        '-o',
        'yaml',
      );
      writeFileSync(join(dir, 'edit.yaml'), grant.stdout);
      const created = await run('apply', '-f', join(dir, 'edit.yaml'));
      t.equal(created.code, 0, `kubectl apply of the rolebinding: ${created.stderr}`);
      await plane.ok(
        'POST',
        '/apis/rbac.authorization.k8s.io/v1/namespaces/team-a/rolebindings',
        binding('view', 'view', 'team-b'),
      );
      await plane.ok(
        'POST',
        '/apis/rbac.authorization.k8s.io/v1/namespaces/team-b/rolebindings',
        binding('edit', 'edit', 'team-b'),
      );
      await plane.ok(
        'POST',
        '/apis/rbac.authorization.k8s.io/v1/namespaces/team-b/rolebindings',
        binding('view', 'view', 'team-a'),
      );
      // Bindings reach RBAC through the change feed: wait for the last one.
      await until(
        'bob may read team-a',
        async () => (await bob.run('auth', 'can-i', 'get', 'deployments', '-n', 'team-a')).code === 0,
      );

      t.equal((await alice.run('auth', 'can-i', 'create', 'deployments')).stdout.trim(), 'yes');
      t.equal((await alice.run('auth', 'can-i', 'create', 'deployments', '-n', 'team-b')).stdout.trim(), 'no');
      t.equal((await alice.run('auth', 'can-i', 'list', 'deployments', '-n', 'team-b')).stdout.trim(), 'yes');
      t.equal((await alice.run('auth', 'can-i', 'get', 'secrets', '-n', 'team-b')).stdout.trim(), 'no');
      t.equal((await alice.run('auth', 'can-i', 'list', 'synctargets')).stdout.trim(), 'no');
      t.equal((await bob.run('auth', 'can-i', 'delete', 'deployments')).stdout.trim(), 'yes');

      const list = await alice.ok('auth', 'can-i', '--list', '-n', 'team-b');
      t.match(list, /deployments\.apps\s+\[\]\s+\[\]\s+\[get list watch\]/, 'view in team-b');
      t.notMatch(list, /^secrets\s/m, 'no Secrets in team-b');
      const edit = /deployments\.apps\s+\[\]\s+\[\]\s+\[get list watch create update patch delete deletecollection\]/;
      t.match(await alice.ok('auth', 'can-i', '--list'), edit, 'edit in team-a');

      const manifest = join(dir, 'web.yaml');
      writeFileSync(manifest, stringify(deploymentManifest('web', 1, 'nginx:1.27')));
      t.match(await alice.ok('apply', '-f', manifest), /deployment.apps\/web created/);
      const denied = await alice.run('apply', '-f', manifest, '-n', 'team-b');
      t.not(denied.code, 0);
      t.match(
        denied.stderr,
        /User "alice" cannot (get|patch|create) resource "deployments" in API group "apps" in the namespace "team-b"/,
      );
      t.match(await bob.ok('get', 'deployments', '-n', 'team-a'), /^web\s/m, 'bob views team-a');
    });
  }
}
