// Kubernetes discovery documents (meta/v1 and apidiscovery.k8s.io/v2) and the /version answer,
// in the JSON shapes client-go decodes.
import { Type, type Static } from 'typebox';

export const GroupVersionForDiscovery = Type.Object({
  groupVersion: Type.String({ description: '"group/version"' }),
  version: Type.String(),
});

export const APIGroup = Type.Object({
  kind: Type.Optional(Type.Literal('APIGroup')),
  apiVersion: Type.Optional(Type.Literal('v1')),
  name: Type.String(),
  versions: Type.Array(GroupVersionForDiscovery),
  preferredVersion: GroupVersionForDiscovery,
});
export type APIGroup = Static<typeof APIGroup>;

export const APIGroupList = Type.Object({
  kind: Type.Literal('APIGroupList'),
  apiVersion: Type.Literal('v1'),
  groups: Type.Array(APIGroup),
});

export const APIVersions = Type.Object({
  kind: Type.Literal('APIVersions'),
  versions: Type.Array(Type.String(), { description: 'the versions of the core group; tmc serves none' }),
  serverAddressByClientCIDRs: Type.Array(Type.Object({ clientCIDR: Type.String(), serverAddress: Type.String() })),
});

export const APIResource = Type.Object({
  name: Type.String({ description: 'the plural, or "plural/subresource"' }),
  singularName: Type.String(),
  namespaced: Type.Boolean(),
  group: Type.Optional(
    Type.String({ description: "a subresource answering another group's kind (deployments/scale: autoscaling)" }),
  ),
  version: Type.Optional(Type.String()),
  kind: Type.String(),
  verbs: Type.Array(Type.String()),
  shortNames: Type.Optional(Type.Array(Type.String())),
  categories: Type.Optional(Type.Array(Type.String())),
});
export type APIResource = Static<typeof APIResource>;

export const APIResourceList = Type.Object({
  kind: Type.Literal('APIResourceList'),
  apiVersion: Type.Literal('v1'),
  groupVersion: Type.String(),
  resources: Type.Array(APIResource),
});

const GroupVersionKind = Type.Object({ group: Type.String(), version: Type.String(), kind: Type.String() });

export const APIResourceDiscovery = Type.Object({
  resource: Type.String(),
  responseKind: GroupVersionKind,
  scope: Type.Union([Type.Literal('Cluster'), Type.Literal('Namespaced')]),
  singularResource: Type.String(),
  verbs: Type.Array(Type.String()),
  shortNames: Type.Optional(Type.Array(Type.String())),
  categories: Type.Optional(Type.Array(Type.String())),
  subresources: Type.Optional(
    Type.Array(
      Type.Object({
        subresource: Type.String(),
        responseKind: GroupVersionKind,
        verbs: Type.Array(Type.String()),
      }),
    ),
  ),
});
export type APIResourceDiscovery = Static<typeof APIResourceDiscovery>;

export const APIGroupDiscovery = Type.Object({
  metadata: Type.Object({ name: Type.String() }),
  versions: Type.Array(
    Type.Object({
      version: Type.String(),
      resources: Type.Array(APIResourceDiscovery),
      freshness: Type.Literal('Current'),
    }),
  ),
});
export type APIGroupDiscovery = Static<typeof APIGroupDiscovery>;

export const APIGroupDiscoveryList = Type.Object(
  {
    kind: Type.Literal('APIGroupDiscoveryList'),
    apiVersion: Type.Literal('apidiscovery.k8s.io/v2'),
    metadata: Type.Object({}),
    items: Type.Array(APIGroupDiscovery),
  },
  { description: 'aggregated discovery: every group, version and resource in one answer' },
);

export const VersionInfo = Type.Object({
  major: Type.String(),
  minor: Type.String(),
  gitVersion: Type.String({ description: 'the Kubernetes API level and the tmc version, e.g. v1.35.0+tmc-v0.1.0' }),
  gitCommit: Type.String(),
  gitTreeState: Type.String(),
  buildDate: Type.String(),
  goVersion: Type.String(),
  compiler: Type.String(),
  platform: Type.String(),
});
export type VersionInfo = Static<typeof VersionInfo>;
