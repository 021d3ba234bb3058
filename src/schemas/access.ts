// The control plane's own access kinds: tmc Users (named credentials with groups), the
// cluster-scoped RBAC kinds that govern tmc's API, and the self reviews kubectl asks with
// `auth can-i`. None of them travels to clusters; namespaced Role/RoleBinding (policy-kinds.ts)
// both travel and count for tmc's API in their namespace (see the README, "Users and RBAC").
import { Type, type Static } from 'typebox';
import { kubeObject, Open } from './kube-object.js';
import { listOf } from './meta.js';
import { PolicyRule, RoleRef, Subject } from './policy-kinds.js';

export const USER_GROUP = 'tmc.kcp.io';
export const USER_VERSION = 'v1alpha1';
export const RBAC_GROUP = 'rbac.authorization.k8s.io';
export const AUTHORIZATION_GROUP = 'authorization.k8s.io';
export const AUTHENTICATION_GROUP = 'authentication.k8s.io';

export const UserSpec = Type.Object(
  {
    groups: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { description: 'the groups the user is in' })),
  },
  { additionalProperties: false, description: 'who the user is: the groups RBAC bindings may name' },
);

export const User = kubeObject(
  `${USER_GROUP}/${USER_VERSION}`,
  'User',
  { spec: Type.Optional(UserSpec) },
  'A tmc User: a named credential holder with groups. Tokens are issued by POST .../users/{name}/tokens',
);
export const UserList = listOf(User, `${USER_GROUP}/${USER_VERSION}`, 'User');

export const ClusterRole = kubeObject(
  `${RBAC_GROUP}/v1`,
  'ClusterRole',
  { rules: Type.Optional(Type.Array(PolicyRule)) },
  "An rbac.authorization.k8s.io/v1 ClusterRole of tmc's own API: permissions any binding may grant",
);
export const ClusterRoleList = listOf(ClusterRole, `${RBAC_GROUP}/v1`, 'ClusterRole');

export const ClusterRoleBinding = kubeObject(
  `${RBAC_GROUP}/v1`,
  'ClusterRoleBinding',
  {
    roleRef: RoleRef,
    subjects: Type.Optional(Type.Array(Subject)),
  },
  "An rbac.authorization.k8s.io/v1 ClusterRoleBinding of tmc's own API: a ClusterRole granted in every namespace",
);
export const ClusterRoleBindingList = listOf(ClusterRoleBinding, `${RBAC_GROUP}/v1`, 'ClusterRoleBinding');

/** POST .../users/{name}/tokens: both fields optional. */
export const UserTokenRequest = Type.Object(
  {
    expirationSeconds: Type.Optional(
      Type.Integer({
        minimum: 60,
        description: 'the new token ends after this; none: it never expires',
      }),
    ),
    gracePeriodSeconds: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          "how long the user's older tokens stay valid (default: the server's --token-grace; " + '0 ends them at once)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type UserTokenRequest = Static<typeof UserTokenRequest>;

export const UserTokenResponse = Type.Object({
  token: Type.String({ description: 'the bearer token, shown only in this answer' }),
  expirationTimestamp: Type.Optional(Type.String({ format: 'date-time' })),
});

export const ResourceAttributes = Open({
  namespace: Type.Optional(Type.String()),
  verb: Type.Optional(Type.String()),
  group: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  resource: Type.Optional(Type.String()),
  subresource: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
});
export type ResourceAttributes = Static<typeof ResourceAttributes>;

export const NonResourceAttributes = Open({ path: Type.Optional(Type.String()), verb: Type.Optional(Type.String()) });

const reviewObject = (kind: string, spec: Record<string, ReturnType<typeof Type.Optional>>, description: string) =>
  Open(
    {
      apiVersion: Type.Optional(Type.String()),
      kind: Type.Optional(Type.String()),
      metadata: Type.Optional(Open({})),
      spec: Open(spec),
      status: Type.Optional(Open({})),
    },
    `An ${AUTHORIZATION_GROUP}/v1 ${kind}: ${description}`,
  );

export const SelfSubjectAccessReview = reviewObject(
  'SelfSubjectAccessReview',
  {
    resourceAttributes: Type.Optional(ResourceAttributes),
    nonResourceAttributes: Type.Optional(NonResourceAttributes),
  },
  'may I do this? (kubectl auth can-i VERB RESOURCE)',
);
export type SelfSubjectAccessReview = Static<typeof SelfSubjectAccessReview>;

export const SelfSubjectRulesReview = reviewObject(
  'SelfSubjectRulesReview',
  {
    namespace: Type.Optional(Type.String()),
  },
  'what may I do in this namespace? (kubectl auth can-i --list)',
);

/** Who a caller is, as the authenticator saw it: what `kubectl auth whoami` prints. */
export const UserInfo = Open({
  username: Type.Optional(Type.String()),
  groups: Type.Optional(Type.Array(Type.String())),
});

/** Asked with an empty body: the answer's status says who asked. */
export const SelfSubjectReview = Open(
  {
    apiVersion: Type.Optional(Type.String()),
    kind: Type.Optional(Type.String()),
    metadata: Type.Optional(Open({})),
    status: Type.Optional(Open({ userInfo: Type.Optional(UserInfo) })),
  },
  `An ${AUTHENTICATION_GROUP}/v1 SelfSubjectReview: who am I? (kubectl auth whoami)`,
);

/** The stored kinds of this file: the control plane's own, never placed nor carried. */
export const ACCESS_KINDS = ['User', 'ClusterRole', 'ClusterRoleBinding'] as const;

/** The answer of a revocation: a Status of success, as kube-apiserver gives for deletions of no object. */
export const SuccessStatus = Type.Object({
  apiVersion: Type.Literal('v1'),
  kind: Type.Literal('Status'),
  status: Type.Literal('Success'),
  code: Type.Integer(),
  message: Type.String(),
});
