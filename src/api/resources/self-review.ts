// SelfSubjectReview (authentication.k8s.io/v1): what `kubectl auth whoami` asks. The answer is
// the caller as the audit log names it, so the two never disagree on who someone is.
import type { FastifyInstance, preValidationAsyncHookHandler } from 'fastify';
import { AUTHENTICATION_GROUP, SelfSubjectReview } from '../../schemas/access.js';
import { Status } from '../../schemas/meta.js';
import { auditUser } from '../http/audit.js';

const API_VERSION = `${AUTHENTICATION_GROUP}/v1`;

/** In the reviews' context, whose parser reads the protobuf body kubectl sends. */
export function selfReviewRoute(
  app: FastifyInstance,
  preValidation: preValidationAsyncHookHandler,
  protobuf: (body: Buffer) => unknown,
): void {
  app.post(
    `/apis/${API_VERSION}/selfsubjectreviews`,
    {
      schema: {
        tags: ['authentication'],
        security: [{ bearerAuth: [] }],
        summary: 'Who am I? (kubectl auth whoami)',
        body: SelfSubjectReview,
        response: { 201: SelfSubjectReview, default: Status },
      },
      config: {
        access: 'admin' as const,
        authz: { verb: 'create', apiGroup: AUTHENTICATION_GROUP, resource: 'selfsubjectreviews' },
        protobuf,
      },
      preValidation,
    },
    async (request, reply) => {
      const metadata = (request.body as { metadata?: { name?: string } }).metadata ?? {};
      const status = { userInfo: auditUser(request.principal) };
      return reply.code(201).send({ apiVersion: API_VERSION, kind: 'SelfSubjectReview', metadata, status });
    },
  );
}
