// The health interpreter on what is read from conditions: a CustomResourceDefinition (Established,
// NamesAccepted) as kube-apiserver 1.35 writes it, and a custom resource by its Ready condition,
// or else Available, as most controllers write them; "exists" without either.
import t from 'tap';
import { bodyValidator } from '../../../src/api/http/ajv.js';
import { interpretHealth, type ObservedObject } from '../../../src/lib/health/index.js';
import { Health } from '../../../src/schemas/health.js';

const at = '2026-12-04T09:00:00Z';
const condition = (type: string, status: string, reason?: string, message?: string) => ({
  type,
  status,
  lastTransitionTime: at,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

t.test('a CustomResourceDefinition: Established, names taken, or on its way', async (t) => {
  const definition = (conditions: unknown[]): ObservedObject => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { generation: 1 },
    spec: { group: 'example.com', names: { kind: 'Widget', plural: 'widgets' } },
    status: { conditions, acceptedNames: { kind: 'Widget', plural: 'widgets' }, storedVersions: ['v1'] },
  });
  const accepted = condition('NamesAccepted', 'True', 'NoConflicts', 'no conflicts found');
  t.same(
    interpretHealth(
      definition([
        accepted,
        condition('Established', 'True', 'InitialNamesAccepted', 'the initial names have been accepted'),
      ]),
    ),
    { state: 'Healthy', reason: 'Established', message: 'the API server serves its kind' },
  );
  const conflict = 'the "widgets" plural is already in use';
  t.same(
    interpretHealth(
      definition([
        condition('NamesAccepted', 'False', 'MultipleNamesConflict', conflict),
        condition('Established', 'False', 'NotAccepted', 'not all names are accepted'),
      ]),
    ),
    { state: 'Degraded', reason: 'MultipleNamesConflict', message: conflict },
  );
  t.same(
    interpretHealth(
      definition([accepted, condition('Established', 'False', 'Installing', 'the resource is installing')]),
    ),
    { state: 'Progressing', reason: 'Installing', message: 'the resource is installing' },
  );
  t.same(interpretHealth(definition([])), {
    state: 'Progressing',
    reason: 'NotEstablished',
    message: 'waiting for the API server to establish it',
  });
  t.match(interpretHealth({ ...definition([]), status: undefined }), { state: 'Progressing' }, 'no status yet');
});

t.test('a kind without a rule: its Ready condition, else Available, else it exists', async (t) => {
  const widget = (conditions?: unknown[], generation = 3): ObservedObject => ({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { generation },
    spec: { size: 3 },
    ...(conditions ? { status: { conditions } } : {}),
  });
  t.same(interpretHealth(widget([condition('Ready', 'True', 'Reconciled', 'all 3 parts up')])), {
    state: 'Healthy',
    reason: 'Reconciled',
    message: 'all 3 parts up',
  });
  t.same(interpretHealth(widget([condition('Ready', 'True')])), { state: 'Healthy', reason: 'Ready' });
  t.same(interpretHealth(widget([condition('Ready', 'False', 'QuotaExceeded', 'no room for 3 parts')])), {
    state: 'Degraded',
    reason: 'QuotaExceeded',
    message: 'no room for 3 parts',
  });
  t.same(interpretHealth(widget([condition('Ready', 'False')])), { state: 'Degraded', reason: 'NotReady' });
  t.same(interpretHealth(widget([condition('Ready', 'Unknown', 'Reconciling', 'creating parts')])), {
    state: 'Progressing',
    reason: 'Reconciling',
    message: 'creating parts',
  });
  t.same(interpretHealth(widget([condition('Ready', 'Unknown')])), { state: 'Progressing', reason: 'ReadyUnknown' });

  const available = [condition('Progressing', 'True'), condition('Available', 'False', 'MinimumReplicasUnavailable')];
  t.match(interpretHealth(widget(available)), { state: 'Degraded', reason: 'MinimumReplicasUnavailable' });
  t.same(interpretHealth(widget([condition('Available', 'True')])), { state: 'Healthy', reason: 'Available' });
  t.match(
    interpretHealth(widget([condition('Available', 'False'), condition('Ready', 'True')])),
    { state: 'Healthy', reason: 'Ready' },
    'Ready wins over Available',
  );

  const exists = { state: 'Healthy', reason: 'Exists', message: 'present in the cluster' };
  t.same(interpretHealth(widget()), exists, 'no status');
  t.same(interpretHealth(widget([condition('Synced', 'False')])), exists, 'neither condition');
  t.same(interpretHealth({ ...widget(), status: { conditions: 'Ready' } }), exists, 'conditions that are no list');

  const stale = { ...condition('Ready', 'True'), observedGeneration: 2 };
  t.same(
    interpretHealth(widget([stale], 3)),
    { state: 'Progressing', reason: 'NotObserved', message: 'the Ready condition is about generation 2' },
    'a verdict on an older spec',
  );
  t.match(interpretHealth(widget([{ ...stale, observedGeneration: 3 }], 3)), { state: 'Healthy' });
});

t.test('what a controller writes is cut to what a verdict holds', async (t) => {
  const long = interpretHealth({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: {},
    status: { conditions: [condition('Ready', 'False', 'R'.repeat(300), 'm'.repeat(5000))] },
  });
  t.equal(long.reason.length, 128);
  t.equal(long.message?.length, 1024);
  const validate = bodyValidator(Health);
  t.ok(validate(structuredClone(long)), JSON.stringify(validate.errors));
});
