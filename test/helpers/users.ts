// Users, their tokens and RBAC objects for the access tests, all through HTTP as the admin.
import type { CallOptions, TestApp } from './app.js';
import { eventually } from './agents.js';

export const USERS_PATH = '/apis/tmc.kcp.io/v1alpha1/users';
export const RBAC = '/apis/rbac.authorization.k8s.io/v1';
export const SSAR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
export const SSRR_PATH = '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews';

export async function createUser(api: TestApp, name: string, groups: string[] = []): Promise<string> {
  const user = { apiVersion: 'tmc.kcp.io/v1alpha1', kind: 'User', metadata: { name }, spec: { groups } };
  const created = await api.call('POST', USERS_PATH, user);
  if (created.statusCode !== 201) throw new Error(`creating user ${name}: ${created.body}`);
  return userToken(api, name);
}

export async function userToken(api: TestApp, name: string, body: unknown = {}): Promise<string> {
  const issued = await api.call('POST', `${USERS_PATH}/${name}/tokens`, body);
  if (issued.statusCode !== 201) throw new Error(`issuing a token for ${name}: ${issued.body}`);
  return issued.json.token as string;
}

type Subject = { kind: 'User' | 'Group'; name: string };
const subject = (s: Subject) => ({ ...s, apiGroup: 'rbac.authorization.k8s.io' });

/** A RoleBinding in `namespace` (or a ClusterRoleBinding without one) of ClusterRole `role`. */
export async function bind(
  api: TestApp,
  name: string,
  role: string,
  subjects: Subject[],
  namespace?: string,
  roleKind = 'ClusterRole',
) {
  const kind = namespace ? 'RoleBinding' : 'ClusterRoleBinding';
  const path = namespace ? `${RBAC}/namespaces/${namespace}/rolebindings` : `${RBAC}/clusterrolebindings`;
  const reply = await api.call('POST', path, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: role },
    subjects: subjects.map(subject),
  });
  if (reply.statusCode !== 201) throw new Error(`creating ${kind} ${name}: ${reply.body}`);
}

export async function clusterRole(api: TestApp, name: string, rules: unknown[]) {
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules };
  const reply = await api.call('POST', `${RBAC}/clusterroles`, role);
  if (reply.statusCode !== 201) throw new Error(`creating ClusterRole ${name}: ${reply.body}`);
}

export type ResourceAttributes = {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
  name?: string;
  subresource?: string;
};

export async function canI(api: TestApp, token: string, attributes: ResourceAttributes): Promise<boolean> {
  const reply = await api.call(
    'POST',
    SSAR_PATH,
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: attributes },
    },
    { token },
  );
  if (reply.statusCode !== 201) throw new Error(`SelfSubjectAccessReview: ${reply.body}`);
  return reply.json.status.allowed === true;
}

/** Waits until RBAC (fed by the informers) grants it: bindings take effect once the change feed brings them. */
export const untilAllowed = (api: TestApp, token: string, attributes: ResourceAttributes) =>
  eventually(
    async () => ((await canI(api, token, attributes)) ? true : undefined),
    `RBAC to allow ${JSON.stringify(attributes)}`,
  );

export const as = (token: string): CallOptions => ({ token });
