// The audit log: a record of who changed what. One event per request that changes something or
// is refused (401/403), and at level `all` per every other API request too, in the shape of
// Kubernetes' audit.k8s.io/v1 Event at its Metadata level: who, what (the verb and the object's
// reference, the attributes RBAC judged), the answer's code and the request id. Never a body, a
// query, a header's value or a token: a line says who did what, never with what.
import type { FastifyRequest, onResponseHookHandler } from 'fastify';
import type { Attributes } from '../../access/rbac.js';
import type { Principal } from '../../schemas/principal.js';
import { attributesOnce } from './authorize.js';

export type AuditLevel = 'none' | 'writes' | 'all';

export interface AuditUser {
  username: string;
  groups: string[];
}

/** Who made the request, as Kubernetes names users: the admin token is the break-glass identity. */
export function auditUser(principal: Principal | undefined): AuditUser {
  if (!principal) return { username: 'system:anonymous', groups: ['system:unauthenticated'] };
  if (principal.kind === 'admin') {
    return { username: 'system:admin', groups: ['system:masters', 'system:authenticated'] };
  }
  if (principal.kind === 'agent') {
    return { username: `system:agent:${principal.syncTarget}`, groups: ['system:agents', 'system:authenticated'] };
  }
  return { username: principal.name, groups: principal.groups };
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const READ_VERBS = new Set(['get', 'list', 'watch', 'head', 'options']);
const refused = (code: number): boolean => code === 401 || code === 403;
/** A read through an agent's tunnel reaches into a cluster (pods, logs): recorded at every level. */
const proxied = (attributes: Attributes): boolean => 'subresource' in attributes && attributes.subresource === 'proxy';

/**
 * Whether the level records the request. A heartbeat goes with the reads: it says an agent is
 * alive every few seconds, like a kubelet's Lease renewal, which audit policies commonly leave out.
 */
function recorded(level: AuditLevel, attributes: Attributes, code: number): boolean {
  if (level === 'all' || refused(code) || proxied(attributes)) return true;
  return !READ_VERBS.has(attributes.verb) && !('subresource' in attributes && attributes.subresource === 'heartbeat');
}

const REF_FIELDS = ['resource', 'namespace', 'name', 'apiGroup', 'subresource'] as const;

/**
 * The object a request was about, as Kubernetes' ObjectReference; empty fields left out. A plain
 * loop: built for every refused request, a flood's verified failures included.
 */
function objectRef(attributes: Attributes): Record<string, string> | undefined {
  if (attributes.path !== undefined) return undefined;
  const ref: Record<string, string> = {};
  for (const field of REF_FIELDS) if (attributes[field]) ref[field] = attributes[field];
  return ref;
}

/** The audit event of an answered request. */
export function auditEvent(request: FastifyRequest, code: number, elapsedMs: number): Record<string, unknown> {
  const attributes = attributesOnce(request);
  const now = new Date();
  const received = new Date(now.getTime() - Math.round(elapsedMs));
  const ref = objectRef(attributes);
  return {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: request.id,
    stage: 'ResponseComplete',
    // The path alone: a query may carry whatever a client typed.
    requestURI: request.url.split('?')[0],
    verb: attributes.verb,
    user: auditUser(request.principal),
    sourceIPs: [request.ip],
    ...(ref ? { objectRef: ref } : {}),
    responseStatus: { code },
    requestReceivedTimestamp: received.toISOString(),
    stageTimestamp: now.toISOString(),
  };
}

/** Where events go: one JSON object per call, written as one line. */
export type AuditSink = (event: Record<string, unknown>) => void;

/**
 * The hook that records each answered request the level asks for. Only requests whose token
 * was judged: one turned away before (a malformed request) names nobody and changed nothing.
 */
export function auditHook(level: AuditLevel, sink: AuditSink): onResponseHookHandler {
  const audit: onResponseHookHandler = (request, reply, done) => {
    const code = reply.statusCode;
    // Most requests are reads: left at once, before any attribute is worked out.
    const proxy = request.routeOptions.config.authz?.subresource === 'proxy';
    if (level === 'writes' && READ_METHODS.has(request.method) && !refused(code) && !proxy) return done();
    if (!request.principal && code !== 401) return done();
    if (recorded(level, attributesOnce(request), code)) sink(auditEvent(request, code, reply.elapsedTime));
    done();
  };
  return audit;
}
