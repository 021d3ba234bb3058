// `tmc diff` and the day-two part of `tmc describe` through the built CLI: a real server, a
// Placement with driftPolicy DetectOnly, and drift written as an agent reports it (its token,
// its status route). Exit codes as kubectl diff: 0 no drift, 1 drift, 2 an error.
import t from 'tap';
import { stringify } from 'yaml';
import { ST_PATH, startCliServer, syncTarget, waitFor } from './cli-helpers.js';

t.setTimeout(240_000);

const CM = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings', namespace: 'shop' },
  data: { mode: 'fast' },
};
const PLACEMENT = {
  apiVersion: 'scheduling.kcp.io/v1alpha1',
  kind: 'Placement',
  metadata: { name: 'watch', namespace: 'shop' },
  spec: {
    syncTargetSelector: {},
    resourceSelectors: [{ apiVersion: 'v1', kind: 'ConfigMap' }],
    driftPolicy: 'DetectOnly',
    ignoreFields: [{ path: '/data/owner' }],
  },
};
const REPORT_PATH = (target: string) => `${ST_PATH}/${target}/configmaps/shop/settings/status`;

t.test('diff and describe show the drift agents report', async (t) => {
  const server = await startCliServer(t);
  const manifest = [syncTarget('edge-1'), syncTarget('edge-2'), CM, PLACEMENT].map((o) => stringify(o)).join('---\n');
  const applied = await server.run(['apply', '-f', '-'], { input: manifest });
  t.equal(applied.code, 0, applied.stderr);
  const placed = await waitFor(t, 'settings on both targets with the policy', async () => {
    const cm = (await server.http('GET', '/api/v1/namespaces/shop/configmaps/settings')).json;
    const entries = cm.status?.syncTargets ?? [];
    return entries.length === 2 && entries.every((e: any) => e.policy?.driftPolicy === 'DetectOnly') ? cm : undefined;
  });
  t.ok(placed, "the scheduler placed it with the Placement's policy");

  const pending = await server.run(['diff', 'cm', 'settings', '-n', 'shop']);
  t.equal(pending.code, 0, 'nothing reported: no drift, exit 0');
  // Not Ready yet (no heartbeat): Stale, else Pending; either way nothing reported.
  const nothing = '(not reported yet \\(Pending\\)|no drift)';
  t.match(pending.stdout, new RegExp(`^edge-1: ${nothing}\\nedge-2: ${nothing}\\n$`));

  const report = async (target: string, extra: Record<string, unknown>) => {
    const token = (await server.http('POST', `${ST_PATH}/${target}/tokens`, {})).json.token;
    const put = await server.http(
      'PUT',
      REPORT_PATH(target),
      {
        observedGeneration: placed.metadata.generation ?? 1,
        state: 'Applied',
        health: { state: 'Healthy', reason: 'Exists' },
        status: {},
        ...extra,
      },
      token,
    );
    t.equal(put.statusCode, 200, `${target}'s report is accepted`);
  };
  await report('edge-1', {
    retained: ['/data/owner'],
    drift: [
      { path: 'data.mode', want: '"fast"', have: '"slow"' },
      { path: 'data.extra', have: '"x"' },
    ],
  });
  await report('edge-2', { adopted: true });

  const one = await server.run(['diff', 'configmap', 'settings', '-n', 'shop', '--target', 'edge-1']);
  t.equal(one.code, 1, 'drift: exit 1, as kubectl diff');
  t.equal(one.stderr, '');
  const lines = one.stdout.split('\n');
  t.match(lines[0], /^edge-1: 2 field\(s\) drifted since \d{4}-\d\d-\d\dT/);
  t.same(lines.slice(1, 7), [
    '  data.mode',
    '    want: "fast"',
    '    have: "slow"',
    '  data.extra',
    '    want: <absent>',
    '    have: "x"',
  ]);
  t.match(
    lines[7],
    /^To correct it, set driftPolicy: Correct .* on edge-1 \(see `tmc get placements -n shop -o yaml`\)/,
  );

  const clean = await server.run(['diff', 'cm', 'settings', '-n', 'shop', '--target', 'edge-2']);
  t.same([clean.code, clean.stdout], [0, 'edge-2: no drift\n'], 'a target without drift: exit 0');

  const every = await server.run(['diff', 'cm', 'settings', '-n', 'shop']);
  t.equal(every.code, 1, 'drift on any target: exit 1');
  t.match(every.stdout, /^edge-1: 2 field\(s\) drifted[\s\S]*\nedge-2: no drift\nTo correct it, .* on edge-1 /);

  const elsewhere = await server.run(['diff', 'cm', 'settings', '-n', 'shop', '--target', 'edge-9']);
  t.same([elsewhere.code, elsewhere.stdout], [2, ''], 'a target the object is not on: exit 2');
  t.equal(
    elsewhere.stderr,
    'error: configmap/settings is not placed on SyncTarget "edge-9": it is on edge-1, edge-2\n',
  );
  const missing = await server.run(['diff', 'cm', 'nope', '-n', 'shop']);
  t.equal(missing.code, 2, 'a missing object: exit 2');
  t.match(missing.stderr, /^Error from server \(NotFound\): .*"nope" not found\n$/);
  t.equal((await server.run(['diff', 'widgets', 'x'])).code, 2, 'an unknown kind: exit 2');

  const described = await server.run(['describe', 'cm', 'settings', '-n', 'shop']);
  t.equal(described.code, 0, described.stderr);
  const dayTwo = described.stdout.split('Day two:\n')[1]?.split('\n').slice(0, 4);
  t.match(dayTwo?.[0], /^ {2}SYNCTARGET +POLICY +RETAINED +ADOPTED +DRIFT$/);
  t.match(
    dayTwo?.[1],
    /^ {2}edge-1 +driftPolicy=DetectOnly ignoreFields=\/data\/owner +\/data\/owner +- +2 field\(s\)$/,
  );
  t.match(dayTwo?.[2], /^ {2}edge-2 +driftPolicy=DetectOnly ignoreFields=\/data\/owner +- +Adopted +-$/);
  t.equal(dayTwo?.[3], '  drift field by field: tmc diff KIND NAME --target SYNCTARGET');

  const help = await server.run(['diff', '--help']);
  t.match(help.stdout, /Usage: tmc diff \[options\] <kind> <name>[\s\S]*--target <synctarget>/);
  t.match((await server.run(['--help'])).stdout, /\n {2}diff \[options\] <kind> <name> +show the drift/);
});
