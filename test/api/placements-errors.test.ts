// Bad Placements: each answers a Status naming the bad fields and changes nothing.
import t from 'tap';
import { type Refusal, expectRefusals, testApp } from '../helpers/app.js';
import { waitFor } from '../helpers/wait.js';
import { PLACEMENT_PATH, placement } from '../helpers/workloads.js';

const ITEM = `${PLACEMENT_PATH()}/prod`;

const selecting = (resourceSelectors: unknown[]) => placement('bad', { syncTargetNames: ['a'], resourceSelectors });
const invalidAt = (...causes: string[]) => ({ code: 422, reason: 'Invalid', causes });
const resourceSelectorCases: Refusal[] = [
  {
    title: 'a resourceSelector of a kind tmc does not carry',
    body: selecting([{ apiVersion: 'v1', kind: 'Pod' }]),
    ...invalidAt('spec.resourceSelectors[0].kind'),
  },
  {
    title: "a resourceSelector of tmc's own kind",
    body: selecting([
      { apiVersion: 'v1', kind: 'ConfigMap' },
      { apiVersion: 'workload.kcp.io/v1alpha1', kind: 'SyncTarget' },
    ]),
    ...invalidAt('spec.resourceSelectors[1].kind'),
  },
  {
    title: 'a resourceSelector at another apiVersion',
    body: selecting([{ apiVersion: 'extensions/v1beta1', kind: 'Ingress' }]),
    ...invalidAt('spec.resourceSelectors[0].apiVersion'),
  },
  {
    title: 'a resourceSelector with a bad selector and a bad name',
    body: selecting([
      { apiVersion: 'v1', kind: 'Secret', labelSelector: { matchLabels: { '/x': 'y' } }, names: ['ok', 'Not_OK'] },
    ]),
    ...invalidAt('spec.resourceSelectors[0].labelSelector.matchLabels', 'spec.resourceSelectors[0].names[1]'),
  },
  {
    title: 'a resourceSelector without a kind',
    body: selecting([{ apiVersion: 'v1' }]),
    ...invalidAt('spec.resourceSelectors[0].kind'),
  },
];

const cases = (current: any): Refusal[] => [
  {
    title: 'no target selector nor names',
    body: placement('bad', { deploymentSelector: {} }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.syncTargetSelector'],
  },
  { title: 'no spec', body: { metadata: { name: 'bad' } }, code: 422, reason: 'Invalid', causes: ['spec'] },
  {
    title: 'numberOfSyncTargets 0',
    body: placement('bad', { syncTargetNames: ['a'], numberOfSyncTargets: 0 }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.numberOfSyncTargets'],
  },
  {
    title: 'numberOfSyncTargets as a string',
    body: placement('bad', { syncTargetNames: ['a'], numberOfSyncTargets: '2' }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.numberOfSyncTargets'],
  },
  {
    title: 'a bad target name',
    body: placement('bad', { syncTargetNames: ['Edge_1'] }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.syncTargetNames[0]'],
  },
  {
    title: 'a duplicate target name',
    body: placement('bad', { syncTargetNames: ['a', 'b', 'a'] }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.syncTargetNames[2]'],
  },
  {
    title: 'names not a list',
    body: placement('bad', { syncTargetNames: 'a' }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.syncTargetNames'],
  },
  {
    title: 'a bad target selector operator',
    body: placement('bad', {
      syncTargetSelector: { matchExpressions: [{ key: 'env', operator: 'Like', values: ['x'] }] },
    }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.syncTargetSelector.matchExpressions[0].operator'],
  },
  {
    title: 'Exists with values',
    body: placement('bad', {
      syncTargetSelector: { matchExpressions: [{ key: 'env', operator: 'Exists', values: ['x'] }] },
    }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.syncTargetSelector.matchExpressions[0].values'],
  },
  {
    title: 'a bad deployment selector key',
    body: placement('bad', { syncTargetNames: ['a'], deploymentSelector: { matchLabels: { '/x': 'y' } } }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.deploymentSelector.matchLabels'],
  },
  {
    title: 'matchLabels of the wrong type',
    body: placement('bad', { syncTargetSelector: { matchLabels: { env: 1 } } }),
    code: 422,
    reason: 'Invalid',
    causes: ['spec.syncTargetSelector.matchLabels.env'],
  },
  ...resourceSelectorCases,
  {
    title: 'an ignoreFields path that is not a JSON pointer',
    body: placement('bad', { syncTargetNames: ['a'], ignoreFields: [{ path: 'spec.replicas' }] }),
    ...invalidAt('spec.ignoreFields[0].path'),
  },
  {
    title: 'an ignoreFields when of another value',
    body: placement('bad', { syncTargetNames: ['a'], ignoreFields: [{ path: '/spec/replicas', when: 'Sometimes' }] }),
    ...invalidAt('spec.ignoreFields[0].when'),
  },
  {
    title: 'a conflictResolution of another value',
    body: placement('bad', { syncTargetNames: ['a'], conflictResolution: 'Replace' }),
    ...invalidAt('spec.conflictResolution'),
  },
  {
    title: 'a deletionPolicy of another value',
    body: placement('bad', { syncTargetNames: ['a'], deletionPolicy: 'Keep' }),
    ...invalidAt('spec.deletionPolicy'),
  },
  {
    title: 'a wrong apiVersion',
    body: { ...placement('bad', { syncTargetNames: ['a'] }), apiVersion: 'scheduling.kcp.io/v1' },
    code: 400,
    reason: 'BadRequest',
  },
  {
    title: 'an existing name',
    body: placement('prod', { syncTargetNames: ['a'] }),
    code: 409,
    reason: 'AlreadyExists',
  },
  {
    title: 'PUT with a stale resourceVersion',
    method: 'PUT',
    url: ITEM,
    body: { ...current, metadata: { ...current.metadata, resourceVersion: '1' }, spec: { syncTargetNames: ['b'] } },
    code: 409,
    reason: 'Conflict',
  },
  {
    title: 'PUT dropping both target fields',
    method: 'PUT',
    url: ITEM,
    body: { ...current, spec: {} },
    code: 422,
    reason: 'Invalid',
    causes: ['spec.syncTargetSelector'],
  },
  {
    title: 'PATCH to a negative number',
    method: 'PATCH',
    url: ITEM,
    body: { spec: { numberOfSyncTargets: -1 } },
    code: 422,
    reason: 'Invalid',
    causes: ['spec.numberOfSyncTargets'],
  },
  {
    title: 'PATCH of a missing Placement',
    method: 'PATCH',
    url: `${PLACEMENT_PATH()}/nope`,
    body: { spec: {} },
    code: 404,
    reason: 'NotFound',
  },
];

t.test('each bad Placement request gets its Status and changes nothing', async (t) => {
  const app = await testApp(t);
  await app.call('POST', PLACEMENT_PATH(), placement('prod', { syncTargetNames: ['a'] }));
  // The scheduler writes the first status; compare snapshots only after it has.
  const current = await waitFor(async () => {
    const p = (await app.call('GET', ITEM)).json;
    return p.status.conditions.length > 0 ? p : undefined;
  }, 'the first Placement status');
  await expectRefusals(t, app, { method: 'POST', url: PLACEMENT_PATH() }, cases(current));
});
