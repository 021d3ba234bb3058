// Strings PostgreSQL cannot keep: a NUL character or an unpaired UTF-16 surrogate, in any
// string or key of any body, is refused at the door with a 422 naming the field, on both stores
// alike, and the object it was meant for stays writable by its agent, the admin and the
// controllers. (On PostgreSQL one such heartbeat used to make a SyncTarget unwritable for good,
// and one agent's status report a Deployment's status for every agent.)
import t from 'tap';
import { ST_PATH, expectRefusals, storeSnapshot, syncTarget, testApp } from '../helpers/app.js';
import { eventually, readyOf, targetWithToken } from '../helpers/agents.js';
import { causeFields, isStatus, listen } from '../helpers/http.js';
import { forEachStore, testedStoreKinds } from '../helpers/stores.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  placement,
  waitPlaced,
} from '../helpers/workloads.js';
import { StoreError } from '../../src/store/types.js';

const HEARTBEAT = (name: string) => `${ST_PATH}/${name}/heartbeat`;

/** Raw heartbeat bodies (JSON escapes as sent) and the field each answer must name. */
const POISONED_HEARTBEATS: [string, string][] = [
  ['{"syncerVersion":"x\\u0000y"}', 'syncerVersion'],
  ['{"syncerVersion":"x\\ud800y"}', 'syncerVersion'],
  ['{"kubernetesVersion":"\\udc00"}', 'kubernetesVersion'],
  ['{"capacity":{"c\\u0000pu":"8"}}', 'capacity["c\\u0000pu"]'],
  ['{"allocatable":{"cpu":"\\udfff\\ud800"}}', 'allocatable.cpu'],
  ['{"conditions":[{"type":"Synced","status":"True","message":"\\u0000"}]}', 'conditions[0].message'],
  ['{"fromANewerAgent":"\\u0000"}', 'fromANewerAgent'],
  ['{"\\u0000":1}', '["\\u0000"]'],
];

/** Each refusal's answer per store: both stores must answer alike. */
const answers = new Map<string, Map<string, string>>();
const remember = (kind: string, title: string, body: string) => {
  const seen = answers.get(title) ?? new Map<string, string>();
  answers.set(title, seen.set(kind, body));
};

