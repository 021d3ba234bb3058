// Deployments and Placements through the built CLI: apply, get (tables with targets and
// ready counts, -A, wide), aggregate status as agents report it, delete, and errors.
import t from 'tap';
import { stringify } from 'yaml';
import { ST_PATH, assertOneLineError, parseTable, startCliServer, waitFor, YOUNG_AGE } from './cli-helpers.js';

// Dozens of CLI and server processes: more than tap's default per-file time on a busy machine.
t.setTimeout(420_000);

const deployment = (name: string, namespace?: string, replicas = 3) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, ...(namespace ? { namespace } : {}), labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'main', image: `registry.example/${name}:1` }] },
    },
  },
});
const MANIFEST = [
  { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget', metadata: { name: 'edge-1', labels: { env: 'prod' } } },
  deployment('web', 'team-a'),
  deployment('api'),
  {
    apiVersion: 'scheduling.kcp.io/v1alpha1',
    kind: 'Placement',
    metadata: { name: 'prod', namespace: 'team-a' },
    spec: { syncTargetSelector: { matchLabels: { env: 'prod' } } },
  },
]
  .map((o) => stringify(o))
  .join('---\n');

t.test('deployments and placements', async (t) => {
  const server = await startCliServer(t);
  const applied = await server.run(['apply', '-f', '-'], { input: MANIFEST });
  t.equal(applied.code, 0, applied.stderr);
  t.equal(
    applied.stdout,
    'synctarget/edge-1 created\ndeployment/web created\ndeployment/api created\nplacement/prod created\n',
  );
  t.equal(
    (await server.http('GET', '/apis/apps/v1/namespaces/default/deployments/api')).statusCode,
    200,
    'no namespace in the file: -n default',
  );
  t.equal(
    (await server.run(['apply', '-f', '-'], { input: MANIFEST })).stdout,
    'synctarget/edge-1 unchanged\ndeployment/web unchanged\ndeployment/api unchanged\nplacement/prod unchanged\n',
  );

  const placed = await waitFor(t, 'web to be placed on edge-1', async () => {
    const rows = parseTable((await server.run(['get', 'deploy', '-n', 'team-a'])).stdout);
    return rows[0]?.TARGETS === 'edge-1' ? rows : undefined;
  });
  t.match(placed?.[0], { NAME: 'web', TARGETS: 'edge-1', READY: '0/3', AVAILABLE: '0', AGE: YOUNG_AGE });
  const header = (await server.run(['get', 'deployments', '-n', 'team-a'])).stdout.split('\n')[0];
  t.match(header, /^NAME {3,}TARGETS {3,}READY {3,}AVAILABLE {3,}AGE$/);

  const all = parseTable((await server.run(['get', 'deploy', '-A'])).stdout);
  t.same(
    all.map((r) => [r.NAMESPACE, r.NAME]).sort(),
    [
      ['default', 'api'],
      ['team-a', 'web'],
    ],
    '-A adds NAMESPACE',
  );
  t.match(parseTable((await server.run(['get', 'deploy', 'web', '-n', 'team-a', '-o', 'wide'])).stdout)[0], {
    IMAGES: 'registry.example/web:1',
    CONTAINERS: 'main',
    SELECTOR: 'app=web',
    'TARGET STATES': /^edge-1=(Pending|Stale)$/,
  });

  const placements = await waitFor(t, 'the placement to select edge-1', async () => {
    const rows = parseTable((await server.run(['get', 'placements', '-n', 'team-a'])).stdout);
    return rows[0]?.TARGETS === 'edge-1' ? rows : undefined;
  });
  t.match(placements?.[0], { NAME: 'prod', TARGETS: 'edge-1', AGE: YOUNG_AGE });
  t.match(parseTable((await server.run(['get', 'placement', '-n', 'team-a', '-o', 'wide'])).stdout)[0], {
    'DEPLOYMENT SELECTOR': '<all>',
    'TARGET SELECTOR': 'env=prod',
    'TARGET NAMES': '<none>',
    'MAX TARGETS': '<all>',
  });

  // What an agent reports shows up as READY and AVAILABLE.
  const token = (await server.http('POST', `${ST_PATH}/edge-1/tokens`, {})).json.token;
  await server.http('POST', `${ST_PATH}/edge-1/heartbeat`, {}, token);
  const web = (await server.http('GET', '/apis/apps/v1/namespaces/team-a/deployments/web')).json;
  const report = await server.http(
    'PUT',
    `${ST_PATH}/edge-1/deployments/team-a/web/status`,
    {
      observedGeneration: web.metadata.generation,
      state: 'Applied',
      status: { replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 2 },
    },
    token,
  );
  t.equal(report.statusCode, 200, "the agent's status report is accepted");
  const ready = await waitFor(t, 'the reported status', async () => {
    const rows = parseTable((await server.run(['get', 'deploy', 'web', '-n', 'team-a', '-o', 'wide'])).stdout);
    return rows[0]?.READY === '2/3' ? rows : undefined;
  });
  t.match(ready?.[0], { READY: '2/3', AVAILABLE: '2', 'TARGET STATES': 'edge-1=Applied' });

  t.equal((await server.run(['delete', 'deploy', 'web', '-n', 'team-a'])).stdout, 'deployment "web" deleted\n');
  assertOneLineError(
    t,
    await server.run(['get', 'deploy', 'web', '-n', 'team-a']),
    /^Error from server \(NotFound\): deployments.apps "web" not found$/,
    'deleted deployment',
  );
  t.equal(
    (await server.run(['delete', 'placements', 'prod', '--namespace', 'team-a'])).stdout,
    'placement "prod" deleted\n',
  );
  assertOneLineError(
    t,
    await server.run(['delete', 'placement', 'prod', '-n', 'team-a']),
    /NotFound/,
    'deleted placement',
  );
  assertOneLineError(
    t,
    await server.run(['get', 'deploy', 'api', '-A']),
    /names are looked up in one namespace/,
    'names with -A',
  );

  const invalid = stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'broken' },
    spec: { replicas: -1 },
  });
  assertOneLineError(
    t,
    await server.run(['apply', '-f', '-'], { input: invalid }),
    /^Error from server \(Invalid\): .*"broken" is invalid: spec/,
    'invalid deployment',
  );
});
