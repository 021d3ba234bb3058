// POST .../synctargets/{name}/heartbeat: the agent says it is alive and what it sees.
import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import fastJson from 'fast-json-stringify';
import { type TSchema, Type } from 'typebox';
import type { Heartbeats } from '../../heartbeat/heartbeats.js';
import { type HeartbeatMetrics, resultOfStatus } from '../../heartbeat/metrics.js';
import type { Cause } from '../../lib/validation.js';
import {
  CONTROLLER_CONDITION_TYPES,
  HeartbeatRequest,
  HeartbeatResponse,
  SERVER_CONDITION_TYPES,
} from '../../schemas/agent.js';
import { Status } from '../../schemas/meta.js';
import { causesFromAjv } from '../http/ajv.js';
import { expiredMeanwhile } from '../http/auth.js';
import { toApiError } from '../http/error-handler.js';
import { ApiError, badRequest, invalidObject, notFound } from '../http/errors.js';
import { collectionPath, errorTarget } from '../http/resource-definition.js';
import { agentAuthz, syncTargetResource } from '../resources/synctargets.js';
import { QUIET_REQUEST_LOGS } from '../http/quiet-logs.js';
import { mediaTypeOf } from '../../lib/media-type.js';

const target = (name: string) => errorTarget(syncTargetResource, name);

/** What a schema cannot say: the server's own condition types are not the agent's to set, and each type once. */
export function conditionCauses(report: HeartbeatRequest): Cause[] {
  if (report.conditions === undefined) return [];
  const seen = new Set<string>();
  return report.conditions.flatMap((condition, i): Cause[] => {
    const field = `conditions[${i}].type`;
    if (SERVER_CONDITION_TYPES.includes(condition.type)) {
      return [
        {
          reason: 'FieldValueForbidden',
          field,
          message: `Forbidden: ${condition.type} is set by the server from heartbeats`,
        },
      ];
    }
    if (CONTROLLER_CONDITION_TYPES.includes(condition.type)) {
      return [{ reason: 'FieldValueForbidden', field, message: `Forbidden: ${condition.type} is set by the server` }];
    }
    if (seen.has(condition.type))
      return [{ reason: 'FieldValueDuplicate', field, message: `Duplicate value: "${condition.type}"` }];
    seen.add(condition.type);
    return [];
  });
}

function validationError(request: FastifyRequest, name: string): ApiError | undefined {
  const error = request.validationError;
  if (error) {
    const errors = (error as { validation?: Parameters<typeof causesFromAjv>[0] }).validation ?? [];
    if (errors.some((e) => e.instancePath === '' && e.keyword === 'type'))
      return badRequest('the heartbeat body must be a JSON object');
    return invalidObject(target(name), causesFromAjv(errors));
  }
  const causes = conditionCauses(request.body as HeartbeatRequest);
  return causes.length > 0 ? invalidObject(target(name), causes) : undefined;
}

/** A bare POST (no body at all) is an empty heartbeat; anything else must be JSON. */
function defaultBody(request: FastifyRequest, _reply: unknown, done: (error?: Error) => void): void {
  const type = mediaTypeOf(request.headers['content-type']);
  if (request.body === undefined && !type) request.body = {};
  else if (type !== 'application/json')
    return done(new ApiError(415, 'UnsupportedMediaType', `send the heartbeat as application/json, not "${type}"`));
  done();
}

/** The heartbeat route's URL pattern, as Fastify and the metrics name it. */
export const HEARTBEAT_ROUTE = `${collectionPath(syncTargetResource)}/:name/heartbeat`;

export function registerHeartbeatRoute(
  app: FastifyInstance,
  heartbeats: Heartbeats,
  metrics: HeartbeatMetrics,
  intervalMs: number,
  validatorCompiler: FastifySchemaCompiler<TSchema>,
): void {
  app.post(
    HEARTBEAT_ROUTE,
    {
      validatorCompiler,
      // The answer of nearly every agent request, compiled from its schema; a Status (any other
      // code) keeps every field as JSON.stringify writes it.
      serializerCompiler: ({ schema, httpStatus }) =>
        httpStatus === '200' ? fastJson(schema as object) : JSON.stringify,
      schema: {
        tags: ['agent'],
        security: [{ bearerAuth: [] }],
        summary:
          "Heartbeat of a SyncTarget's syncer agent: marks the target Ready at once and records what the agent reports",
        params: Type.Object({ name: Type.String() }),
        body: HeartbeatRequest,
        response: { 200: HeartbeatResponse, default: Status },
      },
      config: { access: 'agent', kind: 'SyncTarget', authz: agentAuthz('create', 'heartbeat') },
      // Every agent heartbeats every few seconds: a log line per request would drown the rest.
      ...QUIET_REQUEST_LOGS,
      attachValidation: true,
      // Callback-style hooks: this is the hottest route, and they save a promise per request.
      preValidation: defaultBody,
      onError: (request, _reply, error, done) => {
        metrics.received.inc({ result: resultOfStatus(toApiError(error, request).code) });
        done();
      },
    },
    async (request) => {
      const { name } = request.params as { name: string };
      const error = validationError(request, name);
      if (error) throw error;
      const principal = request.principal;
      const uid = principal?.kind === 'agent' ? principal.syncTargetUid : undefined;
      const outcome = await heartbeats.receive(name, request.body as HeartbeatRequest, uid);
      // An agent's target gone or re-created while the body was on its way: its token stands for nothing now.
      if (!outcome) throw uid === undefined ? notFound(target(name)) : expiredMeanwhile();
      metrics.received.inc({ result: outcome });
      return { heartbeatIntervalSeconds: intervalMs / 1000, serverTime: new Date().toISOString() };
    },
  );
}