forEachStore(t, (t, kind) => {
  t.test('a heartbeat with a NUL or lone surrogate is refused; the target stays writable', async (t) => {
    const api = await testApp(t, { heartbeatIntervalMs: 250, heartbeatThresholdMs: 1500 });
    const http = await listen(api);
    const token = await targetWithToken(api, 'edge-1');
    t.equal((await http.send('POST', HEARTBEAT('edge-1'), '{"syncerVersion":"v1"}', { token })).statusCode, 200);
    for (const [body, field] of POISONED_HEARTBEATS) {
      // A clean heartbeat first: the monitor must not time the target out while this case runs.
      t.equal((await http.send('POST', HEARTBEAT('edge-1'), '{"syncerVersion":"v1"}', { token })).statusCode, 200);
      const before = await storeSnapshot(api.app);
      // Twice: the first may be read by the route, the second by the fast path (the token is cached).
      for (const attempt of [1, 2]) {
        const answer = await http.send('POST', HEARTBEAT('edge-1'), body, { token });
        isStatus(t, answer, 422, 'Invalid', `${body} (${attempt})`);
        t.same(causeFields(answer), [field], `${body}: names ${field}`);
        remember(kind, `heartbeat ${body}`, answer.body);
      }
      t.equal(await storeSnapshot(api.app), before, `${body}: nothing was written`);
    }
    const next = '{"syncerVersion":"v2","conditions":[{"type":"Synced","status":"True"}]}';
    const clean = await http.send('POST', HEARTBEAT('edge-1'), next, { token });
    t.equal(clean.statusCode, 200, `the agent's next heartbeat is taken: ${clean.body}`);
    const patched = await http.send('PATCH', `${ST_PATH}/edge-1`, '{"metadata":{"labels":{"region":"eu"}}}');
    t.equal(patched.statusCode, 200, `the admin can write the target: ${patched.body}`);
    t.equal(patched.json.status.syncerVersion, 'v2');
    // Silence: the heartbeat monitor's write marks the target not Ready.
    const notReady = async () => ((await readyOf(api, 'edge-1')).status !== 'True' ? true : undefined);
    await eventually(notReady, 'the monitor to mark edge-1 not Ready');
  });

  t.test("an agent's report with a NUL is refused; the other agents and the scheduler still write", async (t) => {
    const api = await testApp(t);
    const http = await listen(api);
    const tokens: Record<string, string> = {};
    for (const name of ['a', 'b']) {
      tokens[name] = await targetWithToken(api, name);
      t.equal((await http.send('POST', HEARTBEAT(name), '{}', { token: tokens[name] })).statusCode, 200);
    }
    await createOk(api, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
    await createOk(api, DEPLOY_PATH(), deployment('web', {}, { replicas: 2 }));
    await waitPlaced(api, 'web', ['a', 'b']);
    const report = (message: string) =>
      `{"observedGeneration":1,"state":"Error","message":"${message}","status":{"replicas":1}}`;
    for (const [message, what] of [
      ['quota\\u0000', 'NUL'],
      ['\\ud83d', 'a lone high surrogate'],
    ]) {
      const refused = await http.send('PUT', STATUS_PATH('a', 'default', 'web'), report(message), { token: tokens.a });
      isStatus(t, refused, 422, 'Invalid', `a report whose message holds ${what}`);
      t.same(causeFields(refused), ['message']);
      t.match(refused.json.details, { kind: 'Deployment', name: 'web' });
      remember(kind, `report ${message}`, refused.body);
    }
    for (const name of ['b', 'a']) {
      const path = STATUS_PATH(name, 'default', 'web');
      const reported = await http.send('PUT', path, report('quota 😀'), { token: tokens[name] });
      t.equal(reported.statusCode, 200, `agent ${name} reports: ${reported.body.slice(0, 200)}`);
    }
    const patched = await http.send('PATCH', `${DEPLOY_PATH()}/web`, '{"metadata":{"labels":{"tier":"front"}}}');
    t.equal(patched.statusCode, 200, `the admin can write the Deployment: ${patched.body.slice(0, 200)}`);
    await createOk(api, ST_PATH, syncTarget('c'));
    t.equal((await http.send('POST', HEARTBEAT('c'), '{}')).statusCode, 200);
    await waitPlaced(api, 'web', ['a', 'b', 'c']);
    t.pass('the scheduler placed it on a new target: its status write went through');
  });

  t.test('every route refuses them alike, and nothing is written', async (t) => {
    const api = await testApp(t);
    await createOk(api, ST_PATH, syncTarget('edge-1'));
    // A valid body with one string (or number) made bad, as raw text: [title, method, url, body, field].
    const bad = (value: unknown, from: string, to: string) => JSON.stringify(value).replace(from, to);
    const target = (name: string, metadata: object) => ({ ...syncTarget(name), metadata: { name, ...metadata } });
    const selector = { syncTargetSelector: { matchLabels: { a: 'b' } } };
    const labelled = target('edge-2', { labels: { env: 'p' } });
    const annotated = target('edge-1', { annotations: { k: 'x' } });
    const history = deployment('web', {}, { revisionHistoryLimit: 7 });
    const cases: [string, 'POST' | 'PUT' | 'PATCH', string, string, string][] = [
      ['label value', 'POST', ST_PATH, bad(labelled, '"p"', '"p\\u0000"'), 'metadata.labels.env'],
      [
        'annotation key',
        'PUT',
        `${ST_PATH}/edge-1`,
        bad(annotated, '"k"', '"\\ud800"'),
        'metadata.annotations["\\ud800"]',
      ],
      ['merge patch', 'PATCH', `${ST_PATH}/edge-1`, '{"spec":{"unschedulable":"\\u0000"}}', 'spec.unschedulable'],
      [
        'deployment spec',
        'POST',
        DEPLOY_PATH(),
        bad(deployment('web'), 'nginx:1.27', 'nginx\\udc00'),
        'spec.template.spec.containers[0].image',
      ],
      [
        'placement',
        'POST',
        PLACEMENT_PATH(),
        bad(placement('p', selector), '"b"', '"\\u0000"'),
        'spec.syncTargetSelector.matchLabels.a',
      ],
      ['a number out of range', 'POST', DEPLOY_PATH(), bad(history, ':7', ':1e400'), 'spec.revisionHistoryLimit'],
    ];
    const refusals = cases.map(([title, method, url, rawBody, field]) => ({
      title,
      method,
      url,
      options: { rawBody },
      code: 422,
      reason: 'Invalid',
      causes: [field],
    }));
    await expectRefusals(t, api, { method: 'POST', url: ST_PATH }, refusals);
    for (const [title, method, url, rawBody] of cases) {
      remember(kind, title, (await api.call(method, url, undefined, { rawBody })).body);
    }
  });
});

t.test('both stores gave the same answers', async (t) => {
  const kinds = testedStoreKinds();
  t.ok(answers.size >= POISONED_HEARTBEATS.length, 'answers were recorded');
  for (const [title, byKind] of answers) {
    t.same([...byKind.keys()], kinds, `${title}: answered on every store`);
    t.equal(new Set(byKind.values()).size, 1, `${title}: alike`);
  }
});

t.test('a store refusal no route expected is a 422 naming the field, not a 500', async (t) => {
  const api = await testApp(t);
  api.app.get('/apis/example/things/:name', { config: { kind: 'Thing' } }, async () => {
    const message = 'Invalid value: must not contain the NUL character';
    throw new StoreError('Invalid', `Thing x: status.message: ${message}`, { field: 'status.message', message });
  });
  const answer = await api.call('GET', '/apis/example/things/x');
  t.equal(answer.statusCode, 422);
  const causes = [{ field: 'status.message', reason: 'FieldValueInvalid' }];
  t.match(answer.json, { kind: 'Status', reason: 'Invalid', details: { kind: 'Thing', name: 'x', causes } });
});
