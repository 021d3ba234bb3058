// The kinds the CustomResourceDefinitions in the store add, kept current from their informer on
// every replica: for each served version, its resource definition (schema from openAPIV3Schema),
// its recorded routes, and what discovery and the OpenAPI documents show of it.
import type { TObject } from 'typebox';
import { printerColumns } from '../../lib/printer-columns.js';
import { customResourceSchema } from '../../lib/structural-schema.js';
import type { CustomResourceDefinition, CustomResourceVersion } from '../../schemas/crd.js';
import { type KubeObject, ObjectMeta, listOf } from '../../schemas/meta.js';
import type { Store } from '../../store/types.js';
import { ApiResources, type ServedResource } from '../discovery/api-resources.js';
import type { ResourceDefinition } from '../http/resource-definition.js';
import { type RecordedRoute, recordRoutes, routeKey } from './recorded-routes.js';

export interface CustomKind {
  def: ResourceDefinition;
  crd: CustomResourceDefinition;
  routes: Map<string, RecordedRoute>;
  served: ServedResource;
}

/** The resource definition of one version of a CustomResourceDefinition. */
export function customResource(crd: CustomResourceDefinition, version: CustomResourceVersion): ResourceDefinition {
  const { group, names, scope } = crd.spec;
  const apiVersion = `${group}/${version.name}`;
  const schema = customResourceSchema(version.schema?.openAPIV3Schema, ObjectMeta) as unknown as TObject;
  return {
    group,
    version: version.name,
    kind: names.kind,
    plural: names.plural,
    namespaced: scope === 'Namespaced',
    schema,
    listSchema: listOf(schema, apiVersion, names.kind),
    ...(names.shortNames?.length ? { shortNames: names.shortNames } : {}),
    ...(names.categories?.length ? { categories: names.categories } : {}),
    columns: printerColumns(version.additionalPrinterColumns ?? []),
    // Objects are stored in the version they were written in; each is served in the version asked
    // (conversion None: only apiVersion differs between versions).
    present: async (objects) => {
      for (const object of objects) object.apiVersion = apiVersion;
    },
  };
}

function customKind(crd: CustomResourceDefinition, version: CustomResourceVersion, store: Store): CustomKind {
  const def = customResource(crd, version);
  const recorded = recordRoutes(def, store, version.subresources?.status !== undefined);
  const discovery = new ApiResources();
  for (const route of recorded) discovery.add(route);
  const served = discovery.servedResources()[0]!;
  const routes = new Map(recorded.map((r) => [routeKey(r.method, r.url), r]));
  return { def, crd, routes, served };
}

export class CustomKinds {
  private byPath = new Map<string, CustomKind>();
  private groupOfKind = new Map<string, string>();
  /** By "plural.group", as agents name a resource in their reports: the storage version's kind, else a served one's. */
  private byResource = new Map<string, ResourceDefinition>();

  constructor(
    private readonly store: Store,
    /** Told after every change of the served kinds. */
    private readonly changed: () => void,
  ) {}

  /** Serves the kinds of these definitions, and only them. */
  update(crds: Iterable<KubeObject>): void {
    const byPath = new Map<string, CustomKind>();
    const groupOfKind = new Map<string, string>();
    const byResource = new Map<string, ResourceDefinition>();
    for (const object of crds) {
      const crd = object as unknown as CustomResourceDefinition;
      groupOfKind.set(crd.spec.names.kind, crd.spec.group);
      for (const version of crd.spec.versions) {
        if (!version.served) continue;
        const kind = customKind(crd, version, this.store);
        byPath.set(`${crd.spec.group}/${version.name}/${crd.spec.names.plural}`, kind);
        const resource = `${crd.spec.names.plural}.${crd.spec.group}`;
        if (version.storage || !byResource.has(resource)) byResource.set(resource, kind.def);
      }
    }
    this.byPath = byPath;
    this.groupOfKind = groupOfKind;
    this.byResource = byResource;
    this.changed();
  }

  find(group: string, version: string, plural: string): CustomKind | undefined {
    return this.byPath.get(`${group}/${version}/${plural}`);
  }

  /** A served version's resource definition of "plural.group" (the storage version's when it is served). */
  ofResource(resource: string): ResourceDefinition | undefined {
    return this.byResource.get(resource);
  }

  /** The group of the definition that names this kind, if one does. */
  groupOf(kind: string): string | undefined {
    return this.groupOfKind.get(kind);
  }

  served(): ServedResource[] {
    return [...this.byPath.values()].map((k) => k.served);
  }
}
