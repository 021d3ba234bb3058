// `tmc rollout status|resume|undo` through the built CLI against a server process, with the test
// as the agents of canary and eu: status waits for a complete rollout (exit 0) and, once the
// canary misses its deadline, ends with exit 1 naming what to do; resume marks the Placement;
// undo sets the Deployment back to the spec eu still keeps.
import t from 'tap';
import { stringify } from 'yaml';
import { type CliServer, ST_PATH, assertOneLineError, startCliServer, syncTarget, waitFor } from './cli-helpers.js';

t.setTimeout(240_000);

const DEPLOY = '/apis/apps/v1/namespaces/default/deployments/web';
const PLACEMENT = '/apis/scheduling.kcp.io/v1alpha1/namespaces/default/placements/p';
const WEB = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'web:1' }] } },
  },
};
const P = {
  apiVersion: 'scheduling.kcp.io/v1alpha1',
  kind: 'Placement',
  metadata: { name: 'p', namespace: 'default' },
  spec: { syncTargetNames: ['canary', 'eu'], rollout: { order: ['canary', '*'] } },
};

const image = (item: any) => item?.spec.template.spec.containers[0].image;
async function feedImage(server: CliServer, target: string): Promise<string | undefined> {
  const feed = await server.http('GET', `${ST_PATH}/${target}/deployments`);
  return image(feed.json.items?.find((d: any) => d.metadata.name === 'web'));
}

t.test('tmc rollout', async (t) => {
  const server = await startCliServer(t);
  const input = [syncTarget('canary'), syncTarget('eu'), WEB, P].map((o) => stringify(o)).join('---\n');
  t.equal((await server.run(['apply', '-f', '-'], { input })).code, 0);
  const tokens: Record<string, string> = {};
  for (const target of ['canary', 'eu'])
    tokens[target] = (await server.http('POST', `${ST_PATH}/${target}/tokens`)).json.token;
  const beat = () => Promise.all(['canary', 'eu'].map((n) => server.http('POST', `${ST_PATH}/${n}/heartbeat`, {})));
  await beat();
  const timer = setInterval(() => void beat().catch(() => undefined), 1000);
  t.teardown(() => clearInterval(timer));
  const report = async (target: string, generation: number, health: string) => {
    const body = {
      observedGeneration: generation,
      state: 'Applied',
      status: { replicas: 1 },
      health: { state: health, reason: 'R' },
    };
    const reply = await server.http('PUT', `${ST_PATH}/${target}/deployments/default/web/status`, body, tokens[target]);
    t.equal(reply.statusCode, 200, `report of ${target}`);
  };
  const sees = (target: string, want: string | undefined) =>
    waitFor(t, `${target} to get ${want}`, async () => ((await feedImage(server, target)) === want ? true : undefined));

  t.ok(await sees('canary', 'web:1'));
  t.equal(await feedImage(server, 'eu'), undefined, 'eu waits for the canary');
  const once = await server.run(['rollout', 'status', 'p', '--no-watch']);
  t.equal(once.code, 0, once.stderr);
  t.match(once.stdout, /^step canary \[\.+\] 0\/1 Progressing \(canary\)\nstep rest +\[\.+\] 0\/1 Waiting \(eu\)\n/);
  await report('canary', 1, 'Healthy');
  t.ok(await sees('eu', 'web:1'));
  await report('eu', 1, 'Healthy');
  const done = await server.run(['rollout', 'status', 'p', '--timeout', '60s']);
  t.equal(done.code, 0, done.stderr);
  t.match(done.stdout, /step rest +\[#{20}\] 1\/1 Complete \(eu\)\nplacement\/p: rollout complete\n$/);

  t.equal(
    (await server.http('PATCH', PLACEMENT, { spec: { rollout: { progressDeadlineSeconds: 1 } } })).statusCode,
    200,
  );
  const web2 = { spec: { template: { spec: { containers: [{ name: 'main', image: 'web:2' }] } } } };
  t.equal((await server.http('PATCH', DEPLOY, web2)).statusCode, 200);
  t.ok(await sees('canary', 'web:2'));
  await report('canary', 2, 'Progressing');
  const halted = await server.run(['rollout', 'status', 'p', '--timeout', '60s']);
  assertOneLineError(t, halted, /the rollout halted; fix the cause and run `tmc rollout resume p -n default`/, 'halt');
  t.match(
    halted.stdout,
    /0\/1 Failed \(canary\)[\s\S]*rollout halted: Deployment web generation 2: step canary failed/,
  );
  t.equal(await feedImage(server, 'eu'), 'web:1', 'eu keeps web:1');

  const resumed = await server.run(['rollout', 'resume', 'p']);
  t.equal(resumed.stdout, 'placement/p resumed\n', resumed.stderr);
  t.match((await server.http('GET', PLACEMENT)).json.metadata.annotations, {
    'scheduling.kcp.io/rollout-resumed-at': /Z$/,
  });

  const undone = await server.run(['rollout', 'undo', 'p']);
  t.equal(undone.stdout, 'deployment/web rolled back to the spec of generation 1 (now generation 3)\n', undone.stderr);
  t.equal(image((await server.http('GET', DEPLOY)).json), 'web:1', 'the Deployment has web:1 again');
  t.ok(await sees('canary', 'web:1'));
  assertOneLineError(t, await server.run(['rollout', 'status', 'x']), /NotFound/, 'an unknown Placement');
});
