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
import { heartbeatText, reportText } from '../helpers/fuzz-agent.js';
import { urlPart } from '../helpers/fuzz-json.js';
import { type RawAnswer, type Sender, listen } from '../helpers/http.js';
import { forEachStore } from '../helpers/stores.js';
import {
  DEPLOY_PATH,
  FEED_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  placement,
  waitPlaced,
} from '../helpers/workloads.js';
import type { ObjectKey } from '../../src/store/types.js';

const RUNS = Number(process.env.TMC_FUZZ_RUNS ?? 40);
const randomSeed = () => Math.floor(Math.random() * 2 ** 31);
const SEED = process.env.TMC_FUZZ_SEED === 'random' ? randomSeed() : Number(process.env.TMC_FUZZ_SEED ?? 7_340_219);
t.comment(`fuzzing with seed ${SEED}, ${RUNS} runs per route and store (TMC_FUZZ_SEED=${SEED} replays them)`);

const TARGET: ObjectKey = { kind: 'SyncTarget', namespace: '', name: 'edge-1' };
const DEPLOYMENT: ObjectKey = { kind: 'Deployment', namespace: 'default', name: 'web' };
const HEARTBEAT = `${ST_PATH}/edge-1/heartbeat`;
const REPORT = STATUS_PATH('edge-1', 'default', 'web');

/** No 5xx; a refusal is a Status. */
function judge(answer: RawAnswer, what: string): void {
  const shown = `${answer.statusCode} ${answer.body.slice(0, 300)}`;
  if (answer.statusCode >= 500) throw new Error(`${what}: ${shown}`);
  if (answer.statusCode >= 400 && answer.json?.kind !== 'Status') throw new Error(`${what}: no Status: ${shown}`);
}

async function expectOk(answer: Promise<RawAnswer>, what: string): Promise<void> {
  const settled = await answer;
  if (settled.statusCode === 200) return;
  throw new Error(`${what} failed afterwards: ${settled.statusCode} ${settled.body.slice(0, 300)}`);
}

/** The writes that must still succeed: the admin's, a controller's (uid precondition and all), the agent's own. */
async function stillWritable(api: TestApp, http: Sender, token: string, round: number): Promise<void> {
  const labels = `{"metadata":{"labels":{"round":"${round}"}}}`;
  await expectOk(http.send('PATCH', `${ST_PATH}/edge-1`, labels), 'the admin patching the SyncTarget');
  await expectOk(http.send('PATCH', `${DEPLOY_PATH()}/web`, labels), 'the admin patching the Deployment');
  for (const key of [TARGET, DEPLOYMENT]) {
    const current = (await api.app.store.get(key))!;
    const { resourceVersion, uid } = current.metadata;
    await api.app.store.update(current, { resourceVersion, uid });
  }
  await expectOk(http.send('POST', HEARTBEAT, '{"syncerVersion":"v1"}', { token }), 'a clean heartbeat');
  const report = '{"observedGeneration":1,"state":"Applied","status":{"replicas":1,"readyReplicas":1}}';
  await expectOk(http.send('PUT', REPORT, report, { token }), 'a clean status report');
}

/** A long poll may hold a valid request: one that has not answered yet is no failure. */
const within = (answer: Promise<RawAnswer>, ms: number) =>
  Promise.race([answer, new Promise<undefined>((resolve) => setTimeout(resolve, ms))]);

forEachStore(t, (t) => {
  t.test('no agent request gets a 5xx or leaves an object unwritable', async (t) => {
    // One agent sends hundreds of requests a second here: past its rate budget they would be 429.
    const api = await testApp(t, { agentQps: 1_000_000, agentBurst: 1_000_000 });
    const http = await listen(api);
    const token = await targetWithToken(api, 'edge-1');
    await expectOk(http.send('POST', HEARTBEAT, '{}', { token }), 'the first heartbeat');
    await createOk(api, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
    await createOk(api, DEPLOY_PATH(), deployment('web'));
    await waitPlaced(api, 'web', ['edge-1']);
    let round = 0;
    const check = async (what: string, answer: RawAnswer | undefined) => {
      if (answer) judge(answer, what);
      await stillWritable(api, http, token, ++round);
    };
    // No shrinking: a case may leave state behind, so a smaller one replayed later proves nothing.
    const runs = { seed: SEED, numRuns: RUNS, endOnFailure: true };
    const shown = (body: string) => JSON.stringify(body).slice(0, 200);

    await fc.assert(
      fc.asyncProperty(heartbeatText, async (body) => {
        await check(`heartbeat ${shown(body)}`, await http.send('POST', HEARTBEAT, body, { token }));
      }),
      runs,
    );
    t.pass('heartbeats');

    await fc.assert(
      fc.asyncProperty(reportText, async (body) => {
        await check(`status report ${shown(body)}`, await http.send('PUT', REPORT, body, { token }));
      }),
      runs,
    );
    t.pass('status reports');

    const name = fc.oneof(urlPart, fc.constant('edge-1'));
    await fc.assert(
      fc.asyncProperty(name, urlPart, urlPart, async (target, version, timeout) => {
        const path = `${FEED_PATH(target)}?resourceVersion=${version}&timeoutSeconds=${timeout}`;
        await check(`feed ${path}`, await within(http.send('GET', path, undefined, { token }), 1500));
      }),
      runs,
    );
    t.pass('feed requests');
  });
});
