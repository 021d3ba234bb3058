// Rollout tests act as the agents of several targets: heartbeats, the feed each one is served,
// and status reports that say the Deployment is Healthy (or still Progressing) at a generation.
import type { Test } from 'tap';
import { ST_PATH, type TestApp, syncTarget, testApp } from '../helpers/app.js';
import { waitFor } from '../helpers/wait.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  STATUS_PATH,
  createOk,
  deployment,
  feedNow,
  heartbeat,
  placement,
} from '../helpers/workloads.js';

export const TARGETS = ['canary', 'eu-1', 'eu-2', 'eu-3'];

export const image = (item: any) => item?.spec.template.spec.containers[0].image;
export const withImage = (to: string) =>
  deployment(
    'web',
    {},
    { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: to }] } } },
  );

/** The image each target's feed serves (absent: web not delivered there). */
export async function images(app: TestApp): Promise<Record<string, string | undefined>> {
  const out: Record<string, string | undefined> = {};
  for (const target of TARGETS)
    out[target] = image((await feedNow(app, target)).items.find((d) => d.metadata.name === 'web'));
  return out;
}

/** Waits until the feeds serve exactly these images. */
export async function imagesAre(app: TestApp, want: Record<string, string | undefined>): Promise<void> {
  let last = {};
  await waitFor(
    async () => {
      last = await images(app);
      return JSON.stringify(last) === JSON.stringify(want) || undefined;
    },
    `the feeds to serve ${JSON.stringify(want)} (last: ${JSON.stringify(last)})`,
  );
}

const tokens = new Map<string, string>();

/** The target's agent reports web at `generation` with this health. */
export async function report(app: TestApp, target: string, generation: number, health = 'Healthy'): Promise<void> {
  const key = `${app.dataDir}/${target}`;
  if (!tokens.has(key)) tokens.set(key, (await app.call('POST', `${ST_PATH}/${target}/tokens`)).json.token);
  const ready = health === 'Healthy' ? 1 : 0;
  const body = {
    observedGeneration: generation,
    state: 'Applied',
    status: { replicas: 1, updatedReplicas: 1, readyReplicas: ready, availableReplicas: ready },
    health: { state: health, reason: health === 'Healthy' ? 'RolledOut' : 'Rolling' },
  };
  const reply = await app.call('PUT', STATUS_PATH(target, 'default', 'web'), body, { token: tokens.get(key)! });
  if (reply.statusCode !== 200) throw new Error(`report of ${target}: ${reply.statusCode} ${reply.body}`);
}

export const placementOf = async (app: TestApp) => (await app.call('GET', `${PLACEMENT_PATH()}/p`)).json;
export const halted = async (app: TestApp) =>
  (await placementOf(app)).status?.conditions?.find((c: any) => c.type === 'RolloutHalted');
export const stepStates = async (app: TestApp) =>
  ((await placementOf(app)).status?.rollout?.steps ?? []).map(
    (s: any) => `${s.step}:${s.state}:${s.updated}/${s.total}`,
  );

export async function patchOk(app: TestApp, path: string, body: unknown): Promise<void> {
  const reply = await app.call('PATCH', path, body);
  if (reply.statusCode !== 200) throw new Error(`PATCH ${path}: ${reply.statusCode} ${reply.body}`);
}

export const newImage = (app: TestApp, to: string) =>
  patchOk(app, `${DEPLOY_PATH()}/web`, { spec: { template: { spec: { containers: [{ name: 'main', image: to }] } } } });

/** Four Ready targets, web:1 and a Placement `p` with this rollout (order: canary, then the rest). */
export async function setUp(t: Test, rollout: Record<string, unknown>): Promise<TestApp> {
  const app = await testApp(t, { agentQps: 1e6, agentBurst: 1e6, userQps: 1e6, userBurst: 1e6 });
  for (const name of TARGETS) {
    await createOk(app, ST_PATH, syncTarget(name, { region: name === 'canary' ? 'us' : 'eu' }));
    await heartbeat(app, name);
  }
  await createOk(app, DEPLOY_PATH(), withImage('web:1'));
  await createOk(
    app,
    PLACEMENT_PATH(),
    placement('p', { syncTargetNames: TARGETS, rollout: { order: ['canary', '*'], ...rollout } }),
  );
  return app;
}
