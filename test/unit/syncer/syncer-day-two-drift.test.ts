// Day two, drift: what DetectOnly reports field by field, the Drifted condition a report gives,
// and a change of policy alone reaching the agent's object.
import t from 'tap';
import { reportedObjectEntry } from '../../../src/scheduling/reported-entries.js';
import { mergePolicies } from '../../../src/schemas/sync-policy.js';
import { fieldDrift, onlyUndoesDrift } from '../../../src/syncer/reconcile/detect-only.js';
import { DesiredState } from '../../../src/syncer/reconcile/desired-state.js';
import { effectivePolicy } from '../../../src/syncer/reconcile/sync-policy.js';
import type { FeedItem } from '../../../src/syncer/upstream/feed-answer.js';
import { item } from './syncer-day-two-items.js';

t.test('DetectOnly: the drift field by field, a Secret by path only; what an apply would only undo', async (t) => {
  const want = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { labels: { app: 'a' } }, data: { a: '1', b: '2' } };
  const have = { ...want, metadata: { labels: { app: 'a' } }, data: { a: '1', b: 'x'.repeat(2000) } };
  const drift = fieldDrift(want, have);
  t.equal(drift.length, 1);
  t.equal(drift[0]!.path, 'data.b');
  t.equal(drift[0]!.want, '"2"');
  t.equal(drift[0]!.have!.length, 1024, 'long values are cut');
  const secret = fieldDrift({ ...want, kind: 'Secret' }, { ...have, kind: 'Secret', data: { a: 'c2VjcmV0' } });
  t.same(secret, [{ path: 'data.a' }, { path: 'data.b' }], 'a Secret: the paths, no values');
  t.same(
    fieldDrift(want, { ...want, data: { a: '1' } }),
    [{ path: 'data.b', want: '"2"' }],
    'a missing value has no have',
  );
  const item = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'n', generation: 3 } };
  const at = (generation: string) => ({
    ...want,
    metadata: { annotations: { 'workload.kcp.io/upstream-generation': generation } },
  });
  t.ok(onlyUndoesDrift('drift', item, at('1')));
  t.ok(onlyUndoesDrift('resync', item, at('3')));
  t.ok(onlyUndoesDrift('first-sync', item, at('3')), 'after a start, applied from this generation: only drift to undo');
  t.notOk(onlyUndoesDrift('first-sync', item, at('2')), 'changed upstream while the agent was away: applied');
  t.notOk(onlyUndoesDrift('update', item, at('3')));
  t.same(mergePolicies([{ driftPolicy: 'Correct' }, { driftPolicy: 'DetectOnly' }]), { driftPolicy: 'DetectOnly' });
  t.equal(effectivePolicy(item).driftPolicy, 'Correct');
  t.equal(
    effectivePolicy({
      ...item,
      metadata: { ...item.metadata, annotations: { 'tmc.kcp.io/drift-policy': 'DetectOnly' } },
    }).driftPolicy,
    'DetectOnly',
  );
});

t.test('a report with drift gives the entry a Drifted condition that keeps its transition time', async (t) => {
  const report = {
    observedGeneration: 1,
    state: 'Applied' as const,
    health: { state: 'Healthy' as const, reason: 'Exists' },
    status: {},
    drift: [{ path: 'data.b', want: '"2"', have: '"3"' }],
  };
  const first = reportedObjectEntry({ name: 'a', state: 'Pending', lastUpdateTime: 't0' }, report, true, 't1');
  t.match(first, {
    drift: report.drift,
    conditions: [{ type: 'Drifted', status: 'True', reason: 'DownstreamChanged', lastTransitionTime: 't1' }],
  });
  t.match(first.conditions![0]!.message, /1 field\(s\) differ downstream .*: data\.b$/);
  const again = reportedObjectEntry(first, report, true, 't2');
  t.equal(again.conditions![0]!.lastTransitionTime, 't1');
  const { drift: _d, ...clean } = report;
  const fixed = reportedObjectEntry(again, clean, true, 't3');
  t.notOk('drift' in fixed || 'conditions' in fixed, 'gone with the drift');
});

t.test('a change of policy alone reaches the object: its key comes back from the feed', async (t) => {
  const state = new DesiredState('edge');
  const answer = (syncPolicy?: FeedItem['metadata']['syncPolicy']) => ({
    resourceVersion: '1',
    items: [item(undefined, syncPolicy)],
  });
  t.same(state.replace(answer()), ['ConfigMap/shop/c']);
  const before = state.get('ConfigMap/shop/c')!.hash;
  t.same(state.replace(answer()), [], 'nothing changed');
  t.same(state.replace(answer({ driftPolicy: 'DetectOnly' })), ['ConfigMap/shop/c']);
  t.same(state.replace(answer()), ['ConfigMap/shop/c'], 'and back');
  t.equal(state.get('ConfigMap/shop/c')!.hash, before, "without a policy the hash is the manifest's, as before");
});
