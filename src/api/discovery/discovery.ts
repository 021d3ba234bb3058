// Kubernetes discovery: /version, /api, /apis, /apis/<group> and /apis/<group>/<version>, so
// kubectl and client libraries find tmc's kinds, their verbs and short names. /api and /apis
// answer in the aggregated apidiscovery.k8s.io/v2 form when the Accept header asks for it.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { acceptedTypes, isJsonAs, takesPlainJson } from '../../lib/accept.js';
import {
  APIGroup,
  APIGroupDiscoveryList,
  APIGroupList,
  APIResourceList,
  APIVersions,
  type VersionInfo,
  VersionInfo as VersionSchema,
} from '../../schemas/discovery.js';
import { Status } from '../../schemas/meta.js';
import { KUBERNETES_API_VERSION } from '../../version.js';
import type { ApiResources } from './api-resources.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, groupDiscoveryList } from './discovery-documents.js';
import { ApiError } from '../http/errors.js';
import { answerAs, exactContentType } from '../http/exact-content-type.js';

export const AGGREGATED_DISCOVERY = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

const tags = ['discovery'];
const security = [{ bearerAuth: [] }];
const config = { access: 'admin' as const };

/** Whether the client asks for aggregated discovery before (or instead of) the plain form. */
function wantsAggregated(request: FastifyRequest): boolean {
  for (const accepted of acceptedTypes(request.headers.accept)) {
    if (isJsonAs(accepted, 'APIGroupDiscoveryList', 'apidiscovery.k8s.io', 'v2')) return true;
    if (takesPlainJson(accepted)) return false;
  }
  return false;
}

type Answer = () => unknown;

function negotiated(request: FastifyRequest, reply: FastifyReply, aggregated: Answer, plain: Answer): unknown {
  // Caches between client and server must key the answer on Accept too.
  reply.header('vary', 'Accept');
  if (!wantsAggregated(request)) return plain();
  answerAs(reply, AGGREGATED_DISCOVERY);
  return aggregated();
}

/** Kubernetes' version.Info (/version): the Kubernetes API level, with the tmc version after the "+". */
export function versionInfo(version: string, kubernetes = KUBERNETES_API_VERSION): VersionInfo {
  const [major = '1', minor = '0'] = kubernetes.split('.');
  return {
    major,
    minor,
    gitVersion: `v${major}.${minor}.0+tmc-v${version}`,
    gitCommit: '',
    gitTreeState: '',
    buildDate: '',
    goVersion: '',
    compiler: '',
    platform: `${process.platform}/${process.arch}`,
  };
}

const notFound = (what: string) =>
  new ApiError(404, 'NotFound', `the server could not find the requested resource (${what})`);

export function registerDiscovery(server: FastifyInstance, resources: ApiResources, version: string): void {
  // Typed from the route schemas: params and bodies need no casts.
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  const answers = (ok: unknown) => ({ 200: ok, default: Status });
  const aggregatedNote = `; with Accept: ${AGGREGATED_DISCOVERY} the aggregated APIGroupDiscoveryList`;

  const info = versionInfo(version);
  app.get(
    '/version',
    {
      schema: { tags, summary: 'The server version, as Kubernetes reports it', response: { 200: VersionSchema } },
      config: { access: 'public' },
    },
    async () => info,
  );

  app.get(
    '/api',
    {
      schema: {
        tags,
        security,
        summary: `The versions of the core group${aggregatedNote}`,
        response: answers(Type.Union([APIVersions, APIGroupDiscoveryList])),
      },
      config,
      onSend: exactContentType,
    },
    async (request, reply) =>
      negotiated(
        request,
        reply,
        () => groupDiscoveryList(resources.groupVersions(), true),
        () => apiVersions(resources.versionsOf('')),
      ),
  );

  app.get(
    '/api/:version',
    {
      schema: {
        tags,
        security,
        summary: 'The resources of a core group version (v1): names, kinds, verbs, short names',
        params: Type.Object({ version: Type.String() }),
        response: answers(APIResourceList),
      },
      config,
    },
    async (request) => {
      const { version: v } = request.params;
      const gv = resources.groupVersion('', v);
      if (!gv) throw notFound(`API version "${v}"`);
      return apiResourceList(gv);
    },
  );

  app.get(
    '/apis',
    {
      schema: {
        tags,
        security,
        summary: `The API groups and their versions${aggregatedNote}`,
        response: answers(Type.Union([APIGroupList, APIGroupDiscoveryList])),
      },
      config,
      onSend: exactContentType,
    },
    async (request, reply) =>
      negotiated(
        request,
        reply,
        () => groupDiscoveryList(resources.groupVersions(), false),
        () => apiGroupList(resources.groupVersions()),
      ),
  );

  app.get(
    '/apis/:group',
    {
      schema: {
        tags,
        security,
        summary: 'One API group and its versions',
        params: Type.Object({ group: Type.String() }),
        response: answers(APIGroup),
      },
      config,
    },
    async (request) => {
      const { group } = request.params;
      const versions = resources.versionsOf(group);
      if (versions.length === 0 || group === '') throw notFound(`API group "${group}"`);
      return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(group, versions) };
    },
  );

  app.get(
    '/apis/:group/:version',
    {
      schema: {
        tags,
        security,
        summary: 'The resources of one group version: names, kinds, verbs, short names, categories',
        params: Type.Object({ group: Type.String(), version: Type.String() }),
        response: answers(APIResourceList),
      },
      config,
    },
    async (request) => {
      const { group, version: v } = request.params;
      const gv = resources.groupVersion(group, v);
      if (!gv || group === '') throw notFound(`API group version "${group}/${v}"`);
      return apiResourceList(gv);
    },
  );
}
