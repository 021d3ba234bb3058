// `kubectl diff` against a real `tmc server` over HTTPS: kubectl sends each manifest as a
// server-side dry-run apply and compares the answer with the stored object, so the exit code
// is 0 only when the server's dry run changes nothing, and 1 (with a unified diff) when it does.
import { accessSync, constants, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { binaryDir, ensureBinaries, goAvailable, missingBinaries } from '../cluster/binaries.js';
import { e2eMode } from '../cluster/e2e-state.js';
import { ControlPlane, ST, deploymentsPath } from './control-plane.js';
import { kubectlFor } from './kubectl-env.js';

const syncTarget = (unschedulable: boolean) =>
  [
    'apiVersion: workload.kcp.io/v1alpha1',
    'kind: SyncTarget',
    'metadata: {name: north, labels: {tier: edge}}',
    `spec: {unschedulable: ${unschedulable}}`,
    '',
  ].join('\n');
const deployment = (image: string, replicas: number) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: {name: web, namespace: shop}',
    'spec:',
    `  replicas: ${replicas}`,
    '  selector: {matchLabels: {app: web}}',
    '  template:',
    '    metadata: {labels: {app: web}}',
    `    spec: {containers: [{name: web, image: "${image}"}]}`,
    '',
  ].join('\n');

const kubectlPath = join(binaryDir(), 'kubectl');
const built = (() => {
  try {
    accessSync(kubectlPath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
})();
const runnable = e2eMode() !== 'off' && (built || missingBinaries().length === 0 || (await goAvailable()));
if (!runnable && e2eMode() !== 'required') {
  t.plan(0, 'skipped: TMC_E2E=off, or no Go to build kubectl');
} else {
  t.setTimeout(600_000);
  const kubectlBin = built ? kubectlPath : (await ensureBinaries()).kubectl;
  // The store does not change what a dry run answers; SQLite is enough here.
  const dir = t.testdir();
  const plane = await ControlPlane.start(t, { ownPki: true });
  const { run, ok } = kubectlFor(kubectlBin, dir, { kubeconfig: plane.kubeconfig, namespace: 'shop' });
  const manifest = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const diff = (file: string) => run('diff', '-f', file);

  await t.test('a SyncTarget: 0 when it matches, 1 with a diff when it does not', async (t) => {
    const same = manifest('north.yaml', syncTarget(false));
    const before = await diff(same);
    t.equal(before.code, 1, `not stored yet: ${before.stderr}`);
    t.match(before.stdout, /\+\s+name: north/, 'the whole object is new');
    await ok('apply', '--server-side', '-f', same);
    const stored = await plane.ok('GET', `${ST}/north`);
    const unchanged = await diff(same);
    t.equal(unchanged.code, 0, `matches what is stored: ${unchanged.stdout}${unchanged.stderr}`);
    t.equal(unchanged.stdout, '');
    const changed = await diff(manifest('north-changed.yaml', syncTarget(true)));
    t.equal(changed.code, 1, changed.stderr);
    t.match(changed.stdout, /-\s+unschedulable: false/);
    t.match(changed.stdout, /\+\s+unschedulable: true/);
    const after = await plane.ok('GET', `${ST}/north`);
    t.equal(after.metadata.resourceVersion, stored.metadata.resourceVersion, 'diff changed nothing');
    t.equal(after.spec.unschedulable, false);
  });

  await t.test('a Deployment: 0 when it matches, 1 with a diff when it does not', async (t) => {
    const same = manifest('web.yaml', deployment('nginx:1.27', 2));
    await ok('apply', '-f', same);
    const stored = await plane.ok('GET', `${deploymentsPath('shop')}/web`);
    const unchanged = await diff(same);
    t.equal(unchanged.code, 0, `matches what is stored: ${unchanged.stdout}${unchanged.stderr}`);
    t.equal(unchanged.stdout, '');
    const changed = await diff(manifest('web-changed.yaml', deployment('nginx:1.28', 3)));
    t.equal(changed.code, 1, changed.stderr);
    t.match(changed.stdout, /-\s+- image: nginx:1\.27/);
    t.match(changed.stdout, /\+\s+- image: nginx:1\.28/);
    t.match(changed.stdout, /-\s+replicas: 2/);
    t.match(changed.stdout, /\+\s+replicas: 3/);
    const after = await plane.ok('GET', `${deploymentsPath('shop')}/web`);
    t.equal(after.metadata.resourceVersion, stored.metadata.resourceVersion, 'diff changed nothing');
  });
}
