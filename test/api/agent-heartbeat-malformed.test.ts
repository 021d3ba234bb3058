// Malformed heartbeats must be refused with a Status and change nothing.
import t from 'tap';
import { ST_PATH, storeSnapshot, testApp } from '../helpers/app.js';
import { conditionOf, readTarget, targetWithToken } from '../helpers/agents.js';

t.test('malformed heartbeats are refused with a Status and change nothing', async (t) => {
  const api = await testApp(t, { bodyLimit: 4096 });
  const token = await targetWithToken(api, 'edge-1');
  const before = await storeSnapshot(api.app);
  const cases: [string, number, { body?: unknown; raw?: string; type?: string }][] = [
    ['not JSON', 400, { raw: '{"syncerVersion": ' }],
    ['an array', 400, { raw: '[]' }],
    ['a string', 400, { raw: '"alive"' }],
    ['a number for a version', 422, { body: { syncerVersion: 5 } }],
    ['a number for a quantity', 422, { body: { capacity: { cpu: 8 } } }],
    ['a quantity that is not one', 422, { body: { capacity: { cpu: 'lots' } } }],
    ['capacity as a string', 422, { body: { capacity: '8 cores' } }],
    ['conditions as an object', 422, { body: { conditions: { SyncerAuthorized: 'True' } } }],
    ['a condition without status', 422, { body: { conditions: [{ type: 'SyncerAuthorized' }] } }],
    [
      'a condition status outside True/False/Unknown',
      422,
      { body: { conditions: [{ type: 'SyncerAuthorized', status: 'Maybe' }] } },
    ],
    ['a condition type with spaces', 422, { body: { conditions: [{ type: 'not a type', status: 'True' }] } }],
    ['Ready set by the agent', 422, { body: { conditions: [{ type: 'Ready', status: 'True' }] } }],
    [
      'HeartbeatHealthy set by the agent',
      422,
      { body: { conditions: [{ type: 'HeartbeatHealthy', status: 'True' }] } },
    ],
    [
      'a condition type twice',
      422,
      {
        body: {
          conditions: [
            { type: 'X', status: 'True' },
            { type: 'X', status: 'False' },
          ],
        },
      },
    ],
    ['text/plain', 415, { raw: '{}', type: 'text/plain' }],
    ['merge-patch', 415, { raw: '{}', type: 'application/merge-patch+json' }],
    [
      'too large',
      413,
      {
        raw: JSON.stringify({
          conditions: Array.from({ length: 60 }, (_, i) => ({
            type: `T${i}`,
            status: 'True',
            message: 'x'.repeat(100),
          })),
        }),
      },
    ],
    [
      'too many conditions',
      422,
      { body: { conditions: Array.from({ length: 65 }, (_, i) => ({ type: `T${i}`, status: 'True' })) } },
    ],
    ['a version too long', 422, { body: { syncerVersion: 'v'.repeat(257) } }],
  ];
  for (const [what, code, { body, raw, type }] of cases) {
    const reply = await api.call('POST', `${ST_PATH}/edge-1/heartbeat`, body, {
      token,
      rawBody: raw,
      contentType: type,
    });
    t.equal(reply.statusCode, code, what);
    t.match(reply.json, { apiVersion: 'v1', kind: 'Status', status: 'Failure', code }, `${what}: a Status`);
    if (code === 422) t.ok(reply.json.details.causes.length > 0, `${what}: causes name the field`);
  }
  const ready = await api.call(
    'POST',
    `${ST_PATH}/edge-1/heartbeat`,
    { conditions: [{ type: 'Ready', status: 'True' }] },
    { token },
  );
  t.match(ready.json.details.causes, [{ field: 'conditions[0].type', reason: 'FieldValueForbidden' }]);
  const quantity = await api.call('POST', `${ST_PATH}/edge-1/heartbeat`, { capacity: { cpu: 'lots' } }, { token });
  t.same(
    quantity.json.details.causes,
    [
      {
        reason: 'FieldValueInvalid',
        field: 'capacity.cpu',
        message: 'Invalid value: "lots": must be a Kubernetes quantity, such as 500m, 2, 1.5 or 4Gi',
      },
    ],
    'a bad quantity is explained, not answered with a regular expression',
  );
  t.equal(await storeSnapshot(api.app), before, 'nothing was written');
  const { status } = await readTarget(api, 'edge-1');
  t.notOk(status.lastSyncerHeartbeatTime, 'no heartbeat time was recorded');
  t.match(conditionOf({ status }, 'Ready'), { status: 'False', reason: 'NoHeartbeat' });
});
