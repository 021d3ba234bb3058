// Serves the Kubernetes OpenAPI documents: /openapi/v3 (the index kubectl reads first),
// /openapi/v3/api/v1, /openapi/v3/apis/<group>/<version>, and /openapi/v2 as JSON, or as protobuf when the client
// asks for it, as kubectl does to validate manifests (`kubectl apply --validate=strict`).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { acceptedTypes } from '../../lib/accept.js';
import { ApiError } from '../http/errors.js';
import type { KubeOpenApi } from './kube-openapi.js';
import { OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF_ASKED, encodeOpenApiV2 } from './openapi-v2-protobuf.js';

const tags = ['discovery'];
const security = [{ bearerAuth: [] }];
const config = { access: 'admin' as const };
const PROTOBUF_TYPES = new Set([OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF_ASKED]);

export function registerKubeOpenApi(server: FastifyInstance, documents: KubeOpenApi): void {
  // Typed from the route schemas: params need no casts.
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/openapi/v3',
    {
      schema: {
        tags,
        security,
        summary: 'Where the OpenAPI v3 document of each group version is (kubectl explain reads them)',
      },
      config,
    },
    async () => documents.v3Index(),
  );

  app.get(
    '/openapi/v3/api/:version',
    {
      schema: {
        tags,
        security,
        summary: 'The OpenAPI v3 document of the core group version (v1)',
        params: Type.Object({ version: Type.String() }),
        querystring: Type.Object({
          hash: Type.Optional(Type.String({ description: 'the hash from /openapi/v3, for caches' })),
        }),
      },
      config,
    },
    async (request) => {
      const { version } = request.params;
      const document = documents.v3(`api/${version}`);
      if (!document) throw new ApiError(404, 'NotFound', `the server has no OpenAPI document for "${version}"`);
      return document;
    },
  );

  app.get(
    '/openapi/v3/apis/:group/:version',
    {
      schema: {
        tags,
        security,
        summary: 'The OpenAPI v3 document of one group version, with x-kubernetes-group-version-kind on each kind',
        params: Type.Object({ group: Type.String(), version: Type.String() }),
        querystring: Type.Object({
          hash: Type.Optional(Type.String({ description: 'the hash from /openapi/v3, for caches' })),
        }),
      },
      config,
    },
    async (request) => {
      const { group, version } = request.params;
      const document = documents.v3(`apis/${group}/${version}`);
      if (!document)
        throw new ApiError(404, 'NotFound', `the server has no OpenAPI document for "${group}/${version}"`);
      return document;
    },
  );

  let protobuf: Buffer | undefined;
  app.get(
    '/openapi/v2',
    {
      schema: {
        tags,
        security,
        summary: `The OpenAPI v2 document: JSON, or protobuf with Accept: ${OPENAPI_V2_PROTOBUF_ASKED}`,
      },
      config,
    },
    async (request, reply) => {
      reply.header('vary', 'Accept');
      const accepted = acceptedTypes(request.headers.accept);
      const first = accepted.find((a) => PROTOBUF_TYPES.has(a.type) || a.type.includes('json'));
      if (!first || !PROTOBUF_TYPES.has(first.type)) return documents.v2();
      protobuf ??= encodeOpenApiV2(documents.v2());
      return reply.type(OPENAPI_V2_PROTOBUF).send(protobuf);
    },
  );
}
