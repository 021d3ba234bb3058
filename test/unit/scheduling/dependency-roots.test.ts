// Where a dependency goes is computed from the selected roots only: links both ways and longer
// cycles among dependencies place nothing by themselves.
import t from 'tap';
import { type NeedGraph, neededOn } from '../../../src/scheduling/dependency-roots.js';
import type { KubeObject } from '../../../src/schemas/meta.js';

type Reason = 'Selected' | 'DependencyOf';
const object = (kind: string, name: string, entries: [string, Reason][] = []): KubeObject =>
  ({
    apiVersion: 'v1',
    kind,
    metadata: { name, namespace: 'ns' },
    status: { syncTargets: entries.map(([target, reason]) => ({ name: target, state: 'Pending', reason })) },
  }) as KubeObject;
const key = (o: KubeObject) => `${o.kind} ns/${o.metadata.name}`;

/** A graph from `needers`: for each key, the keys needing it. */
function graph(objects: KubeObject[], needers: Record<string, string[]>): NeedGraph {
  const byKey = new Map(objects.map((o) => [key(o), o]));
  return { key, cached: (k) => byKey.get(k), needersOf: (o) => needers[key(o)] ?? [] };
}
const result = (g: NeedGraph, o: KubeObject) => Object.fromEntries([...neededOn(g, o)].map(([t, n]) => [t, n.by]));

t.test('a chain from a selected workload places each link, naming its direct needer', async (t) => {
  const web = object('Deployment', 'web', [['a', 'Selected']]);
  const svc = object('Service', 'web', [['a', 'DependencyOf']]);
  const ing = object('Ingress', 'web', [['a', 'DependencyOf']]);
  const tls = object('Secret', 'tls');
  const g = graph([web, svc, ing, tls], {
    'Service ns/web': ['Deployment ns/web', 'Ingress ns/web'],
    'Ingress ns/web': ['Service ns/web'],
    'Secret ns/tls': ['Ingress ns/web'],
  });
  t.same(result(g, svc), { a: [{ kind: 'Deployment', name: 'web' }] }, 'the Ingress adds nothing to its Service');
  t.same(result(g, ing), { a: [{ kind: 'Service', name: 'web' }] });
  t.same(result(g, tls), { a: [{ kind: 'Ingress', name: 'web' }] });
});

t.test('without a selected root a cycle places nothing, however the dependencies were placed before', async (t) => {
  const web = object('Deployment', 'web');
  // Both still say they are on a, as they did while the workload was there.
  const svc = object('Service', 'web', [['a', 'DependencyOf']]);
  const ing = object('Ingress', 'web', [['a', 'DependencyOf']]);
  const third = object('Service', 'third', [['a', 'DependencyOf']]);
  const g = graph([web, svc, ing, third], {
    'Service ns/web': ['Deployment ns/web', 'Ingress ns/web'],
    'Ingress ns/web': ['Service ns/web', 'Service ns/third'],
    'Service ns/third': ['Ingress ns/web'],
  });
  for (const o of [svc, ing, third]) t.same(result(g, o), {}, `${o.kind} ${o.metadata.name}`);
});

t.test('a root anywhere upstream places the whole chain on its own targets only', async (t) => {
  const svc = object('Service', 'web');
  const ing = object('Ingress', 'web', [['b', 'Selected']]);
  const g = graph([svc, ing], { 'Service ns/web': ['Ingress ns/web'], 'Ingress ns/web': ['Service ns/web'] });
  t.same(result(g, svc), { b: [{ kind: 'Ingress', name: 'web' }] });
  t.same(result(g, ing), {}, 'the Ingress is not its own dependency');
});

t.test("a dependency takes on the day-two policy its direct needer's entry has on that target", async (t) => {
  const web = object('Deployment', 'web', [
    ['a', 'Selected'],
    ['b', 'Selected'],
  ]);
  const orphan = { deletionPolicy: 'Orphan' };
  (web.status as { syncTargets: Record<string, unknown>[] }).syncTargets[0]!.policy = orphan;
  const cm = object('ConfigMap', 'settings');
  const g = graph([web, cm], { 'ConfigMap ns/settings': ['Deployment ns/web'] });
  const needed = neededOn(g, cm);
  t.same(needed.get('a')?.policies, [orphan], 'on a, the workload is placed with Orphan');
  t.same(needed.get('b')?.policies, [], 'on b, no policy');
});
