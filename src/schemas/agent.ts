// The agent protocol's bodies: the heartbeat a syncer sends and the answers it gets, the feed of
// the objects placed on its target, and the answer that hands out an agent token.
import { Type, type Static } from 'typebox';
import { ConditionStatus, StringMap } from './meta.js';
import { ApiResources, ApiResourcesHash, FreePods, ResourceList } from './synctarget.js';
import { SyncPolicy } from './sync-policy.js';

/** The server's own conditions: derived from heartbeats, never taken from an agent. */
export const SERVER_CONDITION_TYPES: readonly string[] = ['Ready', 'HeartbeatHealthy'];

/**
 * Conditions other server controllers write (the kcp mirror's Mirrored): not the agent's to set, and kept when it
 * reports its own.
 */
export const CONTROLLER_CONDITION_TYPES: readonly string[] = ['Mirrored'];

export const AgentCondition = Type.Object(
  {
    type: Type.String({
      pattern: '^[A-Za-z][A-Za-z0-9]*$',
      maxLength: 316,
      description: 'a CamelCase condition type of the agent, such as SyncerAuthorized or DownstreamReachable',
    }),
    status: ConditionStatus,
    reason: Type.Optional(Type.String({ maxLength: 1024 })),
    message: Type.Optional(Type.String({ maxLength: 32_768 })),
  },
  // Extra fields (a lastTransitionTime, say) are dropped: the server stamps transitions itself.
  { additionalProperties: false },
);
export type AgentCondition = Static<typeof AgentCondition>;

export const HeartbeatRequest = Type.Object(
  {
    syncerVersion: Type.Optional(Type.String({ maxLength: 256 })),
    kubernetesVersion: Type.Optional(Type.String({ maxLength: 256 })),
    capacity: Type.Optional(ResourceList),
    allocatable: Type.Optional(ResourceList),
    apiResources: Type.Optional(ApiResources),
    freePods: Type.Optional(FreePods),
    apiResourcesHash: Type.Optional(ApiResourcesHash),
    conditions: Type.Optional(
      Type.Array(AgentCondition, {
        maxItems: 64,
        description: "the agent's own conditions; replaces those it sent before",
      }),
    ),
  },
  {
    // Unknown fields are dropped rather than refused, so a newer agent can talk to an older server.
    additionalProperties: false,
    description: 'What the agent knows of its side. Every field is optional; a field left out keeps its stored value.',
  },
);
export type HeartbeatRequest = Static<typeof HeartbeatRequest>;

export const HeartbeatResponse = Type.Object({
  heartbeatIntervalSeconds: Type.Number({ description: 'send the next heartbeat after this many seconds' }),
  serverTime: Type.String({ format: 'date-time' }),
});
export type HeartbeatResponse = Static<typeof HeartbeatResponse>;

export const AgentTokenResponse = Type.Object(
  { token: Type.String({ description: 'shown once; the server keeps only its SHA-256' }) },
  {
    description:
      'A new agent token. Older tokens of the SyncTarget stay valid for the token grace period (--token-grace).',
  },
);

export const AgentTokenTimesList = Type.Object(
  {
    tokens: Type.Array(
      Type.Object(
        {
          issued: Type.String({ format: 'date-time' }),
          expires: Type.Optional(
            Type.String({
              format: 'date-time',
              description: 'absent: valid until a newer token ends it',
            }),
          ),
        },
        { additionalProperties: false },
      ),
      { description: 'oldest first' },
    ),
  },
  {
    description:
      "The times of a SyncTarget's agent tokens still valid: when each was issued and when it ends. " +
      'Never a token or its hash.',
  },
);
export type AgentTokenTimesList = Static<typeof AgentTokenTimesList>;

export const FeedItemMetadata = Type.Object(
  {
    name: Type.String(),
    namespace: Type.String({
      description: "'' for a cluster-scoped object: only the CustomResourceDefinition of a custom resource placed here",
    }),
    labels: Type.Optional(StringMap),
    annotations: Type.Optional(StringMap),
    generation: Type.Integer({ minimum: 0 }),
    // Not the object's own metadata: where the agent reads the Placements' day-two policy for this
    // target. Inside metadata because an agent from before it copies only the fields above from
    // here, where a new top-level field would be applied downstream as part of the object.
    syncPolicy: Type.Optional(SyncPolicy),
  },
  { description: 'only what the agent applies: no uid, resourceVersion, timestamps or managed fields' },
);

/**
 * One object placed on the target, of any kind, as it should be applied: apiVersion, kind, the
 * metadata above and every other top-level field as the user gave it (spec, data, stringData,
 * binaryData, type, immutable, rules, subjects, roleRef, secrets...), never its status.
 */
export const FeedItem = Type.Object(
  {
    apiVersion: Type.String({ description: 'e.g. v1, apps/v1, networking.k8s.io/v1' }),
    kind: Type.String(),
    metadata: FeedItemMetadata,
  },
  {
    additionalProperties: true,
    description: 'An object as it should be applied downstream: no status or server bookkeeping',
  },
);
/** The schema keeps the kind's other fields (additionalProperties), which its Static type does not say. */
export type FeedItem = Static<typeof FeedItem> & { [field: string]: unknown };

/** A namespace of the target's objects, with what the agent sets on it downstream. */
export const FeedNamespace = Type.Object(
  {
    name: Type.String(),
    labels: Type.Optional(StringMap),
    annotations: Type.Optional(StringMap),
  },
  {
    description:
      "the Namespace's labels and annotations here (but kubectl's last-applied-configuration and the " +
      'kubernetes.io/metadata.name label, which every cluster sets itself), which the agent applies to the ' +
      'namespace downstream; one no longer listed is removed there',
  },
);
export type FeedNamespace = Static<typeof FeedNamespace>;

export const FeedResponse = Type.Object({
  resourceVersion: Type.String({ description: 'send it back as ?resourceVersion= to wait for the next change' }),
  items: Type.Array(FeedItem, {
    description:
      'the objects placed on this SyncTarget in apply order: the CustomResourceDefinitions of the custom ' +
      'resources placed here, ServiceAccounts, ConfigMaps, Secrets, ' +
      'PersistentVolumeClaims, Services, RBAC and NetworkPolicies, workloads, then Ingresses, HPAs and PDBs; ' +
      'by namespace and name within a kind',
  }),
  namespaces: Type.Optional(
    Type.Array(FeedNamespace, {
      description:
        "every namespace of the items, by name (absent from a server before it, and in the Deployments' feed " +
        'of agents before other kinds)',
    }),
  ),
});
export type FeedResponse = Omit<Static<typeof FeedResponse>, 'items'> & { items: FeedItem[] };
