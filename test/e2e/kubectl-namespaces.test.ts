// Namespaces through kubectl against a real `tmc server`, as tutorials and GitOps tools use them:
// `kubectl create namespace` (sent as protobuf), a manifest whose first document is its Namespace
// applied both ways, the labels kept, `kubectl get ns` with kubectl's columns, and
// `kubectl delete namespace`, which waits until the namespace and everything in it are gone.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { testedStoreKinds } from '../helpers/stores.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const MANIFEST = `apiVersion: v1
kind: Namespace
metadata:
  name: gitops
  labels:
    pod-security.kubernetes.io/enforce: restricted
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: gitops
data:
  mode: fast
`;

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  for (const store of testedStoreKinds()) {
    await t.test(`kubectl creates, applies, lists and deletes namespaces on tmc (${store})`, async (t) => {
      const { ok, run, dir } = await kubectlOnTmc(t, kubectlBin, store);
      const resources = (await ok('api-resources', '-o', 'wide')).split('\n');
      const row = resources
        .find((line) => line.startsWith('namespaces '))
        ?.trim()
        .split(/\s+/);
      t.same(row, ['namespaces', 'ns', 'v1', 'false', 'Namespace', 'create,delete,get,list,patch,update,watch']);
      t.equal(await ok('create', 'namespace', 'shop'), 'namespace/shop created\n');
      await ok('create', 'deployment', 'web', '--image=nginx', '-n', 'shop');
      const file = join(dir, 'gitops.yaml');
      writeFileSync(file, MANIFEST);
      t.equal(await ok('apply', '-f', file), 'namespace/gitops created\nconfigmap/settings created\n');
      t.equal(
        await ok('apply', '--server-side', '-f', file),
        'namespace/gitops serverside-applied\nconfigmap/settings serverside-applied\n',
      );
      const gitops = JSON.parse(await ok('get', 'namespace', 'gitops', '-o', 'json'));
      t.same(gitops.metadata.labels, {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'kubernetes.io/metadata.name': 'gitops',
      });
      t.equal(gitops.status.phase, 'Active');

      const listed = await ok('get', 'ns');
      t.match(listed, /^NAME\s+STATUS\s+AGE\n/);
      for (const name of ['default', 'gitops', 'kube-system', 'shop'])
        t.match(listed, new RegExp(`\\n${name}\\s+Active\\s`));

      // kubectl waits for the namespace to be gone (--wait is its default), so once it returns
      // the namespace and its contents are.
      t.equal(await ok('delete', 'namespace', 'shop'), 'namespace "shop" deleted\n');
      const after = await run('get', 'namespace', 'shop');
      t.match(after.stderr, /namespaces "shop" not found/);
      t.equal(await ok('get', 'deployments', '-n', 'shop', '-o', 'name'), '', 'what it held is gone');
      t.equal((await ok('get', 'configmap', 'settings', '-n', 'gitops', '-o', 'name')).trim(), 'configmap/settings');
    });
  }
}
