// Shared set-up for the RBAC tests (rbac-*.test.ts): ConfigMap helpers and two teams, each with `edit` in its own
// namespace and `view` in the other's.
import type { TestApp } from '../helpers/app.js';
import { bind, createUser, untilAllowed } from '../helpers/users.js';

export const CM = (ns: string) => `/api/v1/namespaces/${ns}/configmaps`;
export const configMap = (name: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { a: '1' },
});

export async function twoTeams(api: TestApp) {
  const alice = await createUser(api, 'alice', ['team-a']);
  const bob = await createUser(api, 'bob', ['team-b']);
  await bind(api, 'edit', 'edit', [{ kind: 'Group', name: 'team-a' }], 'team-a');
  await bind(api, 'view-a', 'view', [{ kind: 'Group', name: 'team-b' }], 'team-a');
  await bind(api, 'edit', 'edit', [{ kind: 'Group', name: 'team-b' }], 'team-b');
  await bind(api, 'view-b', 'view', [{ kind: 'Group', name: 'team-a' }], 'team-b');
  await untilAllowed(api, alice, { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'team-b' });
  await untilAllowed(api, bob, { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'team-a' });
  return { alice, bob };
}
