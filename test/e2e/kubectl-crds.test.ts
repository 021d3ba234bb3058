// Custom resources through the real kubectl against a real `tmc server`, on SQLite and on
// PostgreSQL: `kubectl apply -f crd.yaml`, then `kubectl apply -f cr.yaml` (kubectl finds the new
// kind by discovery, no restart), `kubectl get widgets` with the printer columns, a schema refusal,
// and the definition's delete refused while a Widget is left.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { parse, stringify } from 'yaml';
import { testedStoreKinds } from '../helpers/stores.js';
import { widget, widgetCrd } from '../api/custom-resources-setup.js';
import { waitFor } from '../helpers/wait.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  for (const store of testedStoreKinds()) {
    await t.test(`kubectl applies a CRD and its custom resources to tmc on ${store}`, async (t) => {
      const { dir, run, ok } = await kubectlOnTmc(t, kubectlBin, store);
      const crdFile = join(dir, 'crd.yaml');
      writeFileSync(crdFile, stringify(widgetCrd()));
      t.match(
        await ok('apply', '-f', crdFile),
        'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created',
      );
      t.match(await ok('get', 'crd'), /widgets\.example\.com/);

      const crFile = join(dir, 'cr.yaml');
      writeFileSync(crFile, stringify(widget('small', { size: 2, color: 'blue' })));
      // As against a cluster: the kind is served once the definition is Established.
      await waitFor(async () => (await run('apply', '-f', crFile)).code === 0, 'kubectl apply of a Widget');
      const listed = await ok('get', 'widgets');
      t.match(listed, /^NAME\s+SIZE\s+AGE\nsmall\s+2\s+\d+s\n/, 'printer columns');
      t.match(await ok('get', 'wd', '-o', 'wide'), /NAME\s+SIZE\s+COLOR\s+AGE\nsmall\s+2\s+blue/, 'short name, wide');
      const read = parse(await ok('get', 'widget', 'small', '-o', 'yaml'));
      t.match(read, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { namespace: 'shop' } });

      writeFileSync(crFile, stringify(widget('small', { size: 4, color: 'blue' })));
      t.match(await ok('apply', '-f', crFile), 'widget.example.com/small configured');
      t.equal(parse(await ok('get', 'widget', 'small', '-o', 'yaml')).spec.size, 4);

      const badFile = join(dir, 'bad.yaml');
      writeFileSync(badFile, stringify(widget('bad', { size: 0 })));
      const bad = await run('apply', '-f', badFile);
      t.not(bad.code, 0);
      t.match(bad.stderr, /spec\.size: Invalid value/);

      const refused = await run('delete', '-f', crdFile);
      t.not(refused.code, 0, 'a Widget is left');
      t.match(refused.stderr, /objects of widgets\.example\.com are left/);
      t.match(await ok('delete', '-f', crFile), 'widget.example.com "small" deleted');
      t.match(await ok('delete', '-f', crdFile), 'deleted');
    });
  }
}
