// The kcp mirror's Mirrored condition lives in the record beside the agent's conditions: an
// agent's report must neither drop it nor count it as a change (or every heartbeat of an agent
// that reports conditions would be a store write), and an agent may not set it.
import t from 'tap';
import { recordMirrored } from '../../../src/kcp/mirrored-condition.js';
import { ST_PATH, testApp } from '../../helpers/app.js';
import { conditionOf, heartbeat, readTarget, targetWithToken } from '../../helpers/agents.js';

const report = {
  syncerVersion: 'v1',
  conditions: [{ type: 'DownstreamReachable', status: 'True', reason: 'VersionRead' }],
};

t.test('heartbeats that report conditions keep Mirrored and stay coalesced', async (t) => {
  const api = await testApp(t);
  const token = await targetWithToken(api, 'edge');
  t.equal((await heartbeat(api, 'edge', token, report)).statusCode, 200);
  const record = await api.app.store.get({ kind: 'SyncTarget', namespace: '', name: 'edge' });
  t.ok(
    await recordMirrored(api.app.store, record!, { status: 'True', reason: 'Mirrored', message: 'kcp shows it' }),
    'written',
  );
  const before = await readTarget(api, 'edge');

  for (let i = 0; i < 3; i++) t.equal((await heartbeat(api, 'edge', token, report)).statusCode, 200);
  const after = await readTarget(api, 'edge');
  t.equal(after.metadata.resourceVersion, before.metadata.resourceVersion, 'the same report again writes nothing');
  t.match(conditionOf(after, 'Mirrored'), { status: 'True', reason: 'Mirrored' });

  const changed = { conditions: [{ type: 'DownstreamReachable', status: 'False', reason: 'RequestFailed' }] };
  t.equal((await heartbeat(api, 'edge', token, changed)).statusCode, 200);
  const reported = await readTarget(api, 'edge');
  t.match(conditionOf(reported, 'DownstreamReachable'), { status: 'False' });
  t.match(conditionOf(reported, 'Mirrored'), { status: 'True' }, 'a new report replaces the agent conditions only');
});

t.test('recordMirrored writes only changes and moves lastTransitionTime only with the status', async (t) => {
  const api = await testApp(t);
  await targetWithToken(api, 'edge');
  const read = () => api.app.store.get({ kind: 'SyncTarget', namespace: '', name: 'edge' }).then((o) => o!);
  const down = { status: 'False' as const, reason: 'KcpUnreachable', message: 'connect ECONNREFUSED' };
  t.ok(await recordMirrored(api.app.store, await read(), down));
  const first = conditionOf(await read(), 'Mirrored');
  t.notOk(await recordMirrored(api.app.store, await read(), down), 'unchanged: not written');
  t.ok(await recordMirrored(api.app.store, await read(), { ...down, message: 'kcp did not answer in time' }));
  t.equal(
    conditionOf(await read(), 'Mirrored')?.lastTransitionTime,
    first?.lastTransitionTime,
    'same status: same transition time',
  );
  t.ok(await recordMirrored(api.app.store, await read(), { status: 'True', reason: 'Mirrored', message: 'ok' }));
  t.match(conditionOf(await read(), 'Ready'), { reason: 'NoHeartbeat' }, 'the other conditions stay');
});

t.test('an agent may not set Mirrored', async (t) => {
  const api = await testApp(t);
  const token = await targetWithToken(api, 'edge');
  const reply = await heartbeat(api, 'edge', token, { conditions: [{ type: 'Mirrored', status: 'True' }] });
  t.equal(reply.statusCode, 422);
  t.match(reply.json.details.causes, [{ field: 'conditions[0].type', reason: 'FieldValueForbidden' }]);
  t.equal((await api.call('GET', `${ST_PATH}/edge`)).statusCode, 200);
});
