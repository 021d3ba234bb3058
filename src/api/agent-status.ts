// PUT .../synctargets/{name}/deployments/{namespace}/{deployment}/status: an agent reports how
// a Deployment placed on its SyncTarget is doing there. Only that target's entry changes; the
// totals are recomputed; a concurrent write (another target's report, the scheduler) makes
// it read again and re-apply, so no report is lost.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { invalid } from '../lib/validation.js';
import { Deployment, DeploymentStatusReport } from '../schemas/deployment.js';
import type { KubeObject } from '../schemas/meta.js';
import { Status } from '../schemas/meta.js';
import { KeyedSerializer } from '../runtime/serialize.js';
import { entriesOf, reportedEntry, statusWith } from '../scheduling/status-entries.js';
import { targetStateOf } from '../scheduling/target-state.js';
import { rewriteStatus } from '../store/rewrite-status.js';
import { type Store, StoreError } from '../store/types.js';
import { causesFromAjv } from './ajv.js';
import { expiredMeanwhile } from './auth.js';
import { deploymentResource } from './deployments.js';
import { ApiError, badRequest, conflict, invalidObject, notFound } from './errors.js';
import { collectionPath, errorTarget } from './resource-definition.js';
import { requireMediaType } from './resource-routes.js';
import { syncTargetResource } from './synctargets.js';
import { QUIET_REQUEST_LOGS } from './quiet-logs.js';

// The scheduler rewrites a Deployment's status too; a report retries more before giving up.
const ATTEMPTS = 8;

interface Params {
  name: string;
  namespace: string;
  deployment: string;
}

function bodyError(request: FastifyRequest, deployment: string): ApiError | undefined {
  const error = request.validationError as { validation?: Parameters<typeof causesFromAjv>[0] } | undefined;
  if (!error) return undefined;
  const errors = error.validation ?? [];
  if (errors.some((e) => e.instancePath === '' && e.keyword === 'type')) return badRequest('the status report must be a JSON object');
  return invalidObject(errorTarget(deploymentResource, deployment), causesFromAjv(errors));
}

async function applyReport(store: Store, params: Params, report: DeploymentStatusReport, ready: boolean): Promise<KubeObject> {
  const target = errorTarget(deploymentResource, params.deployment);
  const reported = (current: KubeObject) => {
    const entries = entriesOf(current.status);
    const index = entries.findIndex((e) => e.name === params.name);
    if (index < 0) {
      throw new ApiError(404, 'NotFound', `deployments.apps "${params.deployment}" in namespace "${params.namespace}" is not placed on synctarget "${params.name}"`, target);
    }
    const generation = current.metadata.generation ?? 0;
    if (report.observedGeneration > generation) {
      throw invalidObject(target, [invalid('observedGeneration', report.observedGeneration, `may not be newer than the Deployment's generation (${generation})`)]);
    }
    const next = entries.slice();
    next[index] = reportedEntry(params.name, report, ready, new Date().toISOString());
    return statusWith(next);
  };
  try {
    const rewritten = await rewriteStatus(store, { kind: deploymentResource.kind, namespace: params.namespace, name: params.deployment }, { attempts: ATTEMPTS, change: reported });
    if (!rewritten) throw notFound(target);
    return rewritten.object;
  } catch (error) {
    if (error instanceof StoreError && error.code === 'Conflict') throw conflict(target, 'the Deployment kept changing while the report was applied; send it again');
    throw error;
  }
}

export function registerAgentStatus(app: FastifyInstance, store: Store): void {
  const serializer = new KeyedSerializer();
  app.put(`${collectionPath(syncTargetResource)}/:name/deployments/:namespace/:deployment/status`, {
    schema: {
      tags: ['agent'],
      security: [{ bearerAuth: [] }],
      summary: "Report a Deployment's state on this SyncTarget: updates its entry in status.syncTargets and the totals",
      params: Type.Object({ name: Type.String(), namespace: Type.String(), deployment: Type.String() }),
      body: DeploymentStatusReport,
      response: { 200: Deployment, default: Status },
    },
    config: { access: 'agent', kind: 'Deployment' },
    ...QUIET_REQUEST_LOGS,
    attachValidation: true,
    preValidation: requireMediaType('application/json'),
  }, async (request) => {
    const params = request.params as Params;
    const error = bodyError(request, params.deployment);
    if (error) throw error;
    const target = await store.get({ kind: syncTargetResource.kind, namespace: '', name: params.name });
    const principal = request.principal;
    // Read after the body arrived: an agent's report counts only for the incarnation its token names.
    if (principal?.kind === 'agent' && target?.metadata.uid !== principal.syncTargetUid) throw expiredMeanwhile();
    if (!target) throw notFound(errorTarget(syncTargetResource, params.name));
    const ready = targetStateOf(target).ready;
    const report = request.body as DeploymentStatusReport;
    return serializer.run(`${params.namespace}/${params.deployment}`, () => applyReport(store, params, report, ready));
  });
}
