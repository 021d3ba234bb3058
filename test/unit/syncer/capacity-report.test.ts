// The heartbeat's capacity: summed node figures and free pods (allocatable pods less the pods not
// finished), read at most once per refresh interval, and sent only until the control plane has
// taken them, and again when they change.
import t from 'tap';
import { CapacityReport } from '../../../src/syncer/downstream/capacity-report.js';
import { podsOf } from '../../../src/syncer/downstream/cluster-info.js';

function cluster() {
  const state = {
    nodes: [
      { status: { capacity: { cpu: '4', pods: '110' }, allocatable: { cpu: '3500m', memory: '8Gi', pods: '110' } } },
      { status: { capacity: { cpu: '2', pods: '110' }, allocatable: { cpu: '2', memory: '4Gi', pods: '100' } } },
    ],
    pods: 30,
    reads: 0,
    queries: [] as unknown[],
  };
  const client = {
    call: async <T>(_method: string, path: string, options: { query?: Record<string, unknown> } = {}): Promise<T> => {
      state.reads++;
      state.queries.push({ path, ...options.query });
      if (path === '/api/v1/nodes') return { items: state.nodes, metadata: {} } as T;
      // Two pages, as a large cluster answers.
      const half = Math.ceil(state.pods / 2);
      const first = options.query?.continue === undefined;
      const items = Array.from({ length: first ? half : state.pods - half }, () => ({}));
      return { items, metadata: first ? { continue: 'next' } : {} } as T;
    },
  };
  return { state, client };
}

t.test('sums the nodes and counts free pods, paging, without finished pods', async (t) => {
  const { state, client } = cluster();
  const report = await new CapacityReport(client, 30_000, () => 0).report();
  t.same(report, {
    capacity: { cpu: '6', pods: '220' },
    allocatable: { cpu: '5500m', memory: '12Gi', pods: '210' },
    freePods: 180,
  });
  t.match(state.queries[1], { path: '/api/v1/pods', fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed' });
  t.equal(state.queries.length, 3, 'nodes, then two pages of pods');
});

t.test('sent until taken, then nothing, and again when a figure changes', async (t) => {
  const { state, client } = cluster();
  let now = 0;
  const capacity = new CapacityReport(client, 30_000, () => now);
  const first = await capacity.report();
  t.equal((await capacity.report()).freePods, 180, 'not taken yet: sent again');
  capacity.ack({});
  t.ok((await capacity.report()).capacity, 'a heartbeat without the figures acknowledges nothing');
  capacity.ack(first);
  t.same(await capacity.report(), {}, 'taken: the heartbeat carries none');
  t.equal(state.reads, 3, 'read once within the refresh interval');

  now = 30_000;
  t.same(await capacity.report(), {}, 'read again, unchanged: still none');
  t.equal(state.reads, 6);
  state.pods = 200;
  now = 60_000;
  const changed = await capacity.report();
  t.equal(changed.freePods, 10, 'a change is sent');
  capacity.ack(changed);
  state.pods = 300;
  now = 90_000;
  t.equal((await capacity.report()).freePods, 0, 'more pods than allocatable: none free, never negative');
});

t.test('allocatable pods as whole pods', async (t) => {
  t.equal(podsOf('110'), 110);
  t.equal(podsOf('1k'), 1000);
  t.equal(podsOf(undefined), undefined);
  t.equal(podsOf('many'), undefined);
});
