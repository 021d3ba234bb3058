// The discovery documents, built from what the routes serve (api-resources.ts): the
// unaggregated meta/v1 forms and the aggregated apidiscovery.k8s.io/v2 form that kubectl asks
// for first, which carries every group, version and resource in one answer.
import type { APIGroup, APIGroupDiscovery, APIResource, APIResourceDiscovery } from '../../schemas/discovery.js';
import type { GroupVersion, ServedResource } from './api-resources.js';

const singular = (served: ServedResource): string => served.def.kind.toLowerCase();

const naming = (served: ServedResource) => ({
  ...(served.def.shortNames?.length ? { shortNames: served.def.shortNames } : {}),
  ...(served.def.categories?.length ? { categories: served.def.categories } : {}),
});

export function apiGroup(name: string, versions: GroupVersion[]): APIGroup {
  const listed = versions.map((gv) => ({ groupVersion: gv.groupVersion, version: gv.version }));
  return { name, versions: listed, preferredVersion: listed[0]! };
}

/** /apis: each group once, its versions in the order they were registered. */
export function apiGroupList(all: GroupVersion[]) {
  const groups = [...new Set(all.map((gv) => gv.group))].filter((g) => g !== '');
  return {
    kind: 'APIGroupList' as const,
    apiVersion: 'v1' as const,
    groups: groups.map((group) =>
      apiGroup(
        group,
        all.filter((gv) => gv.group === group),
      ),
    ),
  };
}

/** /api: the versions of the core group (v1: ConfigMaps, Secrets, Services...). */
export function apiVersions(core: GroupVersion[]) {
  return { kind: 'APIVersions' as const, versions: core.map((gv) => gv.version), serverAddressByClientCIDRs: [] };
}

/** /apis/<group>/<version>: the kinds, then each subresource as "plural/name", as Kubernetes lists them. */
export function apiResourceList(gv: GroupVersion) {
  const resources: APIResource[] = [];
  for (const served of gv.resources) {
    const { def } = served;
    resources.push({
      name: def.plural,
      singularName: singular(served),
      namespaced: def.namespaced,
      kind: def.kind,
      verbs: served.verbs,
      ...naming(served),
    });
    for (const sub of served.subresources) {
      const name = `${def.plural}/${sub.name}`;
      const other = sub.responseKind ? { group: sub.responseKind.group, version: sub.responseKind.version } : {};
      const kind = sub.responseKind?.kind ?? def.kind;
      resources.push({ name, singularName: '', namespaced: def.namespaced, ...other, kind, verbs: sub.verbs });
    }
  }
  return { kind: 'APIResourceList' as const, apiVersion: 'v1' as const, groupVersion: gv.groupVersion, resources };
}

function resourceDiscovery(served: ServedResource): APIResourceDiscovery {
  const { def } = served;
  const responseKind = { group: def.group, version: def.version, kind: def.kind };
  return {
    resource: def.plural,
    responseKind,
    scope: def.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: singular(served),
    verbs: served.verbs,
    ...naming(served),
    ...(served.subresources.length
      ? {
          subresources: served.subresources.map((s) => ({
            subresource: s.name,
            responseKind: s.responseKind ?? responseKind,
            verbs: s.verbs,
          })),
        }
      : {}),
  };
}

/** The aggregated form of /apis (every group but core) or of /api (core only). */
export function groupDiscoveryList(all: GroupVersion[], core: boolean) {
  const groups = [...new Set(all.map((gv) => gv.group))].filter((g) => (g === '') === core);
  const items: APIGroupDiscovery[] = groups.map((group) => ({
    metadata: { name: group },
    versions: all
      .filter((gv) => gv.group === group)
      .map((gv) => ({
        version: gv.version,
        resources: gv.resources.map(resourceDiscovery),
        freshness: 'Current' as const,
      })),
  }));
  return { kind: 'APIGroupDiscoveryList' as const, apiVersion: 'apidiscovery.k8s.io/v2' as const, metadata: {}, items };
}
