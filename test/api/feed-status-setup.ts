// Shared set-up for the agent status report tests (feed-status-*.test.ts): a report body, a Deployment web
// placed on every target, and its status as the API answers it.
import { ST_PATH, syncTarget, type TestApp } from '../helpers/app.js';
import {
  DEPLOY_PATH,
  PLACEMENT_PATH,
  createOk,
  deployment,
  heartbeat,
  placement,
  waitPlaced,
} from '../helpers/workloads.js';

export const report = (
  counts: { replicas?: number; readyReplicas?: number; availableReplicas?: number; updatedReplicas?: number },
  extra: Record<string, unknown> = {},
) => ({ observedGeneration: 1, state: 'Applied', status: counts, ...extra });

export async function placedOnAll(app: TestApp, targets: string[], ready = targets) {
  for (const name of targets) await createOk(app, ST_PATH, syncTarget(name));
  for (const name of ready) await heartbeat(app, name);
  await createOk(app, PLACEMENT_PATH(), placement('all', { syncTargetSelector: {} }));
  await createOk(app, DEPLOY_PATH(), deployment('web', {}, { replicas: 3 }));
  await waitPlaced(app, 'web', targets);
}

export const statusOf = async (app: TestApp) => (await app.call('GET', `${DEPLOY_PATH()}/web`)).json.status;
