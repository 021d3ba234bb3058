// The app as leader lists each kind once at start: the SyncTarget index, the agents' feed, the
// heartbeat monitor, the scheduler and the kcp mirror share one informer per kind (before, the
// leader listed SyncTargets three times and Deployments twice). A controller that stops and
// starts again with leadership attaches to the same caches, without listing again.
import { join } from 'node:path';
import { pino } from 'pino';
import t from 'tap';
import { prepareCreate } from '../../../src/api/resources/object-lifecycle.js';
import { deploymentResource } from '../../../src/api/resources/deployments.js';
import { placementResource } from '../../../src/api/resources/placements.js';
import { syncTargetResource } from '../../../src/api/resources/synctargets.js';
import { ACCESS_KINDS } from '../../../src/schemas/access.js';
import { HELD_ITEM_KIND } from '../../../src/schemas/change-hold.js';
import { CRD_KIND } from '../../../src/schemas/crd.js';
import { KINDS } from '../../../src/schemas/kinds.js';
import type { KubeObject } from '../../../src/schemas/meta.js';
import { type LeaderElector, LeadershipState } from '../../../src/store/leader-election.js';
import { syncTarget, testApp } from '../../helpers/app.js';
import { countingLists } from '../../helpers/counting-store.js';
import { silentLog, sqliteFixture } from '../../helpers/stores.js';
import { waitFor } from '../../helpers/wait.js';
import { DEPLOY_PATH, createOk, deployment, heartbeat, placement, waitPlaced } from '../../helpers/workloads.js';
import { unreachableKcpKubeconfig } from '../../helpers/kcp-kubeconfig.js';

/** Leadership the test hands out and takes back. */
class SwitchedLeader implements LeaderElector {
  private readonly state = new LeadershipState(silentLog, 'test');
  async start(): Promise<void> {
    this.state.set(true);
  }
  isLeader(): boolean {
    return this.state.isLeader;
  }
  onChange(listener: (leader: boolean) => void): () => void {
    return this.state.subscribe(listener);
  }
  async stop(): Promise<void> {
    this.state.set(false);
  }
  set(leader: boolean): void {
    this.state.set(leader);
  }
}

t.test('the leader lists each kind once at start, and not again when leadership comes back', async (t) => {
  const store = await (await sqliteFixture(t)).open();
  const create = (def: typeof syncTargetResource, object: unknown, namespace?: string) =>
    store.create(prepareCreate(def, object as KubeObject, namespace));
  await create(syncTargetResource, syncTarget('edge-1', { pool: 'edge' }));
  const edge = placement('edge', { syncTargetSelector: { matchLabels: { pool: 'edge' } } });
  await create(placementResource, edge, 'default');
  await create(deploymentResource, deployment('web'), 'default');

  const counting = countingLists(store);
  const lines: string[] = [];
  const loggerInstance = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
  const logged = (msg: string, task: string) =>
    lines.filter((l) => l.includes(`"msg":"leader task ${msg}"`) && l.includes(`"task":"${task}"`)).length;
  const started = (task: string) => logged('started', task);
  const stopped = (task: string) => logged('stopped', task);
  const leader = new SwitchedLeader();
  const dir = t.testdir();
  const config = { dataDir: join(dir, 'data'), kcpKubeconfig: unreachableKcpKubeconfig(dir) };
  const app = await testApp(t, config, { store: counting.store, leader, loggerInstance });
  await app.app.ready();
  const tasks = ['heartbeat-monitor', 'scheduler', 'kcp-mirror'];
  await waitFor(() => tasks.every((task) => started(task) === 1), 'the leader tasks to start');
  await heartbeat(app, 'edge-1');
  await waitPlaced(app, 'web', ['edge-1']);
  // Every kind has an informer (the scheduler places every kind; RBAC reads the access kinds);
  // Secrets are listed once more, by no informer: the start checks the keys open every stored Secret.
  // The feed's held copies (suspend, change windows) by no informer either: the feed reads them once
  // at start, and the key check reads them too (a held Secret is sealed).
  const kinds = [...KINDS.map((k) => k.kind), ...ACCESS_KINDS, CRD_KIND];
  const once = { ...Object.fromEntries(kinds.map((kind) => [kind, 1])), Secret: 2, [HELD_ITEM_KIND]: 2 };
  t.same(counting.lists, once, 'one list per kind, for every reader');

  leader.set(false);
  await waitFor(() => tasks.every((task) => stopped(task) === 1), 'the leader tasks to stop');
  // Written while no controller runs: the scheduler must find it in the caches when it starts again.
  await createOk(app, DEPLOY_PATH(), deployment('api'));
  leader.set(true);
  await waitFor(() => tasks.every((task) => started(task) === 2), 'the leader tasks to start again');
  await waitPlaced(app, 'api', ['edge-1']);
  t.same(counting.lists, once, 'no list when leadership comes back');
});
