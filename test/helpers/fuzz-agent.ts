// Hostile agent bodies for the fuzzing of the agent routes: mostly shaped as the schemas want and
// hostile only in their strings and numbers, so that they reach the stores; now and then any
// field, or the whole body, is anything at all.
import fc from 'fast-check';
import { type Fuzzed, RawNumber, anyJson, bodyText, deepJson, fieldOf, hugeNumber, nastyString } from './fuzz-json.js';

type Shape = (hostile: boolean) => fc.Arbitrary<Fuzzed>;

/** The usual value, or (when hostile) now and then anything. */
const shaped = <T extends Fuzzed>(usual: fc.Arbitrary<T>, hostile: boolean) => (hostile ? fieldOf(usual) : usual);

const heartbeatOf: Shape = (hostile) => {
  const text = shaped(nastyString, hostile);
  const condition = fc.record(
    {
      type: shaped(fc.constantFrom('Synced', 'DownstreamReachable'), hostile),
      status: shaped(fc.constantFrom('True', 'False', 'Unknown'), hostile),
      reason: text,
      message: text,
    },
    { requiredKeys: ['type', 'status'] },
  );
  // Resource names are any string; quantities must be quantities, or the whole heartbeat is refused.
  const quantity = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('8', '32Gi', '500m') },
    { weight: 1, arbitrary: text },
  );
  const resources = fc.dictionary(fc.oneof(nastyString, fc.constantFrom('cpu', 'memory')), quantity, { maxKeys: 3 });
  const conditions = fc.uniqueArray(condition, { maxLength: 2, selector: (c) => c.type });
  return fc.record(
    {
      syncerVersion: text,
      kubernetesVersion: text,
      capacity: shaped(resources, hostile),
      allocatable: shaped(resources, hostile),
      conditions: shaped(conditions, hostile),
    },
    { requiredKeys: [] },
  );
};

const reportOf: Shape = (hostile) => {
  const text = shaped(nastyString, hostile);
  const count = shaped(
    fc.oneof(
      hugeNumber,
      fc.nat(5).map((n) => new RawNumber(String(n))),
    ),
    hostile,
  );
  const condition = fc.record(
    {
      type: text,
      status: shaped(fc.constantFrom('True', 'False'), hostile),
      reason: text,
      message: text,
    },
    { requiredKeys: ['type', 'status'] },
  );
  const status = fc.record(
    {
      replicas: count,
      readyReplicas: count,
      conditions: shaped(fc.array(condition, { maxLength: 2 }), hostile),
    },
    { requiredKeys: [] },
  );
  return fc.record(
    {
      observedGeneration: shaped(fc.constantFrom(new RawNumber('1'), new RawNumber('0')), hostile),
      state: shaped(fc.constantFrom('Applied', 'Error'), hostile),
      message: text,
      status: shaped(status, hostile),
    },
    { requiredKeys: ['observedGeneration', 'state', 'status'] },
  );
};

const bodyOf = (of: Shape): fc.Arbitrary<string> =>
  bodyText(
    fc.oneof(
      { weight: 6, arbitrary: of(false) },
      { weight: 3, arbitrary: of(true) },
      { weight: 1, arbitrary: anyJson },
      { weight: 1, arbitrary: deepJson },
    ),
  );

/** The raw text of a heartbeat body. */
export const heartbeatText = bodyOf(heartbeatOf);

/** The raw text of a Deployment status report. */
export const reportText = bodyOf(reportOf);
