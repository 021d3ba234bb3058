// The real kubectl (built from the pinned Kubernetes release by test/cluster/build.sh) against a
// real `tmc server` over HTTPS, on SQLite and on PostgreSQL: discovery (api-resources, short
// names, categories), Tables (get, -o wide, -A), -o yaml, explain from the OpenAPI v3
// documents, and field validation (which kubectl leaves to the server, as the OpenAPI offers it).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { parse } from 'yaml';
import { testedStoreKinds } from '../helpers/stores.js';
import { ST, deploymentsPath } from './control-plane.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const SYNC_TARGET = { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget' };
const EAST = { ...SYNC_TARGET, metadata: { name: 'east', labels: { env: 'prod' } }, spec: { unschedulable: true } };
const LABELS = { app: 'web' };
const WEB = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 2,
    selector: { matchLabels: LABELS },
    template: { metadata: { labels: LABELS }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  },
};
const syncTargetYaml = (spec: string) =>
  `apiVersion: workload.kcp.io/v1alpha1\nkind: SyncTarget\nmetadata: {name: north}\nspec: ${spec}\n`;
const DEPLOYMENT_YAML = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: api}',
  'spec: {replicas: 1, strategy: {type: Recreate}, selector: {matchLabels: {app: api}},',
  '  template: {metadata: {labels: {app: api}}, spec: {containers: [{name: api, image: "api:1"}]}}}',
  '',
].join('\n');

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  for (const store of testedStoreKinds()) {
    await t.test(`kubectl against tmc on ${store}`, async (t) => {
      const { dir, plane, run, ok } = await kubectlOnTmc(t, kubectlBin, store);
      const manifest = (name: string, text: string) => {
        writeFileSync(join(dir, name), text);
        return join(dir, name);
      };
      // The OpenAPI offers fieldValidation, so kubectl leaves validation to the server: a server dry run.
      const dryRun = (file: string) => run('apply', '--validate=strict', '--dry-run=server', '-f', file);

      await plane.ok('POST', ST, EAST);
      await plane.ok('POST', ST, { ...SYNC_TARGET, metadata: { name: 'west' } });
      for (const ns of ['shop', 'blog']) await plane.ok('POST', deploymentsPath(ns), WEB);
      await plane.ok('POST', '/apis/scheduling.kcp.io/v1alpha1/namespaces/shop/overrides', {
        apiVersion: 'scheduling.kcp.io/v1alpha1',
        kind: 'Override',
        metadata: { name: 'eu' },
        spec: {
          resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
          targetSelector: { matchLabels: { region: 'eu' } },
          changes: [{ replicas: 1 }, { image: { tag: '2' } }],
        },
      });

      await t.test('the admin.kubeconfig the server wrote works as it is', async (t) => {
        const argv = [
          '--kubeconfig',
          plane.kubeconfig,
          '--cache-dir',
          join(dir, 'plain-cache'),
          'get',
          'synctargets',
          '-o',
          'name',
        ];
        const { stdout } = await promisify(execFile)(kubectlBin, argv, { env: { PATH: process.env.PATH, HOME: dir } });
        t.same(stdout.trim().split('\n'), ['synctarget.workload.kcp.io/east', 'synctarget.workload.kcp.io/west']);
        t.match(plane.url, /^https:/, 'over HTTPS, trusting the CA in the kubeconfig');
      });

      await t.test('api-resources lists the kinds with short names, scope, verbs and categories', async (t) => {
        const out = await ok('api-resources', '-o', 'wide');
        const row = (name: string) =>
          out
            .split('\n')
            .find((line) => line.startsWith(`${name} `))
            ?.split(/\s+/);
        const verbs = 'create,delete,deletecollection,get,list,patch,update,watch';
        const synctargets = ['synctargets', 'st', 'workload.kcp.io/v1alpha1', 'false', 'SyncTarget', verbs, 'tmc'];
        t.same(row('synctargets'), synctargets);
        t.same(row('deployments'), ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment', verbs, 'all,tmc']);
        const placements = ['placements', 'scheduling.kcp.io/v1alpha1', 'true', 'Placement', verbs, 'tmc'];
        t.same(row('placements'), placements, 'no short name');
        t.same(row('overrides'), ['overrides', 'scheduling.kcp.io/v1alpha1', 'true', 'Override', verbs, 'tmc']);
        const version = await run('version');
        t.match(version.stdout, /Server Version: v1\.\d+\.0\+tmc-v\d+\.\d+\.\d+/);
        t.notMatch(version.stderr, /version difference/, 'no version skew warning');
      });

      await t.test('get prints the columns tmc get prints, wide ones with -o wide', async (t) => {
        const table = (await ok('get', 'st'))
          .trimEnd()
          .split('\n')
          .map((line) => line.split(/\s{2,}/));
        t.same(table[0], ['NAME', 'READY', 'REASON', 'LAST HEARTBEAT', 'UNSCHEDULABLE', 'AGE']);
        t.match(table.slice(1), [
          ['east', 'False', 'NoHeartbeat', '<never>', 'true', /^\d+s$/],
          ['west', 'False', 'NoHeartbeat', '<never>', 'false', /^\d+s$/],
        ]);
        const wide = (await ok('get', 'synctargets.workload.kcp.io', '-o', 'wide')).split('\n');
        t.match(wide[0], /^NAME\s.*\sAGE\s+SYNCER VERSION\s+KUBERNETES VERSION\s+EVICT AFTER\s+LABELS$/);
        t.match(wide[1], /^east\s.*\senv=prod$/);
        const all = (await ok('get', 'deploy', '-A')).split('\n');
        t.match(all[0], /^NAMESPACE\s+NAME\s+TARGETS\s+READY\s+AVAILABLE\s+AGE$/);
        t.match(all.slice(1, 3), [/^blog\s+web\s+<none>\s+0\/2\s+0\s+\d+s$/, /^shop\s+web\s+<none>/]);
        const category = await ok('get', 'tmc');
        t.match(category, /synctarget\.workload\.kcp\.io\/east[\s\S]*deployment\.apps\/web/, 'the tmc category');
        const overrides = (await ok('get', 'overrides', '-n', 'shop', '-o', 'wide'))
          .trimEnd()
          .split('\n')
          .map((line) => line.split(/\s{2,}/));
        t.match(
          overrides,
          [
            ['NAME', 'TARGET SELECTOR', 'CHANGES', 'AGE', 'RESOURCES'],
            ['eu', 'region=eu', '2', /^\d+s$/, 'Deployment'],
          ],
          'kubectl get overrides prints the columns of tmc get',
        );
        const labelled = await ok('get', 'st', 'east', '-L', 'env');
        t.match(labelled, /^NAME\s.*\sENV\n.*\sprod\n$/, 'one object, a label column');
      });

      await t.test('get -o yaml prints the object', async (t) => {
        const object = parse(await ok('get', 'st', 'east', '-o', 'yaml'));
        t.match(object, EAST);
        const list = parse(await ok('get', 'deployments', '-o', 'yaml'));
        t.match(list, { kind: 'List', items: [{ kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } }] });
      });

      await t.test('explain reads the OpenAPI v3 documents', async (t) => {
        const spec = await ok('explain', 'synctargets.spec');
        t.match(spec, /GROUP:\s+workload\.kcp\.io\nKIND:\s+SyncTarget\nVERSION:\s+v1alpha1/);
        t.match(spec, /FIELD: spec <SyncTargetSpec>/);
        t.match(spec, /unschedulable\s+<boolean>\n\s+cordon: no new Deployments are placed here/);
        const conditions = await ok('explain', 'st.status.conditions');
        t.match(conditions, /FIELD: conditions <\[\]Condition>[\s\S]*status\s+<string> -required-/);
        t.match(await ok('explain', 'placements.spec'), /syncTargetNames\s+<\[\]string>/);
        t.match(await ok('explain', 'overrides.spec.changes'), /image\s+<ImageOverride>[\s\S]*replicas\s+<integer>/);
      });

      await t.test('apply --validate=strict checks manifests on the server', async (t) => {
        const good = await dryRun(manifest('good.yaml', syncTargetYaml('{unschedulable: false}')));
        t.match(good.stdout, /synctarget\.workload\.kcp\.io\/north created \(server dry run\)/);
        const typo = await dryRun(manifest('typo.yaml', syncTargetYaml('{unschedulabel: true}')));
        t.not(typo.code, 0);
        t.match(typo.stderr, /strict decoding error: unknown field "spec\.unschedulabel"/);
        const wrongType = await dryRun(manifest('type.yaml', syncTargetYaml('{unschedulable: "yes"}')));
        t.match(wrongType.stderr, /spec\.unschedulable: Invalid value/);
        const deployment = await dryRun(manifest('deploy.yaml', DEPLOYMENT_YAML));
        const kept = 'fields the server keeps are not refused';
        t.match(deployment.stdout, /deployment\.apps\/api created \(server dry run\)/, kept);
      });
    });
  }
}
