// The real kubectl's `get -w` against a real `tmc server` over HTTPS, on SQLite and PostgreSQL:
// it lists, then watches from the list's resourceVersion, and prints ADDED, MODIFIED and DELETED
// as another client writes: SyncTargets as Table rows and as JSON events, Deployments of one
// namespace and of all, and a label selector that objects enter and leave.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ensureBinaries, goAvailable, missingBinaries } from '../cluster/binaries.js';
import { e2eMode } from '../cluster/e2e-state.js';
import { freshDatabase } from '../helpers/postgres.js';
import { testedStoreKinds } from '../helpers/stores.js';
import { ControlPlane, ST, deploymentsPath, until } from './control-plane.js';
import { kubectlFor } from './kubectl-env.js';

const MERGE = 'application/merge-patch+json';
const SYNC_TARGET = { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget' };
const target = (name: string, labels: Record<string, string> = {}) => ({
  ...SYNC_TARGET,
  metadata: { name, labels },
  spec: {},
});

interface Streaming {
  output(): string;
  /** The output's lines, the header left out, as "FIRST SECOND" columns. */
  rows(columns?: number): string[];
}

/** A long-running kubectl, killed when the test ends. */
function streaming(t: Test, bin: string, home: string, base: string[], argv: string[]): Streaming {
  // Nothing from the machine's environment, as kubectl-env.ts runs kubectl.
  const child: ChildProcess = spawn(bin, [...base, ...argv], { env: { PATH: process.env.PATH, HOME: home } });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  const rows = (columns = 2) =>
    text
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '')
      .map((line) => line.split(/\s+/).slice(0, columns).join(' '));
  return { output: () => text, rows };
}

/** The objects of concatenated, pretty-printed JSON documents (kubectl -w -o json). */
function jsonDocuments(text: string): any[] {
  const documents: any[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' && depth++ === 0) start = i;
    else if (c === '}' && --depth === 0) documents.push(JSON.parse(text.slice(start, i + 1)));
  }
  return documents;
}

const runnable = e2eMode() !== 'off' && (missingBinaries().length === 0 || (await goAvailable()));
if (!runnable && e2eMode() !== 'required') {
  t.plan(0, 'skipped: TMC_E2E=off, or no Go to build kubectl');
} else {
  t.setTimeout(600_000);
  const kubectlBin = (await ensureBinaries()).kubectl;
  for (const store of testedStoreKinds()) {
    await t.test(`kubectl get -w against tmc on ${store}`, async (t) => {
      const dir = t.testdir();
      const args = store === 'postgres' ? ['--database-url', await freshDatabase(t)] : [];
      // HTTPS with the server's own CA, through the kubeconfig it writes.
      const plane = await ControlPlane.start(t, { ownPki: true, args });
      // kubectlFor writes the kubeconfig this test's long-running kubectl processes use too.
      kubectlFor(kubectlBin, dir, { kubeconfig: plane.kubeconfig, namespace: 'shop' });
      const base = ['--kubeconfig', join(dir, 'kubeconfig.yaml'), '--cache-dir', join(dir, 'kube-cache')];
      const kubectl = (...argv: string[]) => streaming(t, kubectlBin, dir, base, argv);
      const shows = (what: string, probe: () => boolean) => until(what, async () => probe());

      await plane.ok('POST', ST, target('east', { env: 'prod' }));
      await plane.createDeployment('shop', 'web');
      const table = kubectl('get', 'st', '-w', '--output-watch-events');
      const json = kubectl('get', 'synctargets', '-w', '-o', 'json', '--output-watch-events');
      const prod = kubectl('get', 'st', '-w', '-l', 'env=prod', '--output-watch-events');
      const shop = kubectl('get', 'deploy', '-w', '--output-watch-events');
      const all = kubectl('get', 'deployments', '-A', '-w', '--output-watch-events');
      await shows(
        `the first rows:\n${table.output()}\n${shop.output()}\n${all.output()}`,
        () =>
          table.rows().length === 1 &&
          prod.rows().length === 1 &&
          shop.rows().length === 1 &&
          all.rows().length === 1 &&
          jsonDocuments(json.output()).length === 1,
      );

      await plane.ok('POST', ST, target('west'));
      await plane.ok('PATCH', `${ST}/west`, { metadata: { labels: { env: 'prod' } } }, MERGE);
      await plane.ok('PATCH', `${ST}/east`, { metadata: { labels: { env: 'dev' } } }, MERGE);
      await plane.ok('DELETE', `${ST}/west`);
      await plane.createDeployment('blog', 'api');
      await plane.ok('PATCH', `${deploymentsPath('shop')}/web`, { spec: { replicas: 3 } }, MERGE);
      await plane.ok('DELETE', `${deploymentsPath('shop')}/web`);

      await shows(`SyncTarget rows:\n${table.output()}`, () => table.rows().length === 5);
      t.same(table.rows(), ['ADDED east', 'ADDED west', 'MODIFIED west', 'MODIFIED east', 'DELETED west']);
      t.match(table.output().split('\n')[0], /^EVENT\s+NAME\s+READY\s+REASON\s+LAST HEARTBEAT\s+UNSCHEDULABLE\s+AGE/);
      await shows(`JSON events:\n${json.output()}`, () => jsonDocuments(json.output()).length === 5);
      const events = jsonDocuments(json.output());
      const expected = ['ADDED east', 'ADDED west', 'MODIFIED west', 'MODIFIED east', 'DELETED west'];
      t.same(
        events.map((e) => `${e.type} ${e.object.metadata.name}`),
        expected,
      );
      t.match(events[3].object, { ...SYNC_TARGET, metadata: { name: 'east', labels: { env: 'dev' } } });
      await shows(`selected rows:\n${prod.output()}`, () => prod.rows().length === 4);
      const selected = ['ADDED east', 'ADDED west', 'DELETED east', 'DELETED west'];
      t.same(prod.rows(), selected, 'entering and leaving the selection');
      await shows(`shop rows:\n${shop.output()}`, () => shop.rows().length === 3);
      t.same(shop.rows(), ['ADDED web', 'MODIFIED web', 'DELETED web']);
      await shows(`all rows:\n${all.output()}`, () => all.rows(3).length === 4);
      t.same(all.rows(3), ['ADDED shop web', 'ADDED blog api', 'MODIFIED shop web', 'DELETED shop web']);
    });
  }
}
