// The Kubernetes OpenAPI documents that kubectl and generated clients read: /openapi/v3 (an
// index of one document per group version) and /openapi/v2 (one document), made from the
// resource routes (api-resources.ts) and their TypeBox schemas. Every kind's type carries
// x-kubernetes-group-version-kind, which `kubectl explain` and kubectl's validation look up.
import { createHash } from 'node:crypto';
import type { ApiResources, GroupVersion } from './api-resources.js';
import { SchemaNames } from './kube-openapi-names.js';
import { operation, openApiPath } from './kube-openapi-operations.js';
import { type OpenApiVersion, SchemaWriter } from './kube-openapi-schema.js';

type Json = Record<string, unknown>;

const BEARER = { type: 'apiKey', in: 'header', name: 'authorization', description: 'Bearer Token authentication' };

/** The paths of the given group versions, and the named types they refer to (transitively). */
function pathsAndTypes(gvs: GroupVersion[], names: SchemaNames, version: OpenApiVersion) {
  const writer = new SchemaWriter(names, version);
  const paths: Record<string, Json> = {};
  for (const gv of gvs) {
    for (const served of gv.resources) {
      for (const route of served.routes) {
        const path = openApiPath(route.url);
        paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(served, route, writer) };
      }
    }
  }
  const types: Record<string, Json> = {};
  for (let pending = [...writer.used]; pending.length > 0; pending = [...writer.used].filter((n) => !types[n])) {
    for (const name of pending) {
      const gvk = names.kinds.get(name);
      const { description, ...written } = writer.write(names.schemaOf(name), true);
      // A type's description is on each field of that type (TypeBox copies it there), where
      // explain prints it; kept on the type too, explain would print it twice.
      types[name] = gvk ? { description, ...written, 'x-kubernetes-group-version-kind': [gvk] } : written;
    }
  }
  const sorted = Object.fromEntries(
    Object.keys(types)
      .sort()
      .map((name) => [name, types[name]]),
  );
  return { paths, types: sorted };
}

const discoveryPath = (gv: GroupVersion): string => (gv.group ? `apis/${gv.group}/${gv.version}` : `api/${gv.version}`);
const hashOf = (document: unknown): string =>
  createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();

export class KubeOpenApi {
  private built?: { names: SchemaNames; v3: Map<string, Json>; root: Json; v2: Json };

  /** Documents are made on first use: by then every route is registered. */
  constructor(
    private readonly resources: ApiResources,
    private readonly version: string,
  ) {}

  /** The served kinds changed (a CustomResourceDefinition): the documents are made again on next use. */
  forget(): void {
    this.built = undefined;
  }

  private build() {
    if (this.built) return this.built;
    const gvs = this.resources.groupVersions();
    const served = gvs.flatMap((gv) => gv.resources);
    const names = new SchemaNames(served.map((r) => r.def));
    // The kinds subresources answer (autoscaling/v1 Scale) are named types with their kind too.
    for (const route of served.flatMap((r) => r.routes)) {
      const answer = (route.schema.response as Record<string, object> | undefined)?.[200];
      if (route.responseKind && answer) names.addOtherKind(answer, route.responseKind);
    }
    const info = { title: 'tmc', version: this.version };
    const v3 = new Map<string, Json>();
    const index: Record<string, { serverRelativeURL: string }> = {};
    for (const gv of gvs) {
      const { paths, types } = pathsAndTypes([gv], names, 'v3');
      const document = {
        openapi: '3.0.0',
        info,
        paths,
        components: { schemas: types, securitySchemes: { BearerToken: BEARER } },
        security: [{ BearerToken: [] }],
      };
      v3.set(discoveryPath(gv), document);
      index[discoveryPath(gv)] = { serverRelativeURL: `/openapi/v3/${discoveryPath(gv)}?hash=${hashOf(document)}` };
    }
    const { paths, types } = pathsAndTypes(gvs, names, 'v2');
    const v2 = {
      swagger: '2.0',
      info,
      paths,
      definitions: types,
      securityDefinitions: { BearerToken: BEARER },
      security: [{ BearerToken: [] }],
    };
    this.built = { names, v3, root: { paths: index }, v2 };
    return this.built;
  }

  /** /openapi/v3: where each group version's document is, with a hash that changes with it. */
  v3Index(): Json {
    return this.build().root;
  }

  /** /openapi/v3/apis/<group>/<version>, or undefined for a group version tmc does not serve. */
  v3(path: string): Json | undefined {
    return this.build().v3.get(path);
  }

  v2(): Json {
    return this.build().v2;
  }
}
