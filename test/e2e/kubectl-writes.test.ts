// The built kubectl's writes against a real `tmc server` over HTTPS, on SQLite and on
// PostgreSQL: server-side dry runs, field validation (a Warning for an unknown field,
// --validate=strict refusing it), `kubectl scale`, status patches, `delete -f`, delete by
// label, and deletecollection through `kubectl delete --raw`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { testedStoreKinds } from '../helpers/stores.js';
import { ST, deploymentsPath } from './control-plane.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const LABELS = { app: 'web' };
const WEB = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec: {
    replicas: 1,
    selector: { matchLabels: LABELS },
    template: { metadata: { labels: LABELS }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
  },
};
const syncTargetYaml = (name: string, spec: string, labels = '{}') =>
  [
    'apiVersion: workload.kcp.io/v1alpha1',
    'kind: SyncTarget',
    `metadata: {name: ${name}, labels: ${labels}}`,
    `spec: ${spec}`,
    '',
  ].join('\n');

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  for (const store of testedStoreKinds()) {
    await t.test(`kubectl writes to tmc on ${store}`, async (t) => {
      const { dir, plane, run, ok } = await kubectlOnTmc(t, kubectlBin, store);
      const manifest = (name: string, text: string) => {
        writeFileSync(join(dir, name), text);
        return join(dir, name);
      };
      const names = async () =>
        (await plane.ok('GET', ST)).items.map((o: { metadata: { name: string } }) => o.metadata.name);
      await plane.ok('POST', deploymentsPath('shop'), WEB);

      await t.test('create --dry-run=server checks with the server and writes nothing', async (t) => {
        const file = manifest('north.yaml', syncTargetYaml('north', '{unschedulable: true}'));
        const dry = await ok('create', '--dry-run=server', '-f', file);
        t.match(dry, /synctarget\.workload\.kcp\.io\/north created \(server dry run\)/);
        t.same(await names(), [], 'nothing written');
        const bad = await run(
          'create',
          '--dry-run=server',
          '-f',
          manifest('bad.yaml', syncTargetYaml('Bad_Name', '{}')),
        );
        t.not(bad.code, 0);
        t.match(bad.stderr, /is invalid: metadata\.name/, 'the dry run validates');
        const west = await plane.ok('POST', ST, { metadata: { name: 'west' } });
        t.match(await ok('delete', 'st', 'west', '--dry-run=server'), /"west" deleted \(server dry run\)/);
        t.equal(
          (await plane.ok('GET', `${ST}/west`)).metadata.resourceVersion,
          west.metadata.resourceVersion,
          'still there, unchanged',
        );
      });

      await t.test('an unknown field: a Warning with --validate=warn, refused with --validate=strict', async (t) => {
        const typo = manifest('typo.yaml', syncTargetYaml('south', '{unschedulabel: true}'));
        const strict = await run('create', '--validate=strict', '-f', typo);
        t.not(strict.code, 0);
        t.match(strict.stderr, 'Error from server (BadRequest): error when creating');
        t.match(
          strict.stderr,
          'SyncTarget in version "v1alpha1" cannot be handled as a SyncTarget: ' +
            'strict decoding error: unknown field "spec.unschedulabel"',
        );
        t.notOk((await names()).includes('south'), 'nothing written');
        const warned = await run('create', '--validate=warn', '-f', typo);
        t.equal(warned.code, 0, warned.stderr);
        t.match(warned.stderr, 'Warning: unknown field "spec.unschedulabel"');
        t.match(warned.stdout, /synctarget\.workload\.kcp\.io\/south created/);
        t.same((await plane.ok('GET', `${ST}/south`)).spec, { unschedulable: false }, 'the unknown field was dropped');
      });

      await t.test('scale sets the replicas through deployments/scale', async (t) => {
        t.match(await ok('scale', 'deploy', 'web', '--replicas', '3'), /deployment\.apps\/web scaled/);
        t.equal(await ok('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'), '3');
        t.match(
          await ok('scale', 'deploy/web', '--current-replicas=3', '--replicas=4'),
          /scaled/,
          'with a precondition',
        );
        const wrong = await run('scale', 'deploy/web', '--current-replicas=1', '--replicas=5');
        t.not(wrong.code, 0, 'a precondition that does not hold');
        t.equal((await plane.ok('GET', `${deploymentsPath('shop')}/web`)).spec.replicas, 4);
      });

      await t.test('the status subresource is patched on its own', async (t) => {
        await ok(
          'patch',
          'st',
          'south',
          '--subresource=status',
          '--type=merge',
          '-p',
          '{"status":{"syncerVersion":"v9.9.9"}}',
        );
        const object = await plane.ok('GET', `${ST}/south`);
        t.equal(object.status.syncerVersion, 'v9.9.9');
        t.equal(object.metadata.generation, 1, 'the spec did not change');
        t.match(await ok('get', 'st', 'south', '--subresource=status', '-o', 'yaml'), /syncerVersion: v9\.9\.9/);
      });

      await t.test('delete -f, delete by label, and deletecollection', async (t) => {
        const north = manifest('north.yaml', syncTargetYaml('north', '{}', '{tier: edge}'));
        await ok('create', '-f', north);
        await plane.ok('POST', ST, { metadata: { name: 'east', labels: { tier: 'edge' } } });
        await plane.ok('POST', ST, { metadata: { name: 'other', labels: { tier: 'core' } } });
        t.match(await ok('delete', '-f', north), /synctarget\.workload\.kcp\.io "north" deleted/);
        t.match(await ok('delete', 'synctargets', '-l', 'tier=edge'), /"east" deleted/);
        t.same((await names()).sort(), ['other', 'south', 'west']);
        await ok('delete', '--raw', '/apis/workload.kcp.io/v1alpha1/synctargets?labelSelector=tier%3Dcore');
        t.same((await names()).sort(), ['south', 'west'], 'deletecollection deleted what the selector matched');
      });
    });
  }
}
