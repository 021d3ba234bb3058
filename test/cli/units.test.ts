// The CLI's pure parts, in process: ages as kubectl prints them, the three-way apply patch,
// selectors in tables, kind aliases, and bootstrap names and permissions.
import t from 'tap';
import { applyMergePatch } from '../../src/lib/merge-patch.js';
import { threeWayPatch } from '../../src/cli/apply-patch.js';
import { bootstrapObjects, syncerResourceName } from '../../src/cli/bootstrap-manifest.js';
import { selectorString } from '../../src/lib/columns.js';
import { kindByName } from '../../src/cli/kinds.js';
import { humanDuration, nameList } from '../../src/lib/human-duration.js';
import { renderTable } from '../../src/cli/table.js';
import { EXEC_RULE, SYNCER_RULES, syncerAccessChecks } from '../../src/syncer/downstream/permissions.js';

t.test("ages read like kubectl's", async (t) => {
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  const cases: [number, string][] = [
    [-5 * s, '<invalid>'],
    [-500, '0s'],
    [0, '0s'],
    [59 * s, '59s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [3 * m + 12 * s, '3m12s'],
    [10 * m, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [5 * h + 30 * m, '5h30m'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [3 * d + 4 * h, '3d4h'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [730 * d, '2y'],
    [800 * d, '2y70d'],
    [3000 * d, '8y'],
  ];
  for (const [ms, text] of cases) t.equal(humanDuration(ms), text, `${ms} ms`);
});

t.test('tables pad columns three spaces apart and shorten long name lists', async (t) => {
  t.equal(
    renderTable(
      ['NAME', 'AGE'],
      [
        ['a', '1s'],
        ['longer', '2m'],
      ],
    ),
    'NAME     AGE\na        1s\nlonger   2m\n',
  );
  t.equal(nameList([]), '<none>');
  t.equal(nameList(['a', 'b', 'c', 'd', 'e']), 'a,b,c + 2 more...');
});

t.test("the three-way patch: the file wins, dropped fields go, others' fields stay", async (t) => {
  const original = { metadata: { labels: { a: '1', b: '2' } }, spec: { x: 1, list: [1, 2] } };
  const modified = { metadata: { labels: { a: '1', c: '3' } }, spec: { list: [1] } };
  const current = {
    metadata: { labels: { a: '1', b: '2', byHand: 'y' } },
    spec: { x: 1, list: [1, 2], unschedulable: true },
  };
  const patch = threeWayPatch(original, modified, current);
  t.same(patch, { metadata: { labels: { b: null, c: '3' } }, spec: { x: null, list: [1] } });
  t.same(applyMergePatch(current, patch), {
    metadata: { labels: { a: '1', byHand: 'y', c: '3' } },
    spec: { list: [1], unschedulable: true },
  });
  t.same(
    threeWayPatch(modified, modified, applyMergePatch(current, patch) as never),
    {},
    'applying again changes nothing',
  );
  t.same(
    threeWayPatch(undefined, { spec: { a: 1 } }, { spec: { a: 1, b: 2 } }),
    {},
    'without a previous apply nothing is removed',
  );
});

t.test('selectors print in the string form of list calls', async (t) => {
  t.equal(
    selectorString({
      matchLabels: { env: 'prod' },
      matchExpressions: [
        { key: 'region', operator: 'In', values: ['eu', 'us'] },
        { key: 'gpu', operator: 'Exists' },
        { key: 'old', operator: 'DoesNotExist' },
        { key: 'tier', operator: 'NotIn', values: ['canary'] },
      ],
    }),
    'env=prod,region in (eu,us),gpu,!old,tier notin (canary)',
  );
  t.equal(selectorString({}), '<all>');
  t.equal(selectorString(undefined), '<none>');
});

t.test('kinds answer to kubectl-style names', async (t) => {
  for (const name of ['st', 'synctarget', 'synctargets', 'SyncTarget'])
    t.equal(kindByName(name).kind, 'SyncTarget', name);
  for (const name of ['deploy', 'deployment', 'deployments', 'deployments.apps'])
    t.equal(kindByName(name).kind, 'Deployment', name);
  for (const name of ['placement', 'placements']) t.equal(kindByName(name).kind, 'Placement', name);
  t.throws(() => kindByName('pods'), /unknown resource type "pods"/);
});

t.test('bootstrap names fit label values; permissions are named, never wildcards', async (t) => {
  t.equal(syncerResourceName('edge-1'), 'tmc-syncer-edge-1');
  const long = syncerResourceName('a'.repeat(200));
  t.ok(long.length <= 63, long);
  t.match(long, /^tmc-syncer-a+-[0-9a-f]{8}$/);
  t.not(
    syncerResourceName(`${'a'.repeat(100)}x`),
    syncerResourceName(`${'a'.repeat(100)}y`),
    'different targets, different names',
  );

  const objects = bootstrapObjects({ syncTarget: 'e', image: 'i', serverUrl: 'https://s', token: 't', namespace: 'n' });
  const role = objects.find((o) => o.kind === 'ClusterRole') as { rules: unknown };
  t.same(role.rules, [...SYNCER_RULES, EXEC_RULE], "the syncer's rules and exec (unless --no-exec)");
  const noExec = bootstrapObjects({
    syncTarget: 'e',
    image: 'i',
    serverUrl: 'https://s',
    token: 't',
    namespace: 'n',
    exec: false,
  });
  t.same((noExec.find((o) => o.kind === 'ClusterRole') as { rules: unknown }).rules, SYNCER_RULES, 'no exec');
  for (const rule of SYNCER_RULES) {
    for (const value of [...rule.apiGroups, ...rule.resources, ...rule.verbs]) t.notMatch(value, /\*/, 'no wildcard');
  }
  const expected = SYNCER_RULES.reduce((sum, r) => sum + r.apiGroups.length * r.resources.length * r.verbs.length, 0);
  t.equal(syncerAccessChecks().length, expected, 'one check per (group, resource, verb)');
  t.ok(expected > 100, 'every kind the agent applies, each verb');
  for (const [group, resource] of [
    ['apps', 'deployments'],
    ['', 'configmaps'],
    ['batch', 'cronjobs'],
  ]) {
    t.ok(
      syncerAccessChecks().some((c) => c.group === group && c.resource === resource && c.verb === 'get'),
      resource,
    );
  }
});
