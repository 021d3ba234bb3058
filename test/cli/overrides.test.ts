// Overrides through the built CLI: apply from YAML, get (its columns, wide, as kubectl's Table
// from the server), describe naming the Overrides applied per target, a change refused at
// admission as one line naming the path, and delete.
import t from 'tap';
import { stringify } from 'yaml';
import { assertOneLineError, parseTable, startCliServer, syncTarget, waitFor, YOUNG_AGE } from './cli-helpers.js';

t.setTimeout(240_000);

const override = (name: string, changes: unknown[]) => ({
  apiVersion: 'scheduling.kcp.io/v1alpha1',
  kind: 'Override',
  metadata: { name, namespace: 'team-a' },
  spec: {
    resourceSelectors: [{ apiVersion: 'apps/v1', kind: 'Deployment', names: ['web'] }],
    targetSelector: { matchLabels: { region: 'eu' } },
    changes,
  },
});
const WEB = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'team-a', labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'web:1' }] } },
  },
};

t.test('overrides', async (t) => {
  const server = await startCliServer(t);
  const placement = {
    apiVersion: 'scheduling.kcp.io/v1alpha1',
    kind: 'Placement',
    metadata: { name: 'all', namespace: 'team-a' },
    spec: { syncTargetSelector: {} },
  };
  const manifest = [
    syncTarget('edge-eu', { region: 'eu' }),
    WEB,
    placement,
    override('eu', [{ image: { registry: 'eu.gcr.io' } }, { replicas: 2 }]),
  ]
    .map((o) => stringify(o))
    .join('---\n');
  const applied = await server.run(['apply', '-f', '-'], { input: manifest });
  t.equal(applied.code, 0, applied.stderr);
  t.equal(
    applied.stdout,
    'synctarget/edge-eu created\ndeployment/web created\nplacement/all created\noverride/eu created\n',
  );
  const described = await waitFor(t, 'describe to name the Override on edge-eu', async () => {
    const out = (await server.run(['describe', 'deployment', 'web', '-n', 'team-a'])).stdout;
    return /edge-eu .*Selected; overrides eu/.test(out) ? out : undefined;
  });
  t.ok(described, 'tmc describe shows the Overrides applied on each target');

  const rows = parseTable((await server.run(['get', 'overrides', '-n', 'team-a'])).stdout);
  t.match(rows, [{ NAME: 'eu', 'TARGET SELECTOR': 'region=eu', CHANGES: '2', AGE: YOUNG_AGE }]);
  t.match(parseTable((await server.run(['get', 'override', 'eu', '-n', 'team-a', '-o', 'wide'])).stdout)[0], {
    RESOURCES: 'Deployment/web',
  });
  const table = await server.http('GET', '/apis/scheduling.kcp.io/v1alpha1/namespaces/team-a/overrides');
  t.equal(table.statusCode, 200);
  t.same(
    table.json.items.map((o: { metadata: { name: string } }) => o.metadata.name),
    ['eu'],
  );

  const bad = stringify(override('bad', [{ op: 'replace', path: '/spec/template/spec/nope', value: 1 }]));
  const refused = await server.run(['apply', '-f', '-'], { input: bad });
  assertOneLineError(t, refused, /spec\.changes\[0\]\.path.*Deployment web/, 'a path the Deployment does not have');

  t.equal((await server.run(['delete', 'override', 'eu', '-n', 'team-a'])).stdout, 'override "eu" deleted\n');
  assertOneLineError(t, await server.run(['get', 'override', 'eu', '-n', 'team-a']), /NotFound/, 'deleted override');
});
