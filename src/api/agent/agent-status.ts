// PUT .../synctargets/{name}/{resource}/{namespace}/{object}/status: an agent reports how an
// object placed on its SyncTarget is doing there, for every kind the feed carries: `deployments`
// (the report shape agents have always sent), `configmaps`, `statefulsets.apps`,
// `ingresses.networking.k8s.io`... Only that target's entry changes; the totals are recomputed;
// a concurrent write (another target's report, the scheduler) makes it read again and re-apply,
// so no report is lost. An agent reports only for its own target (auth.ts) and only for objects
// placed on it (404 otherwise).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { invalid } from '../../lib/validation.js';
import { DeploymentStatusReport, type SyncTargetEntry } from '../../schemas/deployment.js';
import { ObjectStatusReport } from '../../schemas/health.js';
import type { KubeObject } from '../../schemas/meta.js';
import { Status } from '../../schemas/meta.js';
import { KeyedBatcher } from '../../runtime/serialize.js';
import { entriesOf, statusWith } from '../../scheduling/status-entries.js';
import { reportedEntry, reportedObjectEntry } from '../../scheduling/reported-entries.js';
import { targetStateOf } from '../../scheduling/target-state.js';
import { rewriteStatus } from '../../store/rewrite-status.js';
import { type Store, StoreError } from '../../store/types.js';
import { causesFromAjv } from '../http/ajv.js';
import { expiredMeanwhile } from '../http/auth.js';
import { carriedResources } from '../resources/carried-kinds.js';
import { deploymentResource } from '../resources/deployments.js';
import { ApiError, badRequest, conflict, invalidObject, notFound } from '../http/errors.js';
import { type ResourceDefinition, collectionPath, errorTarget } from '../http/resource-definition.js';
import { requireMediaType } from '../http/require-media-type.js';
import { syncTargetResource } from '../resources/synctargets.js';
import { QUIET_REQUEST_LOGS } from '../http/quiet-logs.js';

// The scheduler rewrites an object's status too; a report retries more before giving up.
const ATTEMPTS = 8;

type Report = DeploymentStatusReport | ObjectStatusReport;
/** The target's entry once `report` (valid against the route's body schema) is taken in. */
type EntryOf = (previous: SyncTargetEntry, report: Report, ready: boolean, now: string) => SyncTargetEntry;

interface Params {
  name: string;
  namespace: string;
  object: string;
}

/** The kinds agents report on: where under the target's path, with which body and entry. */
interface ReportKind {
  def: ResourceDefinition;
  /** The path segment: `deployments`, or the resource as kubectl names it (`statefulsets.apps`, `configmaps`). */
  resource: string;
  /** The object's parameter: `deployment` for the route agents have always used, `object` for the rest. */
  param: string;
  body: typeof DeploymentStatusReport | typeof ObjectStatusReport;
  entry: EntryOf;
}

const resourceName = (def: ResourceDefinition): string => (def.group ? `${def.plural}.${def.group}` : def.plural);

const REPORT_KINDS: readonly ReportKind[] = [
  {
    def: deploymentResource,
    resource: 'deployments',
    param: 'deployment',
    body: DeploymentStatusReport,
    entry: (previous, report, ready, now) => reportedEntry(previous, report as DeploymentStatusReport, ready, now),
  },
  ...carriedResources.map(
    (def): ReportKind => ({
      def,
      resource: resourceName(def),
      param: 'object',
      body: ObjectStatusReport,
      entry: (previous, report, ready, now) => reportedObjectEntry(previous, report as ObjectStatusReport, ready, now),
    }),
  ),
];

function bodyError(request: FastifyRequest, def: ResourceDefinition, name: string): ApiError | undefined {
  const error = request.validationError as { validation?: Parameters<typeof causesFromAjv>[0] } | undefined;
  if (!error) return undefined;
  const errors = error.validation ?? [];
  if (errors.some((e) => e.instancePath === '' && e.keyword === 'type')) {
    return badRequest('the status report must be a JSON object');
  }
  return invalidObject(errorTarget(def, name), causesFromAjv(errors));
}

interface Queued {
  params: Params;
  report: Report;
  ready: boolean;
}

/**
 * Every report queued for one object, in one read-modify-write of its status. A report that
 * cannot be taken (not placed there, a generation from the future) fails alone; the others are written.
 */
