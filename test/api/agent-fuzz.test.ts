// Fuzzing the agent routes over real HTTP, on both stores: heartbeats, status reports and feed
// requests made of hostile JSON and URLs (see helpers/fuzz-json.ts). Whatever an agent sends,
// the answer is never a 5xx (a refusal is a Kubernetes Status), and afterwards the objects the
// request was about still take a normal write from the admin, from a controller and from the
// agents. The suite runs a fixed seed; `npm run fuzz` runs many more cases from a random seed
// (TMC_FUZZ_RUNS, TMC_FUZZ_SEED=<n> replays a run: the seed is printed at the start).
import fc from 'fast-check';
import t from 'tap';
import type { TestApp } from '../helpers/app.js';
import { ST_PATH, testApp } from '../helpers/app.js';
import { targetWithToken } from '../helpers/agents.js';
import { type RawAnswer, type Sender, listen } from '../helpers/http.js';
import { forEachStore } from '../helpers/stores.js';
import { DEPLOY_PATH, FEED_PATH, PLACEMENT_PATH, STATUS_PATH, createOk, deployment, placement, waitPlaced } from '../helpers/workloads.js';
import { RawNumber, anyJson, bodyText, deepJson, fieldOf, hugeNumber, nastyString, type Fuzzed, urlPart } from '../helpers/fuzz-json.js';
import type { ObjectKey } from '../../src/store/types.js';

const RUNS = Number(process.env.TMC_FUZZ_RUNS ?? 25);
const SEED = process.env.TMC_FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.TMC_FUZZ_SEED ?? 7_340_219);
t.comment(`fuzzing with seed ${SEED}, ${RUNS} runs per route and store (TMC_FUZZ_SEED=${SEED} replays them)`);

const TARGET: ObjectKey = { kind: 'SyncTarget', namespace: '', name: 'edge-1' };
const DEPLOYMENT: ObjectKey = { kind: 'Deployment', namespace: 'default', name: 'web' };

// Bodies shaped as the schemas want, hostile only in their strings and numbers: these reach the
// stores. Now and then any field, or the whole body, is anything at all.
const shaped = <T extends Fuzzed>(usual: fc.Arbitrary<T>, hostile: boolean) => (hostile ? fieldOf(usual) : usual);

const heartbeatOf = (hostile: boolean): fc.Arbitrary<Fuzzed> => {
  const condition = fc.record({
    type: shaped(fc.constantFrom('Synced', 'DownstreamReachable'), hostile), status: shaped(fc.constantFrom('True', 'False', 'Unknown'), hostile),
    reason: shaped(nastyString, hostile), message: shaped(nastyString, hostile),
  }, { requiredKeys: ['type', 'status'] });
  const resources = fc.dictionary(fc.oneof(nastyString, fc.constantFrom('cpu', 'memory')), shaped(nastyString, hostile), { maxKeys: 3 });
  return fc.record({
    syncerVersion: shaped(nastyString, hostile), kubernetesVersion: shaped(nastyString, hostile), capacity: shaped(resources, hostile),
    allocatable: shaped(resources, hostile), conditions: shaped(fc.uniqueArray(condition, { maxLength: 2, selector: (c) => c.type }), hostile),
  }, { requiredKeys: [] });
};

const reportOf = (hostile: boolean): fc.Arbitrary<Fuzzed> => {
  const count = shaped(fc.oneof(hugeNumber, fc.nat(5).map((n) => new RawNumber(String(n)))), hostile);
  const condition = fc.record({ type: shaped(nastyString, hostile), status: shaped(fc.constantFrom('True', 'False'), hostile), reason: shaped(nastyString, hostile), message: shaped(nastyString, hostile) }, { requiredKeys: ['type', 'status'] });
  return fc.record({
    observedGeneration: shaped(fc.constantFrom(new RawNumber('1'), new RawNumber('0')), hostile),
    state: shaped(fc.constantFrom('Applied', 'Error'), hostile),
    message: shaped(nastyString, hostile),
    status: shaped(fc.record({ replicas: count, readyReplicas: count, conditions: shaped(fc.array(condition, { maxLength: 2 }), hostile) }, { requiredKeys: [] }), hostile),
  }, { requiredKeys: ['observedGeneration', 'state', 'status'] });
};

