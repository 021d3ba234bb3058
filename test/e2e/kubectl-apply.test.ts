// The built kubectl writing to a real `tmc server` as it writes to kube-apiserver, on SQLite and
// on PostgreSQL: client-side apply (strategic merge patch for Deployments, merge patch for
// SyncTargets) removing what the manifest no longer has, server-side apply with removal, a
// conflict between field managers and --force-conflicts, and `kubectl patch` of every type.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { testedStoreKinds } from '../helpers/stores.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const deploymentYaml = (labels: string, replicas: number, env: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    `metadata: {name: web, labels: {${labels}}}`,
    `spec: {replicas: ${replicas}, selector: {matchLabels: {app: web}},`,
    '  template: {metadata: {labels: {app: web}}, spec: {containers: [',
    `    {name: web, image: "nginx:1.27", env: [${env}]},`,
    '    {name: side, image: "envoy:1"}]}}}',
    '',
  ].join('\n');
const syncTargetYaml = (labels: string) =>
  'apiVersion: workload.kcp.io/v1alpha1\nkind: SyncTarget\n' +
  `metadata: {name: north, labels: {${labels}}}\nspec: {unschedulable: true}\n`;

const TWO_VARS = '{name: A, value: "1"}, {name: B, value: "2"}';

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  for (const store of testedStoreKinds()) {
    await t.test(`kubectl writes to tmc on ${store}`, async (t) => {
      const { dir, run, ok } = await kubectlOnTmc(t, kubectlBin, store);
      // kubectl's default validation (strict, left to the server): an unknown field would fail the apply.
      const apply = (...argv: string[]) => ok('apply', ...argv);
      const applyRun = (...argv: string[]) => run('apply', ...argv);
      const file = (name: string, text: string) => {
        writeFileSync(join(dir, name), text);
        return join(dir, name);
      };
      const json = async (...what: string[]) => JSON.parse(await ok('get', ...what, '-o', 'json'));
      const envOf = (d: any) => d.spec.template.spec.containers[0].env;

      await t.test('client-side apply twice: what the second manifest drops is gone', async (t) => {
        const first = file('web1.yaml', deploymentYaml('app: web, tier: front', 2, TWO_VARS));
        t.match(await apply('-f', first), /deployment\.apps\/web created/);
        const second = file('web2.yaml', deploymentYaml('app: web', 2, '{name: A, value: "1"}'));
        t.match(await apply('-f', second), /deployment\.apps\/web configured/);
        const web = await json('deploy', 'web');
        t.same(web.metadata.labels, { app: 'web' });
        t.same(envOf(web), [{ name: 'A', value: '1' }]);
        t.same(
          web.spec.template.spec.containers.map((c: { name: string }) => c.name),
          ['web', 'side'],
        );
        await apply('-f', file('st1.yaml', syncTargetYaml('env: prod, zone: a')));
        await apply('-f', file('st2.yaml', syncTargetYaml('env: prod')));
        t.same((await json('st', 'north')).metadata.labels, { env: 'prod' }, 'a SyncTarget too (merge patch)');
        await ok('delete', 'deploy', 'web');
      });

      await t.test('server-side apply removes what it no longer applies; conflicts fail unless forced', async (t) => {
        const first = file('ssa1.yaml', deploymentYaml('app: web, tier: front', 2, TWO_VARS));
        t.match(await apply('--server-side', '-f', first), /deployment\.apps\/web serverside-applied/);
        const second = file('ssa2.yaml', deploymentYaml('app: web', 2, '{name: A, value: "1"}'));
        await apply('--server-side', '-f', second);
        const web = await json('deploy', 'web');
        t.same(web.metadata.labels, { app: 'web' });
        t.same(envOf(web), [{ name: 'A', value: '1' }]);
        const shown = await ok('get', 'deploy', 'web', '-o', 'json', '--show-managed-fields');
        const managed = JSON.parse(shown).metadata.managedFields;
        t.match(managed, [{ manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }]);
        const other = file('ssa3.yaml', deploymentYaml('app: web', 5, '{name: A, value: "1"}'));
        const conflict = await applyRun('--server-side', '--field-manager', 'other', '-f', other);
        t.not(conflict.code, 0);
        t.match(conflict.stderr, /Apply failed with 1 conflict: conflict with "kubectl": \.spec\.replicas/);
        t.equal((await json('deploy', 'web')).spec.replicas, 2, 'nothing changed');
        await apply('--server-side', '--field-manager', 'other', '--force-conflicts', '-f', other);
        t.equal((await json('deploy', 'web')).spec.replicas, 5, '--force-conflicts wins');
      });

      await t.test('kubectl patch --type json, merge and strategic', async (t) => {
        const op = (name: string, value: number) => JSON.stringify([{ op: name, path: '/spec/replicas', value }]);
        await ok('patch', 'deploy', 'web', '--type', 'json', '-p', op('replace', 3));
        t.equal((await json('deploy', 'web')).spec.replicas, 3);
        const failed = await run('patch', 'deploy', 'web', '--type', 'json', '-p', op('test', 9));
        t.not(failed.code, 0);
        t.match(failed.stderr, /test/);
        await ok('patch', 'st', 'north', '--type', 'merge', '-p', '{"spec": {"unschedulable": false}}');
        t.equal((await json('st', 'north')).spec.unschedulable, false);
        await ok(
          'patch',
          'deploy',
          'web',
          '--type',
          'strategic',
          '-p',
          '{"spec": {"template": {"spec": {"containers": [{"name": "web", "env": [{"name": "C", "value": "3"}]}]}}}}',
        );
        const env = envOf(await json('deploy', 'web'));
        t.same(
          env,
          [
            { name: 'A', value: '1' },
            { name: 'C', value: '3' },
          ],
          'merged by name',
        );
        const refused = await run('patch', 'st', 'north', '--type', 'strategic', '-p', '{"spec": {}}');
        t.not(refused.code, 0);
        t.match(refused.stderr, /unknown format - accepted media types include/);
      });
    });
  }
}
