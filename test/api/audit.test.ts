// The audit log on both stores: one line per change and per refusal, naming who (a user, an
// agent, the break-glass admin), what (verb and object reference), the answer's code and the
// request id; reads and heartbeats only at level all; never a Secret's data or a token.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import type { Test } from 'tap';
import { ADMIN_TOKEN, ST_PATH, syncTarget, testApp, type TestApp } from '../helpers/app.js';
import { heartbeat } from '../helpers/agents.js';
import { CORE_PATH, REPORT_PATH, place } from '../helpers/placed-objects.js';
import { forEachStore } from '../helpers/stores.js';
import { as, bind, createUser, untilAllowed } from '../helpers/users.js';
import { createOk } from '../helpers/workloads.js';

const SECRET_VALUE = 'hunter2-audit-secret';
const secret = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db' },
  data: { password: Buffer.from(SECRET_VALUE).toString('base64') },
  stringData: { plain: SECRET_VALUE },
};

/** The audit file's events, each line parsed. */
const eventsIn = (path: string): any[] =>
  (existsSync(path) ? readFileSync(path, 'utf8') : '')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));

/** The events one request added: it must add exactly `count`. */
async function eventsOf(t: Test, path: string, count: number, send: () => Promise<{ headers: any }>): Promise<any[]> {
  const before = eventsIn(path).length;
  const reply = await send();
  const added = eventsIn(path).slice(before);
  t.equal(added.length, count, `${count} audit line(s)`);
  for (const event of added) t.equal(event.auditID, reply.headers['x-request-id'], 'named by the request id');
  return added;
}

async function setUp(t: Test, auditLevel: 'writes' | 'all') {
  const path = join(t.testdir(), 'audit', 'audit.log');
  const api: TestApp = await testApp(t, { auditLogPath: path, auditLevel });
  const alice = await createUser(api, 'alice', ['team-a']);
  await bind(api, 'alice-edit', 'edit', [{ kind: 'User', name: 'alice' }], 'team-a');
  await untilAllowed(api, alice, { verb: 'create', resource: 'secrets', namespace: 'team-a' });
  return { api, path, alice };
}

