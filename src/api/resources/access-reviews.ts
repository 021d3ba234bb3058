// SelfSubjectAccessReview and SelfSubjectRulesReview (authorization.k8s.io/v1): what
// `kubectl auth can-i VERB RESOURCE` and `kubectl auth can-i --list` ask. Any authenticated
// caller may ask about itself; admin tokens may do everything (system:masters).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authorizer, PolicyRule } from '../../access/rbac.js';
import { AUTHORIZATION_GROUP, SelfSubjectAccessReview, SelfSubjectRulesReview } from '../../schemas/access.js';
import { Status } from '../../schemas/meta.js';
import type { Principal } from '../../schemas/principal.js';
import { badRequest } from '../http/errors.js';
import type { Attributes } from '../../access/rbac.js';
import { requireMediaType } from '../http/require-media-type.js';
import { KUBE_PROTOBUF } from '../protobuf/kube-protobuf.js';
import { decodeReview } from './review-protobuf.js';
import { selfReviewRoute } from './self-review.js';

const PATH = `/apis/${AUTHORIZATION_GROUP}/v1`;
const API_VERSION = `${AUTHORIZATION_GROUP}/v1`;
const MASTERS_RULES: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

interface AccessSpec {
  resourceAttributes?: Record<string, string | undefined>;
  nonResourceAttributes?: { path?: string; verb?: string };
}

function attributesOfSpec(spec: AccessSpec): Attributes {
  const r = spec.resourceAttributes;
  const n = spec.nonResourceAttributes;
  if (r && n) throw badRequest('spec: give resourceAttributes or nonResourceAttributes, not both');
  if (n) return { verb: n.verb ?? '', path: n.path ?? '' };
  if (!r) throw badRequest('spec: give resourceAttributes or nonResourceAttributes');
  return {
    verb: r.verb ?? '',
    namespace: r.namespace ?? '',
    apiGroup: r.group ?? '',
    resource: r.resource ?? '',
    subresource: r.subresource ?? '',
    name: r.name ?? '',
  };
}

function decide(authorizer: Authorizer, principal: Principal | undefined, attributes: Attributes) {
  if (principal?.kind === 'admin') return { allowed: true, reason: 'the admin token is in system:masters' };
  if (principal?.kind !== 'user') {
    return { allowed: false, reason: 'agent tokens have fixed rights: their own agent endpoints' };
  }
  return authorizer.allows(principal, attributes)
    ? { allowed: true, reason: 'RBAC: allowed by a binding' }
    : { allowed: false };
}

function rulesOf(authorizer: Authorizer, principal: Principal | undefined, namespace: string): PolicyRule[] {
  if (principal?.kind === 'admin') return MASTERS_RULES;
  return principal?.kind === 'user' ? [...authorizer.rulesFor(principal, namespace)] : [];
}

const echo = (request: FastifyRequest, kind: string) => {
  const body = request.body as { metadata?: unknown; spec: unknown };
  return { apiVersion: API_VERSION, kind, metadata: body.metadata ?? {}, spec: body.spec };
};

/** JSON, or protobuf as kubectl sends the reviews: both decode to the same object. */
const requireReviewType = requireMediaType('application/json', KUBE_PROTOBUF);

export function registerAccessReviews(app: FastifyInstance, authorizer: Authorizer): void {
  reviewRoutes(app, authorizer);
  selfReviewRoute(app, requireReviewType, decodeReview);
}

function reviewRoutes(app: FastifyInstance, authorizer: Authorizer): void {
  const common = { tags: ['authorization'], security: [{ bearerAuth: [] }] };
  const config = (resource: string) => ({
    access: 'admin' as const,
    authz: { verb: 'create', apiGroup: AUTHORIZATION_GROUP, resource },
    protobuf: decodeReview,
  });
  const preValidation = requireReviewType;
  app.post(
    `${PATH}/selfsubjectaccessreviews`,
    {
      schema: {
        ...common,
        summary: 'May I do this? (kubectl auth can-i)',
        body: SelfSubjectAccessReview,
        response: { 201: SelfSubjectAccessReview, default: Status },
      },
      config: config('selfsubjectaccessreviews'),
      preValidation,
    },
    async (request, reply) => {
      const review = echo(request, 'SelfSubjectAccessReview');
      const status = decide(authorizer, request.principal, attributesOfSpec(review.spec as AccessSpec));
      return reply.code(201).send({ ...review, status });
    },
  );
  app.post(
    `${PATH}/selfsubjectrulesreviews`,
    {
      schema: {
        ...common,
        summary: 'What may I do in this namespace? (kubectl auth can-i --list)',
        body: SelfSubjectRulesReview,
        response: { 201: SelfSubjectRulesReview, default: Status },
      },
      config: config('selfsubjectrulesreviews'),
      preValidation,
    },
    async (request, reply) => {
      const review = echo(request, 'SelfSubjectRulesReview');
      const namespace = (review.spec as { namespace?: string }).namespace ?? '';
      const rules = rulesOf(authorizer, request.principal, namespace);
      const resourceRules = rules
        .filter((r) => !r.nonResourceURLs)
        .map((r) => ({
          verbs: r.verbs,
          apiGroups: r.apiGroups ?? [],
          resources: r.resources ?? [],
          ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {}),
        }));
      const nonResourceRules = rules
        .filter((r) => r.nonResourceURLs)
        .map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
      return reply.code(201).send({ ...review, status: { resourceRules, nonResourceRules, incomplete: false } });
    },
  );
}
