// What the fuzzers start from: one object of every kind (so that item routes, status, scale,
// patches and the agent routes reach real objects), and the three callers: the admin, an agent
// and a user with `edit` in namespace team-a and `view` in default.
import type { Test } from 'tap';
import { ADMIN_TOKEN, ST_PATH, type TestApp, syncTarget, testApp } from '../helpers/app.js';
import { issueToken } from '../helpers/agents.js';
import { SAMPLES, kindPath } from '../helpers/kinds.js';
import { type Sender, listen } from '../helpers/http.js';
import { RBAC, USERS_PATH, untilAllowed, userToken } from '../helpers/users.js';
import { DEPLOY_PATH, PLACEMENT_PATH, deployment, placement } from '../helpers/workloads.js';
import { OVR, override } from '../api/query-parameters-table.js';
import { type Route, pluralOf } from './routes.js';

const rbac = (kind: string, name: string, extra: object) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name },
  ...extra,
});
const roleRef = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' };

/** The seed object of each plural, and the collection it is created in. */
export const SEEDS: Record<string, { collection: string; object: any }> = {
  synctargets: { collection: ST_PATH, object: syncTarget('edge-1', { zone: 'a' }) },
  deployments: { collection: DEPLOY_PATH(), object: deployment('web') },
  placements: { collection: PLACEMENT_PATH(), object: placement('all', { syncTargetSelector: {} }) },
  overrides: { collection: OVR.replace('{namespace}', 'default'), object: override('ovr') },
  users: {
    collection: USERS_PATH,
    object: { apiVersion: 'tmc.kcp.io/v1alpha1', kind: 'User', metadata: { name: 'bob' }, spec: { groups: [] } },
  },
  clusterroles: { collection: `${RBAC}/clusterroles`, object: rbac('ClusterRole', 'fuzz-role', { rules: [] }) },
  clusterrolebindings: {
    collection: `${RBAC}/clusterrolebindings`,
    object: rbac('ClusterRoleBinding', 'fuzz-binding', { roleRef, subjects: [] }),
  },
};
for (const { plural, object } of SAMPLES) {
  SEEDS[plural] = { collection: kindPath(object.apiVersion, plural), object };
}

const binding = (name: string, role: string, subject: object) =>
  rbac('RoleBinding', name, {
    roleRef: { ...roleRef, name: role },
    subjects: [{ ...subject, apiGroup: roleRef.apiGroup }],
  });

/** The limited user and its rights: seeds too, since a fuzzed deletecollection may take them. */
const USER_SEEDS = [
  {
    collection: USERS_PATH,
    object: {
      apiVersion: 'tmc.kcp.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'fuzzer' },
      spec: { groups: ['fuzzers'] },
    },
  },
  {
    collection: kindPath('rbac.authorization.k8s.io/v1', 'rolebindings', 'team-a'),
    object: binding('fuzzer-edit', 'edit', { kind: 'User', name: 'fuzzer' }),
  },
  {
    collection: kindPath('rbac.authorization.k8s.io/v1', 'rolebindings'),
    object: binding('fuzzer-view', 'view', { kind: 'Group', name: 'fuzzers' }),
  },
];

/** The seed's name for a route's {name} (and {object}, {deployment} of the agent routes). */
export function seedName(route: Route): string {
  const agent = /synctargets\/\{name\}\/([a-z]+)/.exec(route.path)?.[1];
  if (agent && route.path.includes('{namespace}')) return SEEDS[agent]?.object.metadata.name ?? 'web';
  return SEEDS[pluralOf(route.path) ?? '']?.object.metadata.name ?? 'edge-1';
}

export interface Caller {
  name: 'admin' | 'agent' | 'user';
  token: string;
}

export interface Fuzzed {
  api: TestApp;
  http: Sender;
  callers: Caller[];
  /** Creates again whatever seed a fuzzed request deleted: true if it did. */
  reseed(): Promise<boolean>;
}

/** Creates the seeds that are missing; answers the plurals it created. */
async function reseed(api: TestApp): Promise<Set<string>> {
  const created = new Set<string>();
  for (const { collection, object } of [...Object.values(SEEDS), ...USER_SEEDS]) {
    const reply = await api.call('GET', `${collection}/${object.metadata.name}`);
    if (reply.statusCode === 200) continue;
    const made = await api.call('POST', collection, object);
    if (made.statusCode !== 201) throw new Error(`seeding ${collection}: ${made.statusCode} ${made.body}`);
    created.add(`${object.kind}/${object.metadata.name}`);
  }
  return created;
}

/** Seeds what is missing and gives the agent and the user a new token when their object is new. */
async function restore(api: TestApp, callers: Caller[]): Promise<boolean> {
  const created = await reseed(api);
  const caller = (name: string) => callers.find((c) => c.name === name)!;
  if (created.has('SyncTarget/edge-1')) caller('agent').token = await issueToken(api, 'edge-1');
  if (created.has('User/fuzzer')) caller('user').token = await userToken(api, 'fuzzer');
  if (created.size > 0) await userRights(api, caller('user').token);
  return created.size > 0;
}

async function userRights(api: TestApp, user: string): Promise<void> {
  await untilAllowed(api, user, { verb: 'create', resource: 'deployments', group: 'apps', namespace: 'team-a' });
  await untilAllowed(api, user, { verb: 'list', resource: 'deployments', group: 'apps', namespace: 'default' });
}

/** A fresh app on the store of `t`, listening, with its seeds and callers. */
export async function fuzzedApp(t: Test): Promise<Fuzzed> {
  // No heartbeat goes stale while the fuzzer runs: the monitor would write between snapshots.
  // The fuzzer sends far more than any caller's rate budget: the limits would answer most of it 429.
  const unlimited = { agentQps: 1_000_000, agentBurst: 1_000_000, userQps: 1_000_000, userBurst: 1_000_000 };
  const api = await testApp(t, { heartbeatThresholdMs: 3_600_000, ...unlimited });
  const http = await listen(api);
  const callers: Caller[] = [
    { name: 'admin', token: ADMIN_TOKEN },
    { name: 'agent', token: '' },
    { name: 'user', token: '' },
  ];
  await reseed(api);
  callers[1].token = await issueToken(api, 'edge-1');
  callers[2].token = await userToken(api, 'fuzzer');
  await userRights(api, callers[2].token);
  return { api, http, callers, reseed: () => restore(api, callers) };
}
