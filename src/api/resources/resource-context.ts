// What every route of one kind shares: its typed app, OpenAPI tags, route config, schemas of the
// path and body, and the reads the handlers build on. Made once per kind by registerResource.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type TObject, type TOptional, type TSchema, type TString } from 'typebox';
import { type KubeObject, Status } from '../../schemas/meta.js';
import type { ObjectKey, Store } from '../../store/types.js';
import { notFound } from '../http/errors.js';
import { collectionPath, errorTarget, inputSchemaOf, type ResourceDefinition } from '../http/resource-definition.js';

export interface Params {
  namespace?: string;
  name?: string;
}

export type ResourceContext = ReturnType<typeof resourceContext>;

export function resourceContext(server: FastifyInstance, def: ResourceDefinition, store: Store) {
  // Typed from the route schemas: params and queries need no casts.
  const app = server.withTypeProvider<TypeBoxTypeProvider>();
  // `resource` tells discovery, the Kubernetes OpenAPI documents and Tables what a route serves.
  const config = { kind: def.kind, access: 'admin' as const, resource: def };
  // Only namespaced kinds' paths hold a namespace: typed optional, so one handler serves both.
  const keyParams = (
    def.namespaced
      ? Type.Object({ namespace: Type.String(), name: Type.String() })
      : Type.Object({ name: Type.String() })
  ) as TObject<{ namespace: TOptional<TString>; name: TString }>;
  const keyOf = (p: Params): ObjectKey => ({
    kind: def.kind,
    namespace: def.namespaced ? (p.namespace ?? '') : '',
    name: p.name ?? '',
  });
  const load = async (p: Params): Promise<KubeObject> => {
    const object = await store.get(keyOf(p));
    if (!object) throw notFound(errorTarget(def, p.name));
    return object;
  };
  const shown = async (object: KubeObject): Promise<KubeObject> => {
    await def.present?.([object]);
    return object;
  };
  return {
    app,
    def,
    store,
    tags: [def.kind],
    security: [{ bearerAuth: [] }],
    config,
    /** The path of one object, under which its subresources and PATCH route are. */
    itemPath: `${collectionPath(def)}/:name`,
    keyParams,
    collectionParams: def.namespaced ? { params: Type.Object({ namespace: Type.String() }) } : {},
    input: inputSchemaOf(def),
    answers: (ok: TSchema, code = 200) => ({ [code]: ok, default: Status }),
    keyOf,
    load,
    shown,
  };
}
