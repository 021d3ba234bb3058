// PUT .../synctargets/{name}/{resource}/{namespace}/{object}/status: an agent reports how an
// object placed on its SyncTarget is doing there, for every kind the feed carries: `deployments`
// (the report shape agents have always sent), `configmaps`, `statefulsets.apps`,
// `ingresses.networking.k8s.io`... Only that target's entry changes; the totals are recomputed;
// a concurrent write (another target's report, the scheduler) makes it read again and re-apply,
// so no report is lost. An agent reports only for its own target (auth.ts) and only for objects
// placed on it (404 otherwise).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DeploymentStatusReport } from '../../schemas/deployment-report.js';
import { ObjectStatusReport } from '../../schemas/health.js';
import { Status } from '../../schemas/meta.js';
import type { Store } from '../../store/types.js';
import { carriedResources } from '../resources/carried-kinds.js';
import { deploymentResource } from '../resources/deployments.js';
import { ApiError } from '../http/errors.js';
import { type ResourceDefinition, collectionPath } from '../http/resource-definition.js';
import { requireMediaType } from '../http/require-media-type.js';
import { syncTargetResource } from '../resources/synctargets.js';
import { QUIET_REQUEST_LOGS } from '../http/quiet-logs.js';
import { reportedEntry } from '../../scheduling/reported-entries.js';
import { type ReportContext, type ReportKind, newBatcher, objectReportKind, reportRoute } from './status-reports.js';

const REPORT_KINDS: readonly ReportKind[] = [
  {
    def: deploymentResource,
    resource: 'deployments',
    param: 'deployment',
    body: DeploymentStatusReport,
    entry: (previous, report, ready, now) => reportedEntry(previous, report as DeploymentStatusReport, ready, now),
  },
  ...carriedResources.map(objectReportKind),
];

/** Reports are applied to the informers' copies, after the feed has answered the change under way. */
const contextOf = (app: FastifyInstance): ReportContext => ({
  cached: (kind, namespace, name) => app.informers.find(kind)?.get(`${namespace}/${name}`),
  before: () => app.agentFeed.settled(),
});

const cachedTarget = (app: FastifyInstance) => (name: string) => app.informers.find(syncTargetResource.kind)?.get(name);

const MINIMAL_ANSWER = Type.Null({ description: 'taken in; no body, as `Prefer: return=minimal` asked' });

function registerReportRoute(app: FastifyInstance, store: Store, kind: ReportKind): void {
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
        response: { 200: def.schema, 204: MINIMAL_ANSWER, default: Status },
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
    reportRoute(store, newBatcher(store, contextOf(app)), () => kind, param, cachedTarget(app)),
  );
}

export function registerAgentStatus(app: FastifyInstance, store: Store): void {
  for (const kind of REPORT_KINDS) registerReportRoute(app, store, kind);
}

/** The definition of the custom resource "plural.group" names, while one is served. */
export type CustomResourceOf = (resource: string) => ResourceDefinition | undefined;

/**
 * The reports on custom resources: one parametric route, whose `resource` ("widgets.example.com")
 * finds the kind among the definitions served now. The built-in kinds' routes are static, so
 * Fastify matches them first.
 */
export function registerCustomAgentStatus(app: FastifyInstance, store: Store, customResourceOf: CustomResourceOf) {
  const kindOf = (request: FastifyRequest): ReportKind => {
    const { resource } = request.params as { resource: string };
    const def = customResourceOf(resource);
    if (!def) throw new ApiError(404, 'NotFound', `the server does not serve the resource "${resource}"`);
    return objectReportKind(def);
  };
  app.put(
    `${collectionPath(syncTargetResource)}/:name/:resource/:namespace/:object/status`,
    {
      schema: {
        tags: ['agent'],
        security: [{ bearerAuth: [] }],
        summary:
          "Report a custom resource's state on this SyncTarget (resource: plural.group, e.g. widgets.example.com): " +
          'updates its entry in status.syncTargets',
        params: Type.Object({
          name: Type.String(),
          resource: Type.String(),
          namespace: Type.String(),
          object: Type.String(),
        }),
        body: ObjectStatusReport,
        response: { 200: Type.Object({}, { additionalProperties: true }), 204: MINIMAL_ANSWER, default: Status },
      },
      config: { access: 'agent' },
      ...QUIET_REQUEST_LOGS,
      attachValidation: true,
      preValidation: requireMediaType('application/json'),
    },
    reportRoute(store, newBatcher(store, contextOf(app)), kindOf, 'object', cachedTarget(app)),
  );
}