const bodyOf = (of: (hostile: boolean) => fc.Arbitrary<Fuzzed>): fc.Arbitrary<string> => bodyText(fc.oneof(
  { weight: 6, arbitrary: of(false) }, { weight: 3, arbitrary: of(true) }, { weight: 1, arbitrary: anyJson }, { weight: 1, arbitrary: deepJson },
));

/** No 5xx; a refusal is a Status. */
function judge(answer: RawAnswer, what: string): void {
  if (answer.statusCode >= 500) throw new Error(`${what}: ${answer.statusCode} ${answer.body.slice(0, 300)}`);
  if (answer.statusCode >= 400 && answer.json?.kind !== 'Status') throw new Error(`${what}: a ${answer.statusCode} without a Status: ${answer.body.slice(0, 300)}`);
}

async function expectOk(answer: Promise<RawAnswer>, what: string): Promise<void> {
  const settled = await answer;
  if (settled.statusCode !== 200) throw new Error(`${what} failed afterwards: ${settled.statusCode} ${settled.body.slice(0, 300)}`);
}

/** The writes that must still succeed: the admin's patch, a controller's rewrite (uid precondition and all), the agent's own. */
async function stillWritable(api: TestApp, http: Sender, token: string, round: number): Promise<void> {
  await expectOk(http.send('PATCH', `${ST_PATH}/edge-1`, `{"metadata":{"labels":{"round":"${round}"}}}`), 'the admin patching the SyncTarget');
  await expectOk(http.send('PATCH', `${DEPLOY_PATH()}/web`, `{"metadata":{"labels":{"round":"${round}"}}}`), 'the admin patching the Deployment');
  for (const key of [TARGET, DEPLOYMENT]) {
    const current = (await api.app.store.get(key))!;
    await api.app.store.update(current, { resourceVersion: current.metadata.resourceVersion, uid: current.metadata.uid });
  }
  await expectOk(http.send('POST', `${ST_PATH}/edge-1/heartbeat`, '{"syncerVersion":"v1"}', { token }), 'a clean heartbeat');
  const report = '{"observedGeneration":1,"state":"Applied","status":{"replicas":1,"readyReplicas":1}}';
  await expectOk(http.send('PUT', STATUS_PATH('edge-1', 'default', 'web'), report, { token }), 'a clean status report');
}

forEachStore(t, (t) => {
  t.test('no agent request gets a 5xx or leaves an object unwritable', async (t) => {
    const api = await testApp(t);
    const http = await listen(api);
    const token = await targetWithToken(api, 'edge-1');
    await expectOk(http.send('POST', `${ST_PATH}/edge-1/heartbeat`, '{}', { token }), 'the first heartbeat');
    await createOk(api, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
    await createOk(api, DEPLOY_PATH(), deployment('web'));
    await waitPlaced(api, 'web', ['edge-1']);
    let round = 0;
    const check = async (what: string, answer: Promise<RawAnswer>) => {
      judge(await answer, what);
      await stillWritable(api, http, token, ++round);
    };
    // No shrinking: a case may leave state behind, so a smaller one replayed later proves nothing.
    const runs = { seed: SEED, numRuns: RUNS, endOnFailure: true };

    await fc.assert(fc.asyncProperty(bodyOf(heartbeatOf), async (body) => {
      await check(`heartbeat ${JSON.stringify(body).slice(0, 200)}`, http.send('POST', `${ST_PATH}/edge-1/heartbeat`, body, { token }));
    }), runs);
    t.pass('heartbeats');

    await fc.assert(fc.asyncProperty(bodyOf(reportOf), async (body) => {
      await check(`status report ${JSON.stringify(body).slice(0, 200)}`, http.send('PUT', STATUS_PATH('edge-1', 'default', 'web'), body, { token }));
    }), runs);
    t.pass('status reports');

    await fc.assert(fc.asyncProperty(fc.oneof(urlPart, fc.constant('edge-1')), urlPart, urlPart, async (name, version, timeout) => {
      const path = `${FEED_PATH(name)}?resourceVersion=${version}&timeoutSeconds=${timeout}`;
      // A valid version and timeout may hold the request: a long poll that has not answered yet is no failure.
      const answer = await Promise.race([http.send('GET', path, undefined, { token }), new Promise<undefined>((resolve) => setTimeout(resolve, 1500))]);
      if (answer) judge(answer, `feed ${path}`);
      await stillWritable(api, http, token, ++round);
    }), runs);
    t.pass('feed requests');
  });
});
