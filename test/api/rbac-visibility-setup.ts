// Shared set-up for the tests of lists and watches narrowed to what RBAC lets a user see
// (rbac-visibility*.test.ts): ConfigMaps in namespaces a, b and c, and users bound here and there.
import type { TestApp } from '../helpers/app.js';
import { RBAC, bind, canI, createUser, untilAllowed } from '../helpers/users.js';
import { eventually } from '../helpers/agents.js';
import { CM, configMap } from './rbac-setup.js';

export const ALL_CM = '/api/v1/configmaps';
export const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

/** "namespace/name" of each item of a list answer. */
export const keys = (list: any): string[] =>
  (list.items ?? []).map((i: any) => `${i.metadata.namespace}/${i.metadata.name}`);

export async function configMaps(api: TestApp, names: string[]): Promise<void> {
  for (const key of names) {
    const [namespace, name] = key.split('/') as [string, string];
    const created = await api.call('POST', CM(namespace), configMap(name));
    if (created.statusCode !== 201) throw new Error(`creating ${key}: ${created.body}`);
  }
}

/** A user with `view` in namespaces a and c only. */
export async function viewerOfAandC(api: TestApp): Promise<string> {
  const dana = await createUser(api, 'dana', ['team-d']);
  await bind(api, 'view', 'view', [{ kind: 'Group', name: 'team-d' }], 'a');
  await bind(api, 'view', 'view', [{ kind: 'Group', name: 'team-d' }], 'c');
  await untilAllowed(api, dana, { verb: 'list', resource: 'configmaps', namespace: 'a' });
  await untilAllowed(api, dana, { verb: 'list', resource: 'configmaps', namespace: 'c' });
  return dana;
}

/** Deletes a RoleBinding and waits until RBAC no longer grants `verb` on ConfigMaps in its namespace. */
export async function unbind(api: TestApp, token: string, namespace: string, name: string, verb = 'watch') {
  const deleted = await api.call('DELETE', `${RBAC}/namespaces/${namespace}/rolebindings/${name}`);
  if (deleted.statusCode !== 200) throw new Error(`deleting RoleBinding ${namespace}/${name}: ${deleted.body}`);
  await eventually(
    async () => ((await canI(api, token, { verb, resource: 'configmaps', namespace })) ? undefined : true),
    `RBAC to forget ${namespace}/${name}`,
  );
}
