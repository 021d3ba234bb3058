// Two teams on one control plane, through the real kubectl against a real `tmc server` on both
// stores: Users made with `tmc user create`, each team `edit` in its own namespace and `view` in
// the other's. Each user writes in its own namespace, reads the other's, is refused writes there
// and on SyncTargets in kube-apiserver's words, and `kubectl auth can-i` answers what RBAC grants
// (`kubectl auth whoami` who asks).
// The server's audit file then holds exactly one line per write each user made, and no token or
// Secret value.
import { join } from 'node:path';
import type { Test } from 'tap';
import t from 'tap';
import { testedStoreKinds } from '../helpers/stores.js';
import { ST, until } from './control-plane.js';
import { kubectlOnTmc, kubectlOrSkip } from './kubectl-tmc.js';
import {
  type Expected,
  type TeamUser,
  bindingsFile,
  isSelfReview,
  readAudit,
  reduced,
  teamUser,
} from './kubectl-teams.js';

const ALL = 'get list watch create update patch delete deletecollection';

/** Everything one user does; answers the writes it made, as the audit must record them. */
async function work(t: Test, user: TeamUser): Promise<Expected[]> {
  const { kubectl, own, other, name } = user;
  const ok = async (...argv: string[]) => {
    const result = await kubectl.run(...argv);
    t.equal(result.code, 0, `${name}: kubectl ${argv.join(' ')} ${result.stderr}`);
    return result.stdout;
  };
  const refused = async (pattern: RegExp, ...argv: string[]) => {
    const result = await kubectl.run(...argv);
    t.not(result.code, 0, `${name}: kubectl ${argv.join(' ')} is refused`);
    t.match(result.stderr, pattern, `${name}: kubectl ${argv.join(' ')} says why`);
  };
  const forbidden = (verb: string, resource: string, where: string, object = '') =>
    new RegExp(
      `Error from server \\(Forbidden\\): .*${resource.replace('.', '\\.')}${object ? ` "${object}"` : ''} is forbidden: ` +
        `User "${name}" cannot ${verb} resource "${resource.split('.')[0]}" in API group "${resource.split('.').slice(1).join('.')}" ${where}`,
    );
  const inOther = `in the namespace "${other}"`;

  t.match(await ok('patch', 'deployment', 'web', '-p', '{"spec":{"replicas":2}}'), /deployment.apps\/web patched/);
  t.match(await ok('apply', '-f', user.files.settings), /configmap\/settings created/);
  t.match(await ok('patch', 'configmap', 'settings', '--type', 'merge', '-p', '{"data":{"mode":"b"}}'), /patched/);
  t.match(await ok('delete', 'configmap', 'settings'), /configmap "settings" deleted/);
  t.match(await ok('apply', '-f', user.files.creds), /secret\/creds created/);
  t.equal(await ok('get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}'), '2');

  // The other team's namespace: reads work, writes are refused.
  t.match(await ok('get', 'deployments', '-n', other), /^web\s/m, `${name} lists ${other}'s Deployments`);
  t.equal(await ok('get', 'deployment', 'web', '-n', other, '-o', 'jsonpath={.metadata.name}'), 'web');
  await ok('get', 'configmaps', '-n', other);
  await refused(forbidden('create', 'deployments.apps', inOther), 'apply', '-f', user.files.intruder, '-n', other);
  await refused(forbidden('delete', 'deployments.apps', inOther, 'web'), 'delete', 'deployment', 'web', '-n', other);
  await refused(/Forbidden/, 'get', 'secrets', '-n', other);
  // SyncTargets are the fleet admins': no writes (nor reads) for a team.
  const cluster = 'at the cluster scope';
  const st = 'synctargets.workload.kcp.io';
  await refused(forbidden('create', st, cluster), 'create', '-f', user.files.edge);
  // kubectl patch reads the object first: the read is what is refused.
  const cordon = ['patch', 'st', 'edge-1', '--type', 'merge', '-p', '{"spec":{"unschedulable":true}}'];
  await refused(forbidden('get', st, cluster, 'edge-1'), ...cordon);
  await refused(forbidden('delete', st, cluster, 'edge-1'), 'delete', 'st', 'edge-1');

  // kubectl auth whoami: the name and groups RBAC judges.
  const whoami = JSON.parse(await ok('auth', 'whoami', '-o', 'json'));
  t.equal(whoami.status.userInfo.username, name, `kubectl auth whoami names ${name}`);
  t.ok(whoami.status.userInfo.groups.includes('system:authenticated'), 'and its groups');
  // kubectl auth can-i: one question, and --list for the own and the other namespace.
  const noCreate = await kubectl.run('auth', 'can-i', 'create', 'deployments', '-n', other);
  t.equal(noCreate.stdout.trim(), 'no', `${name} may not create Deployments in ${other}`);
  t.equal(noCreate.code, 1);
  t.equal((await kubectl.run('auth', 'can-i', 'create', 'deployments')).stdout.trim(), 'yes');
  t.equal((await kubectl.run('auth', 'can-i', 'create', 'synctargets')).stdout.trim(), 'no');
  const mine = await ok('auth', 'can-i', '--list', '-n', own);
  const theirs = await ok('auth', 'can-i', '--list', '-n', other);
  for (const [list, verbs, where] of [
    [mine, ALL, 'own'],
    [theirs, 'get list watch', 'other'],
  ] as const) {
    t.match(
      list,
      new RegExp(`^deployments\\.apps\\s+\\[\\]\\s+\\[\\]\\s+\\[${verbs}\\]$`, 'm'),
      `${where}: Deployments`,
    );
    t.match(list, new RegExp(`^configmaps\\s+\\[\\]\\s+\\[\\]\\s+\\[${verbs}\\]$`, 'm'), `${where}: ConfigMaps`);
    t.match(list, /^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    t.notMatch(list, /^rolebindings/m, `${where}: no RBAC objects`);
    t.notMatch(list, /synctargets/, `${where}: no SyncTargets`);
  }
  t.match(mine, new RegExp(`^secrets\\s+\\[\\]\\s+\\[\\]\\s+\\[${ALL}\\]$`, 'm'), 'own: Secrets');
  t.notMatch(theirs, /^secrets\s/m, 'other: no Secrets');

  return [
    { verb: 'patch', resource: 'deployments', namespace: own, name: 'web', code: 200 },
    { verb: 'create', resource: 'configmaps', namespace: own, name: 'settings', code: 201 },
    { verb: 'patch', resource: 'configmaps', namespace: own, name: 'settings', code: 200 },
    { verb: 'delete', resource: 'configmaps', namespace: own, name: 'settings', code: 200 },
    { verb: 'create', resource: 'secrets', namespace: own, name: 'creds', code: 201 },
    { verb: 'create', resource: 'deployments', namespace: other, code: 403 },
    { verb: 'delete', resource: 'deployments', namespace: other, name: 'web', code: 403 },
    { verb: 'list', resource: 'secrets', namespace: other, code: 403 },
    { verb: 'create', resource: 'synctargets', code: 403 },
    { verb: 'get', resource: 'synctargets', name: 'edge-1', code: 403 },
    { verb: 'delete', resource: 'synctargets', name: 'edge-1', code: 403 },
  ];
}

const kubectlBin = await kubectlOrSkip(t);
if (kubectlBin) {
  for (const store of testedStoreKinds()) {
    await t.test(`two teams through kubectl on ${store}`, async (t) => {
      const audit = join(t.testdir(), 'audit', 'audit.log');
      const { dir, plane, ok } = await kubectlOnTmc(t, kubectlBin, store, ['--audit-log-path', audit]);
      await plane.ok('POST', ST, { metadata: { name: 'edge-1' } });
      const alice = await teamUser(kubectlBin, dir, plane.kubeconfig, {
        name: 'alice',
        group: 'team-a',
        other: 'team-b',
      });
      const bob = await teamUser(kubectlBin, dir, plane.kubeconfig, { name: 'bob', group: 'team-b', other: 'team-a' });
      t.match(await ok('apply', '-f', bindingsFile(dir)), /rolebinding.rbac.authorization.k8s.io\/team-a-view created/);
      // Bindings reach RBAC through the change feed: wait until each user may write its own namespace.
      for (const user of [alice, bob])
        await until(
          `${user.name} may edit ${user.own}`,
          async () => (await user.kubectl.run('auth', 'can-i', 'create', 'deployments')).code === 0,
        );

      const expected = new Map<string, Expected[]>();
      for (const user of [alice, bob]) {
        t.match(await user.kubectl.ok('apply', '-f', user.files.web), /deployment.apps\/web created/);
        expected.set(user.name, [
          { verb: 'create', resource: 'deployments', namespace: user.own, name: 'web', code: 201 },
        ]);
      }
      for (const user of [alice, bob]) expected.get(user.name)!.push(...(await work(t, user)));
      for (const user of [alice, bob]) {
        t.match(await user.kubectl.ok('delete', 'deployment', 'web'), /deployment.apps "web" deleted/);
        expected
          .get(user.name)!
          .push({ verb: 'delete', resource: 'deployments', namespace: user.own, name: 'web', code: 200 });
      }

      const { text, events } = readAudit(audit);
      for (const user of [alice, bob]) {
        const own = events.filter((event) => event.user.username === user.name);
        t.ok(own.length > 0, `${user.name} is in the audit log`);
        for (const event of own)
          t.same(event.user.groups, [user.group, 'system:authenticated'], `${user.name}'s groups`);
        t.ok(own.some(isSelfReview), `${user.name}'s kubectl auth can-i is recorded`);
        t.same(
          own.filter((event) => !isSelfReview(event)).map(reduced),
          expected.get(user.name),
          `${user.name}: one line per write`,
        );
        t.notOk(text.includes(user.token), `${user.name}'s token is not in the audit log`);
        t.notOk(text.includes(user.secretValue), `${user.name}'s Secret is not in the audit log`);
        t.notOk(text.includes(Buffer.from(user.secretValue).toString('base64')), 'nor its base64');
      }
      t.notOk(text.includes(plane.adminToken), 'the admin token is not in the audit log');
    });
  }
}
