// Heartbeat bodies on the fast path: what the route would refuse is refused here too, and a
// target's repeated body is not parsed again (the same report comes back, which is also what
// lets Heartbeats skip comparing it with an unchanged status).
import t from 'tap';
import { HeartbeatBodies } from '../../../src/api/agent/heartbeat-bodies.js';

const bytes = (text: string) => Buffer.from(text);
const BODY = '{"syncerVersion":"v1","capacity":{"cpu":"2"}}';

t.test('the same bytes from the same target give back the report parsed the first time', async (t) => {
  const bodies = new HeartbeatBodies();
  const first = bodies.accepted('edge-1', bytes(BODY));
  t.same(first, { syncerVersion: 'v1', capacity: { cpu: '2' } });
  t.equal(bodies.accepted('edge-1', bytes(BODY)), first, 'not parsed again');
  t.not(bodies.accepted('edge-2', bytes(BODY)), first, 'another target keeps its own');
  const changed = bodies.accepted('edge-1', bytes('{"syncerVersion":"v2"}'));
  t.same(changed, { syncerVersion: 'v2' });
  t.not(bodies.accepted('edge-1', bytes(BODY)), first, 'only the last body is kept');
});

t.test("forget drops a target's body", async (t) => {
  const bodies = new HeartbeatBodies();
  const first = bodies.accepted('edge-1', bytes(BODY));
  bodies.forget('edge-1');
  const again = bodies.accepted('edge-1', bytes(BODY));
  t.same(again, first);
  t.not(again, first, 'parsed anew');
});

t.test('bodies the route would refuse or must judge are not accepted, and do not replace the last one', async (t) => {
  const bodies = new HeartbeatBodies();
  const first = bodies.accepted('edge-1', bytes(BODY));
  for (const body of [
    '{"syncerVersion":',
    '[1]',
    '{"capacity":{"cpu":"lots"}}',
    '{"conditions":[{"type":"Ready","status":"True"}]}',
    '{"__proto__":{"x":1}}',
    '{"capacity":{"\\u005f_proto__":"1"}}',
  ])
    t.equal(bodies.accepted('edge-1', bytes(body)), undefined, body);
  t.equal(bodies.accepted('edge-1', bytes(BODY)), first);
});