async function applyReports(store: Store, kind: ReportKind, queued: Queued[]): Promise<(KubeObject | Error)[]> {
  const { def } = kind;
  const { namespace, object } = queued[0]!.params;
  const target = errorTarget(def, object);
  const failed = new Map<number, Error>();
  const reported = (current: KubeObject) => {
    failed.clear();
    const entries = entriesOf(current.status);
    const next = entries.slice();
    const now = new Date().toISOString();
    const generation = current.metadata.generation ?? 0;
    queued.forEach(({ params, report, ready }, i) => {
      const index = next.findIndex((e) => e.name === params.name);
      if (index < 0) {
        const what = `${resourceName(def)} "${object}" in namespace "${namespace}"`;
        failed.set(i, new ApiError(404, 'NotFound', `${what} is not placed on synctarget "${params.name}"`, target));
      } else if (report.observedGeneration > generation) {
        const why = `may not be newer than the ${def.kind}'s generation (${generation})`;
        failed.set(i, invalidObject(target, [invalid('observedGeneration', report.observedGeneration, why)]));
      } else {
        next[index] = kind.entry(next[index]!, report, ready, now);
      }
    });
    // Whatever else the status holds (a status a client sent with the object) gives way to the aggregate.
    return failed.size === queued.length ? undefined : statusWith(next, def.kind);
  };
  try {
    const rewritten = await rewriteStatus(
      store,
      { kind: def.kind, namespace, name: object },
      { attempts: ATTEMPTS, change: reported },
    );
    if (!rewritten) return queued.map(() => notFound(target));
    return queued.map((_, i) => failed.get(i) ?? rewritten.object);
  } catch (error) {
    if (error instanceof StoreError && error.code === 'Conflict') {
      return queued.map(() =>
        conflict(target, `the ${def.kind} kept changing while the report was applied; send it again`),
      );
    }
    throw error;
  }
}

// The reports of one batch are all answered with the same stored object (an entry per target):
// serialised once, not once per agent.
const serialized = new WeakMap<KubeObject, string>();
function serializedOnce(object: KubeObject): string {
  let text = serialized.get(object);
  if (text === undefined) serialized.set(object, (text = JSON.stringify(object)));
  return text;
}

function registerReportRoute(app: FastifyInstance, store: Store, kind: ReportKind): void {
  const batcher = new KeyedBatcher<Queued, KubeObject>((_key, queued) => applyReports(store, kind, queued));
  const { def, param } = kind;
  const article = /^[AEIOU]/.test(def.kind) ? 'an' : 'a';
  app.put(
    `${collectionPath(syncTargetResource)}/:name/${kind.resource}/:namespace/:${param}/status`,
    {
      schema: {
        tags: ['agent'],
        security: [{ bearerAuth: [] }],
        summary:
          `Report ${article} ${def.kind}'s state on this SyncTarget: ` +
          'updates its entry in status.syncTargets and the totals',
        params: Type.Object({ name: Type.String(), namespace: Type.String(), [param]: Type.String() }),
        body: kind.body,
        response: { 200: def.schema, default: Status },
      },
      // Audited as what it changes: the reported object's status.
      config: {
        access: 'agent',
        kind: def.kind,
        authz: { verb: 'update', apiGroup: def.group, resource: def.plural, subresource: 'status', nameParam: param },
      },
      ...QUIET_REQUEST_LOGS,
      attachValidation: true,
      preValidation: requireMediaType('application/json'),
    },
    async (request, reply) => {
      const raw = request.params as Record<string, string>;
      const params: Params = { name: raw.name!, namespace: raw.namespace!, object: raw[param]! };
      const error = bodyError(request, def, params.object);
      if (error) throw error;
      const target = await store.get({ kind: syncTargetResource.kind, namespace: '', name: params.name });
      const principal = request.principal;
      // Read after the body arrived: an agent's report counts only for the incarnation its token names.
      if (principal?.kind === 'agent' && target?.metadata.uid !== principal.syncTargetUid) throw expiredMeanwhile();
      if (!target) throw notFound(errorTarget(syncTargetResource, params.name));
      const ready = targetStateOf(target).ready;
      const key = `${def.kind} ${params.namespace}/${params.object}`;
      const stored = await batcher.run(key, { params, report: request.body as Report, ready });
      return reply.type('application/json; charset=utf-8').send(serializedOnce(stored));
    },
  );
}

export function registerAgentStatus(app: FastifyInstance, store: Store): void {
  for (const kind of REPORT_KINDS) registerReportRoute(app, store, kind);
}