forEachStore(t, (t) => {
  t.test('a user create, a denied patch, an agent report and an admin delete: one line each', async (t) => {
    const { api, path, alice } = await setUp(t, 'writes');
    const [created] = await eventsOf(t, path, 1, () =>
      api.call('POST', CORE_PATH('secrets', 'team-a'), secret, as(alice)),
    );
    t.match(created, {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      stage: 'ResponseComplete',
      verb: 'create',
      user: { username: 'alice' },
      objectRef: { resource: 'secrets', namespace: 'team-a', name: 'db' },
      responseStatus: { code: 201 },
      requestURI: '/api/v1/namespaces/team-a/secrets',
    });
    t.same(created.user.groups.sort(), ['system:authenticated', 'team-a'].sort(), 'the user groups');
    t.notOk(created.objectRef.apiGroup, 'the core group is named by leaving it out');

    const [denied] = await eventsOf(t, path, 1, () =>
      api.call('PATCH', `${CORE_PATH('configmaps', 'team-b')}/cfg`, { data: { a: 'b' } }, as(alice)),
    );
    t.match(denied, {
      verb: 'patch',
      user: { username: 'alice' },
      responseStatus: { code: 403 },
      objectRef: { resource: 'configmaps', namespace: 'team-b', name: 'cfg' },
    });

    await eventsOf(t, path, 0, () => api.call('GET', CORE_PATH('secrets', 'team-a'), undefined, as(alice)));
    await createOk(api, ST_PATH, syncTarget('edge-1'));
    const agent = (await api.call('POST', `${ST_PATH}/edge-1/tokens`)).json.token as string;
    await eventsOf(t, path, 0, () => heartbeat(api, 'edge-1', agent));
    await createOk(api, CORE_PATH('configmaps'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } });
    await place(api, 'ConfigMap', 'cfg', ['edge-1']);
    const health = { state: 'Healthy', reason: 'Exists' };
    const report = { observedGeneration: 1, state: 'Applied', health, status: {} };
    const [reported] = await eventsOf(t, path, 1, () =>
      api.call('PUT', REPORT_PATH('edge-1', 'configmaps', 'default', 'cfg'), report, { token: agent }),
    );
    t.match(reported, {
      verb: 'update',
      responseStatus: { code: 200 },
      user: { username: 'system:agent:edge-1', groups: ['system:agents', 'system:authenticated'] },
      objectRef: { resource: 'configmaps', namespace: 'default', name: 'cfg', subresource: 'status' },
    });

    const [deleted] = await eventsOf(t, path, 1, () => api.call('DELETE', `${CORE_PATH('secrets', 'team-a')}/db`));
    t.match(deleted, {
      verb: 'delete',
      responseStatus: { code: 200 },
      user: { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] },
      objectRef: { resource: 'secrets', namespace: 'team-a', name: 'db' },
    });

    const [refused] = await eventsOf(t, path, 1, () =>
      api.call('DELETE', `${CORE_PATH('secrets', 'team-a')}/db`, undefined, { token: 'not-a-token' }),
    );
    t.match(refused, { user: { username: 'system:anonymous' }, responseStatus: { code: 401 } });

    await api.app.close();
    const text = readFileSync(path, 'utf8');
    for (const needle of [SECRET_VALUE, secret.data.password, alice, agent, ADMIN_TOKEN, 'not-a-token', 'Bearer']) {
      t.notOk(text.includes(needle), `no line carries ${needle.slice(0, 12)}…`);
    }
  });

  t.test('at level all, reads and heartbeats are recorded too', async (t) => {
    const { api, path, alice } = await setUp(t, 'all');
    const [read] = await eventsOf(t, path, 1, () =>
      api.call('GET', `${CORE_PATH('secrets', 'team-a')}?limit=1`, undefined, as(alice)),
    );
    t.match(read, {
      verb: 'list',
      user: { username: 'alice' },
      responseStatus: { code: 200 },
      requestURI: '/api/v1/namespaces/team-a/secrets',
    });
    await createOk(api, ST_PATH, syncTarget('edge-1'));
    const agent = (await api.call('POST', `${ST_PATH}/edge-1/tokens`)).json.token as string;
    const [beat] = await eventsOf(t, path, 1, () => heartbeat(api, 'edge-1', agent));
    t.match(beat, {
      verb: 'create',
      user: { username: 'system:agent:edge-1' },
      objectRef: { resource: 'synctargets', name: 'edge-1', subresource: 'heartbeat', apiGroup: 'workload.kcp.io' },
    });
  });
});

t.test('at level none nothing is recorded', async (t) => {
  const path = join(t.testdir(), 'audit.log');
  const api = await testApp(t, { auditLogPath: path, auditLevel: 'none' });
  await api.call('POST', ST_PATH, syncTarget('edge-1'));
  t.notOk(existsSync(path), 'no audit file');
});

t.test('at level all every heartbeat over a real connection is recorded (the fast path is off)', async (t) => {
  const dataDir = t.testdir();
  const path = join(dataDir, 'audit.log');
  const api = await testApp(t, { dataDir, auditLogPath: path, auditLevel: 'all' });
  await createOk(api, ST_PATH, syncTarget('edge-1'));
  const agent = (await api.call('POST', `${ST_PATH}/edge-1/tokens`)).json.token as string;
  const url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const before = eventsIn(path).length;
  // The first one warms the agent token's cache: the fast path takes only cached tokens.
  const beat = () =>
    fetch(`${url}${ST_PATH}/edge-1/heartbeat`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent}`, 'content-type': 'application/json' },
      body: '{}',
    });
  const answers = [await beat(), await beat(), await beat()];
  t.same(
    answers.map((answer) => answer.status),
    [200, 200, 200],
  );
  const added = eventsIn(path).slice(before);
  t.equal(added.length, 3, 'one line each');
  t.match(added[2], {
    verb: 'create',
    user: { username: 'system:agent:edge-1' },
    sourceIPs: ['127.0.0.1'],
    auditID: answers[2]!.headers.get('x-request-id'),
    objectRef: { subresource: 'heartbeat' },
  });
});
