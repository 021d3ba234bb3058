// The carried kinds through the real kubectl against a real `tmc server`, on SQLite and on
// PostgreSQL: a multi-kind manifest applied with `kubectl apply -f`, listed kind by kind
// (`get cm,svc,secret`) and by category (`get all`), a Secret read back decoded, and the whole
// manifest deleted with `kubectl delete -f`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parse, stringify } from 'yaml';
import { SAMPLES } from '../helpers/kinds.js';
import { testedStoreKinds } from '../helpers/stores.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const PASSWORD = 'kubectl-e2e-password';
const sample = (plural: string) => SAMPLES.find((s) => s.plural === plural)!.object;
const MANIFEST = [
  sample('configmaps'),
  sample('serviceaccounts'),
  sample('services'),
  sample('statefulsets'),
  sample('jobs'),
  sample('cronjobs'),
  sample('ingresses'),
  sample('horizontalpodautoscalers'),
  sample('rolebindings'),
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, type: 'Opaque', stringData: { password: PASSWORD } },
]
  .map((object) => stringify(object))
  .join('---\n');

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  for (const store of testedStoreKinds()) {
    await t.test(`kubectl applies a whole application to tmc on ${store}`, async (t) => {
      const { dir, run, ok } = await kubectlOnTmc(t, kubectlBin, store);
      const file = join(dir, 'app.yaml');
      writeFileSync(file, MANIFEST);

      const applied = await ok('apply', '-f', file);
      for (const ref of [
        'configmap/web',
        'serviceaccount/web',
        'service/web',
        'statefulset.apps/db',
        'job.batch/migrate',
        'cronjob.batch/nightly',
        'ingress.networking.k8s.io/web',
        'horizontalpodautoscaler.autoscaling/web',
        'rolebinding.rbac.authorization.k8s.io/reader',
        'secret/db',
      ]) {
        t.match(applied, `${ref} created`, ref);
      }

      // A second apply of a changed object sends a strategic merge patch, as to a cluster; a label
      // set by another hand is kept.
      await ok('label', 'configmap', 'web', 'stage=one');
      writeFileSync(file, MANIFEST.replace('app.conf: x=1', 'app.conf: x=2'));
      const again = await ok('apply', '-f', file);
      t.match(again, 'configmap/web configured');
      t.match(again, 'service/web unchanged');
      const web = parse(await ok('get', 'configmap', 'web', '-o', 'yaml'));
      t.same([web.data['app.conf'], web.metadata.labels.stage], ['x=2', 'one'], 'patched, the other label kept');

      const listed = await ok('get', 'cm,svc,secret');
      t.match(listed, /^NAME\s+DATA\s+AGE\nconfigmap\/web\s+1\s+\d+s\n/, 'ConfigMaps with their columns');
      t.match(listed, /NAME\s+TYPE\s+CLUSTER-IP\s+PORT\(S\)\s+AGE\nservice\/web\s+ClusterIP\s+<none>\s+80\/TCP/);
      t.match(listed, /NAME\s+TYPE\s+DATA\s+AGE\nsecret\/db\s+Opaque\s+1\s+/);
      const short = await ok('get', 'sts,cj,ing,hpa,sa');
      t.match(short, /statefulset\.apps\/db[\s\S]*cronjob\.batch\/nightly[\s\S]*ingress/);

      const all = await ok('get', 'all');
      for (const ref of [
        'service/web',
        'statefulset.apps/db',
        'job.batch/migrate',
        'cronjob.batch/nightly',
        'horizontalpodautoscaler.autoscaling/web',
      ]) {
        t.match(all, ref, `get all lists ${ref}`);
      }
      t.notMatch(all, /configmap|secret\//, 'ConfigMaps and Secrets are not in the all category');

      const secret = parse(await ok('get', 'secret', 'db', '-o', 'yaml'));
      t.equal(Buffer.from(secret.data.password, 'base64').toString(), PASSWORD, 'stringData was folded into data');
      t.notOk(secret.stringData);

      const bad = join(dir, 'bad.yaml');
      const cron = sample('cronjobs');
      writeFileSync(bad, stringify({ ...cron, metadata: { name: 'bad' }, spec: { ...cron.spec, schedule: '* * *' } }));
      const invalid = await run('apply', '-f', bad);
      t.not(invalid.code, 0);
      t.match(invalid.stderr, /spec\.schedule: Invalid value: "\* \* \*": expected exactly 5 fields, found 3/);

      const deleted = await ok('delete', '-f', file);
      t.match(deleted, /configmap "web" deleted[\s\S]*secret "db" deleted/);
      const empty = await run('get', 'cm,svc,secret,sts,cj');
      t.match(empty.stderr, /No resources found in shop namespace/);
    });
  }
}
