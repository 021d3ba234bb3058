// Heartbeats across replicas: the agent talks to a follower, the leader runs the monitor. The
// follower flushes heartbeat times in batches; the leader reads them before it would time a
// target out, so a live agent is never declared silent, and a silent one still times out.
import t from 'tap';
import { request } from 'undici';
import { startReplicas } from '../helpers/replicas.js';
import { waitFor } from '../helpers/wait.js';

const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const BECAME_LEADER = /"msg":"became the leader"/;
// Long enough that a follower starved of CPU for a second still relays heartbeats in time.
const THRESHOLD = 4000;

t.test('a target whose agent talks only to a follower stays Ready, then times out when it stops', async (t) => {
  const args = [
    '--heartbeat-threshold',
    `${THRESHOLD}ms`,
    '--heartbeat-interval',
    '500ms',
    '--heartbeat-flush-interval',
    '250ms',
  ];
  const set = await startReplicas(t, 1, args);
  const leader = set.replicas[0]!;
  await waitFor(() => BECAME_LEADER.test(leader.server.output()), 'the first replica to lead');
  const follower = await set.add();

  t.equal((await leader.call('POST', ST, { metadata: { name: 'edge-1' } })).statusCode, 201);
  const { token } = (await leader.call('POST', `${ST}/edge-1/tokens`)).json;
  const heartbeat = async () => {
    const reply = await request(`${follower.server.url}${ST}/edge-1/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    await reply.body.dump();
    return reply.statusCode;
  };
  const ready = async (replica = leader) =>
    (await replica.call('GET', `${ST}/edge-1`)).json.status.conditions.find(
      (c: { type: string }) => c.type === 'Ready',
    );
  // The follower learns of edge-1 through the change feed; an agent retries until it does.
  await waitFor(async () => (await heartbeat()) === 200, 'the follower to accept the heartbeat');
  await waitFor(async () => (await ready()).status === 'True', 'Ready=True on the leader');

  // Three thresholds of heartbeats, every 500 ms, all to the follower.
  const until = Date.now() + 3 * THRESHOLD;
  const answers = new Set<number>();
  while (Date.now() < until) {
    answers.add(await heartbeat());
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  t.same([...answers], [200], 'every heartbeat was accepted');
  const stillReady = await ready();
  t.match(stillReady, { status: 'True', reason: 'HeartbeatHealthy' }, 'the leader never timed it out');
  const lastBeat = Date.now();
  const time = Date.parse((await leader.call('GET', `${ST}/edge-1`)).json.status.lastSyncerHeartbeatTime);
  t.ok(lastBeat - time < THRESHOLD, 'the leader shows a recent heartbeat time');

  const silent = await waitFor(
    async () => {
      const condition = await ready();
      return condition.status === 'Unknown' && condition;
    },
    'the silent target to time out',
    30_000,
  );
  t.match(silent, { reason: 'HeartbeatTimeout' });
  t.ok(Date.parse(silent.lastTransitionTime) - time >= THRESHOLD, 'not before the threshold');

  t.equal(await heartbeat(), 200);
  await waitFor(async () => (await ready(follower)).status === 'True', 'the follower to turn it Ready again');
  t.pass('Ready again after a heartbeat to the follower');
});
