// How an agent's status report is taken in, for every kind: the body checked, the target's
// incarnation checked against the agent's token, the reports of one object batched into one
// read-modify-write of its status (agent-status.ts registers the routes that use it).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from '../../lib/validation.js';
import type { SyncTargetEntry } from '../../schemas/deployment.js';
import type { DeploymentStatusReport } from '../../schemas/deployment-report.js';
import { ObjectStatusReport } from '../../schemas/health.js';
import type { KubeObject } from '../../schemas/meta.js';
import { KeyedBatcher } from '../../runtime/serialize.js';
import { entriesOf, statusWith } from '../../scheduling/status-entries.js';
import { reportedObjectEntry } from '../../scheduling/reported-entries.js';
import { targetStateOf } from '../../scheduling/target-state.js';
import { rewriteStatus } from '../../store/rewrite-status.js';
import { type Store, StoreError } from '../../store/types.js';
import { causesFromAjv } from '../http/ajv.js';
import { expiredMeanwhile } from '../http/auth.js';
import { prefersMinimal } from '../http/prefer.js';
import { ApiError, badRequest, conflict, invalidObject, notFound } from '../http/errors.js';
import { type ResourceDefinition, errorTarget } from '../http/resource-definition.js';
import { syncTargetResource } from '../resources/synctargets.js';

// The scheduler rewrites an object's status too; a report retries more before giving up.
const ATTEMPTS = 8;

export type Report = DeploymentStatusReport | ObjectStatusReport;
/** The target's entry once `report` (valid against the route's body schema) is taken in. */
type EntryOf = (previous: SyncTargetEntry, report: Report, ready: boolean, now: string) => SyncTargetEntry;

interface Params {
  name: string;
  namespace: string;
  object: string;
}

/** The kinds agents report on: where under the target's path, with which body and entry. */
export interface ReportKind {
  def: ResourceDefinition;
  /** The path segment: `deployments`, or the resource as kubectl names it (`statefulsets.apps`, `configmaps`). */
  resource: string;
  /** The object's parameter: `deployment` for the route agents have always used, `object` for the rest. */
  param: string;
  body: typeof DeploymentStatusReport | typeof ObjectStatusReport;
  entry: EntryOf;
}

export const resourceName = (def: ResourceDefinition): string =>
  def.group ? `${def.plural}.${def.group}` : def.plural;

/** A kind whose agents send the report every kind but Deployment has. */
export const objectReportKind = (def: ResourceDefinition): ReportKind => ({
  def,
  resource: resourceName(def),
  param: 'object',
  body: ObjectStatusReport,
  entry: (previous, report, ready, now) => reportedObjectEntry(previous, report as ObjectStatusReport, ready, now),
});

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
  kind: ReportKind;
  params: Params;
  report: Report;
  ready: boolean;
}

/**
 * Every report queued for one object, in one read-modify-write of its status. A report that
 * cannot be taken (not placed there, a generation from the future) fails alone; the others are written.
 */
async function applyReports(
  store: Store,
  cached: ReportContext['cached'],
  queued: Queued[],
): Promise<(KubeObject | Error)[]> {
  const { kind } = queued[0]!;
  const { def } = kind;
  const { namespace, object } = queued[0]!.params;
  const target = errorTarget(def, object);
  const failed = new Map<number, Error>();
  const reported = (current: KubeObject) => {
    failed.clear();
    const next = entriesOf(current.status).slice();
    const indexOf = new Map(next.map((e, i) => [e.name, i]));
    const now = new Date().toISOString();
    const generation = current.metadata.generation ?? 0;
    queued.forEach(({ params, report, ready }, i) => {
      const index = indexOf.get(params.name);
      if (index === undefined) {
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
    return failed.size === queued.length ? undefined : statusWith(next, def.kind, generation);
  };
  try {
    const rewritten = await rewriteStatus(
      store,
      { kind: def.kind, namespace, name: object },
      // The informer's copy spares reading and parsing the object (an entry per target); when
      // it is behind the store, the write fails on its resourceVersion and the store is read.
      { attempts: ATTEMPTS, change: reported, from: cached(def.kind, namespace, object) },
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

/** The report's kind: the route's own, or for the parametric route of custom resources the one it names. */
export type KindOf = (request: FastifyRequest) => ReportKind;

/** The route's options and handler; `param` names the object's path parameter. */
export function reportRoute(
  store: Store,
  batcher: KeyedBatcher<Queued, KubeObject>,
  kindOf: KindOf,
  param: string,
  cachedTarget: (name: string) => KubeObject | undefined,
) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const kind = kindOf(request);
    const { def } = kind;
    const raw = request.params as Record<string, string>;
    const params: Params = { name: raw.name!, namespace: raw.namespace!, object: raw[param]! };
    const error = bodyError(request, def, params.object);
    if (error) throw error;
    const principal = request.principal;
    // The informer's copy when it is of the token's incarnation (a fan-out brings thousands of
    // reports at once); the store otherwise, since the informer may lag a target just re-created.
    const cached = cachedTarget(params.name);
    const target =
      principal?.kind === 'agent' && cached?.metadata.uid === principal.syncTargetUid
        ? cached
        : await store.get({ kind: syncTargetResource.kind, namespace: '', name: params.name });
    // Read after the body arrived: an agent's report counts only for the incarnation its token names.
    if (principal?.kind === 'agent' && target?.metadata.uid !== principal.syncTargetUid) throw expiredMeanwhile();
    if (!target) throw notFound(errorTarget(syncTargetResource, params.name));
    const ready = targetStateOf(target).ready;
    const key = `${def.kind} ${params.namespace}/${params.object}`;
    const stored = await batcher.run(key, { kind, params, report: request.body as Report, ready });
    if (prefersMinimal(request)) return reply.code(204).header('preference-applied', 'return=minimal').send();
    return reply.type('application/json; charset=utf-8').send(serializedOnce(stored));
  };
}

/** What the reports are applied with besides the store. */
export interface ReportContext {
  /** The cached copy of an object (the shared informer's), if any. */
  cached: (kind: string, namespace: string, name: string) => KubeObject | undefined;
  /** What goes before the reports' writes: the agents' feed answering a change (AgentFeed.settled). */
  before: () => Promise<void> | undefined;
}

// A batch's reports are read and checked one by one, each entry written alone (the store keeps
// an object's many entries apart): the thousands of reports a fan-out brings are a few writes of
// this many each, none holding the event loop long.
const MAX_REPORTS_PER_WRITE = 500;

export const newBatcher = (store: Store, context: ReportContext) =>
  new KeyedBatcher<Queued, KubeObject>(
    (_key, queued) => applyReports(store, context.cached, queued),
    context.before,
    MAX_REPORTS_PER_WRITE,
  );
