// The carried kinds through the built CLI: tmc apply of a multi-kind manifest, tmc get by short
// name, by several kinds and by category (get all), tmc describe (a Secret's values never
// printed), and tmc delete.
import t from 'tap';
import { stringify } from 'yaml';
import { SAMPLES } from '../helpers/kinds.js';
import { assertOneLineError, freshDir, parseTable, startCliServer } from './cli-helpers.js';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';

t.setTimeout(420_000);

const PASSWORD = 'cli-describe-password';
const sample = (plural: string) => SAMPLES.find((s) => s.plural === plural)!.object;

t.test('apply, get, describe and delete the carried kinds', async (t) => {
  const server = await startCliServer(t);
  const file = join(freshDir(t), 'app.yaml');
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: PASSWORD } };
  const objects = [sample('configmaps'), sample('services'), sample('statefulsets'), sample('cronjobs'), secret];
  writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  const applied = await server.run(['apply', '-f', file]);
  t.equal(applied.code, 0, applied.stderr);
  const created = ['configmap/web', 'service/web', 'statefulset/db', 'cronjob/nightly', 'secret/db'];
  t.equal(applied.stdout, created.map((ref) => `${ref} created\n`).join(''));

  const cm = await server.run(['get', 'cm']);
  t.same(
    parseTable(cm.stdout).map((r) => [r.NAME, r.DATA]),
    [['web', '1']],
  );
  const svc = await server.run(['get', 'svc', '-o', 'wide']);
  t.match(svc.stdout, /^NAME\s+TYPE\s+CLUSTER-IP\s+PORT\(S\)\s+AGE\s+SELECTOR\n/);
  t.match(svc.stdout, /\nweb\s+ClusterIP\s+<none>\s+80\/TCP\s+\S+\s+app=web\n$/);

  const several = await server.run(['get', 'cm,secret']);
  const [configMaps, secrets] = several.stdout.split('\n\n');
  t.match(configMaps, /^NAME\s+DATA\s+AGE\nconfigmap\/web\s+1\s+\S+$/);
  t.match(secrets, /^NAME\s+TYPE\s+DATA\s+AGE\nsecret\/db\s+Opaque\s+1\s+\S+\n$/);
  const all = await server.run(['get', 'all']);
  t.equal(all.code, 0, all.stderr);
  t.match(all.stdout, /service\/web[\s\S]*statefulset\.apps\/db[\s\S]*cronjob\.batch\/nightly/);
  t.notMatch(all.stdout, /configmap|secret/, 'ConfigMaps and Secrets are not in the all category');
  const empty = await server.run(['get', 'all', '-n', 'nowhere']);
  t.match(empty.stderr, 'No resources found in nowhere namespace.');
  const yaml = await server.run(['get', 'all', '-o', 'yaml']);
  t.match(yaml.stdout, /kind: List[\s\S]*kind: Service[\s\S]*kind: StatefulSet/);
  assertOneLineError(t, await server.run(['get', 'cm,svc', 'web']), /one kind at a time/, 'names with several kinds');

  const described = await server.run(['describe', 'secret', 'db']);
  t.equal(described.code, 0, described.stderr);
  t.match(described.stdout, /^Name:\s+db\nNamespace:\s+default\nKind:\s+Secret \(v1\)\n/);
  t.match(described.stdout, /Data:\n\s+password:\s+21 bytes\n/);
  t.notMatch(described.stdout, PASSWORD);
  t.notMatch(described.stdout, Buffer.from(PASSWORD).toString('base64'));
  const sts = await server.run(['describe', 'sts', 'db']);
  t.match(sts.stdout, /Kind:\s+StatefulSet \(apps\/v1\)[\s\S]*Spec:\n\s+serviceName: db/);
  const missing = await server.run(['describe', 'cm', 'web', 'nope']);
  t.equal(missing.code, 1);
  t.match(missing.stdout, /Name:\s+web/);
  t.match(missing.stderr, /configmaps "nope" not found/);

  const deleted = await server.run(['delete', 'cj', 'nightly']);
  t.match(deleted.stdout, 'cronjob "nightly" deleted');
  t.equal((await server.run(['get', 'cj', 'nightly'])).code, 1);
});
