// `tmc bootstrap --custom-group GROUP`: the syncer's ClusterRole names every built-in kind it
// syncs; a group of custom resources is granted whole, one rule per group, only when asked for,
// and a built-in group or something that is no group is refused before anything is created.
import t from 'tap';
import { bootstrapCommand, customGroups } from '../../../src/cli/bootstrap.js';
import { bootstrapObjects } from '../../../src/cli/bootstrap-manifest.js';
import { CliError } from '../../../src/cli/errors.js';
import { customGroupRule, EXEC_RULE, SYNCER_RULES } from '../../../src/syncer/downstream/permissions.js';

const settings = {
  syncTarget: 'edge-1',
  image: 'tmc:dev',
  serverUrl: 'https://tmc.example',
  token: 't',
  namespace: 'n',
};
const rulesOf = (objects: Record<string, unknown>[]): unknown =>
  (objects.find((o) => o.kind === 'ClusterRole') as { rules: unknown }).rules;

t.test('without --custom-group the role is SYNCER_RULES and exec, without a wildcard', async (t) => {
  const rules = rulesOf(bootstrapObjects(settings));
  t.same(rules, [...SYNCER_RULES, EXEC_RULE]);
  t.notMatch(JSON.stringify(rules), /\*/);
  t.same(rulesOf(bootstrapObjects({ ...settings, customGroups: [] })), [...SYNCER_RULES, EXEC_RULE]);
  t.same(rulesOf(bootstrapObjects({ ...settings, exec: false })), SYNCER_RULES, '--no-exec: no pods/exec');
  t.notOk(
    SYNCER_RULES.some((rule) => rule.resources.includes('pods/exec')),
    "exec is not in the agent's start-up check",
  );
});

t.test('each custom group adds one rule for all its resources, with the synced verbs', async (t) => {
  const groups = customGroups(['example.com', 'shop.example.org', 'example.com']);
  t.same(groups, ['example.com', 'shop.example.org'], 'each group once, in order');
  t.same(rulesOf(bootstrapObjects({ ...settings, customGroups: groups })), [
    ...SYNCER_RULES,
    EXEC_RULE,
    {
      apiGroups: ['example.com'],
      resources: ['*'],
      verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'],
    },
    customGroupRule('shop.example.org'),
  ]);
});

t.test('a built-in group, or no group at all, is a one-line error naming the flag', async (t) => {
  for (const [group, why] of [
    ['apps', /^--custom-group "apps" is a built-in API group/],
    ['rbac.authorization.k8s.io', /^--custom-group "rbac.authorization.k8s.io" is a built-in API group/],
    ['example', /is a built-in API group/],
    ['Example.COM', /^--custom-group "Example.COM" is not an API group: it must be a DNS subdomain with a dot/],
    ['*', /is not an API group/],
  ] as const) {
    const error = (() => {
      try {
        return customGroups(['example.com', group]);
      } catch (e) {
        return e;
      }
    })();
    t.type(error, CliError, group);
    t.match((error as Error).message, why, group);
    t.notMatch((error as Error).message, /\n/, 'one line');
  }
});

t.test('--help says what --custom-group grants and when it is needed', async (t) => {
  const help = (await helpOf()).replace(/\s+/g, ' ');
  t.match(help, /--custom-group <group> API group of custom resources the syncer may apply, e\.g\. example\.com/);
  t.match(help, /\(repeatable\)/);
  t.match(help, /granted with --custom-group GROUP \(every resource of that group; built-in groups are refused\)/);
  t.match(help, /refuses the object \(403\) and its status says which --custom-group to add/);
  t.match(help, /--custom-group example\.com \| kubectl apply --server-side -f -/);
  t.match(help, /--no-exec leave pods\/exec out of the ClusterRole/);
  t.match(help, /grants pods\/exec \(get, create\), for tmc exec and kubectl exec/);
});

/** `tmc bootstrap --help` as printed, with the text after the options that helpInformation() leaves out. */
async function helpOf(): Promise<string> {
  let text = '';
  const command = bootstrapCommand().exitOverride();
  command.configureOutput({ writeOut: (s) => void (text += s), writeErr: () => undefined });
  try {
    command.parse(['--help'], { from: 'user' });
  } catch {
    // exitOverride throws once the help is written.
  }
  return text;
}
