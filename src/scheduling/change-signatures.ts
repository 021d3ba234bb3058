// What the scheduler's watch compares of an object before and after a change, to queue only
// what the change may affect. The entries' signatures are kept per object (the informer's copies
// are never changed in place): the object before a change had its own taken when it arrived.
import { jsonEqual } from '../lib/merge-patch.js';
import type { KubeObject } from '../schemas/meta.js';
import { referencesOf, templateLabels } from './dependencies.js';
import { onlyReportsChanged } from './reported-entries.js';
import { entriesOf } from './status-entries.js';

export const sameMembers = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  a.size === b.size && [...a].every((x) => b.has(x));

/** What decides an object's dependencies: what it names and the labels of its pods. */
export const needSignature = (object: KubeObject) => JSON.stringify([referencesOf(object), templateLabels(object)]);

function remembered(compute: (object: KubeObject) => string) {
  const known = new WeakMap<KubeObject, string>();
  return (object: KubeObject | undefined): string => {
    if (!object) return compute({ metadata: {} } as KubeObject);
    let signature = known.get(object);
    if (signature === undefined) known.set(object, (signature = compute(object)));
    return signature;
  };
}

/** The day-two policies and holds of an object's entries, which its dependencies take on. */
export const policySignature = remembered((object) =>
  JSON.stringify(entriesOf(object.status).map((e) => [e.name, e.policy, e.hold?.reason])),
);

/** What a Placement's Suspended condition reads of an object: its held entries and its generation while held. */
export const holdSignature = remembered((object) => {
  const held = entriesOf(object.status).flatMap((e) => (e.hold || e.rollout ? [[e.name, e.hold, e.rollout]] : []));
  return held.length === 0 ? '' : JSON.stringify([object.metadata.generation, held]);
});

/** The object but its status and the store's bookkeeping: what its owner wrote. */
function written(object: KubeObject): unknown {
  const { status: _status, metadata, ...rest } = object as KubeObject & { status?: unknown };
  const { resourceVersion: _version, managedFields: _fields, ...meta } = metadata as Record<string, unknown>;
  return { ...rest, metadata: meta };
}

/** Whether a change touched the status alone (an agent's report, a scheduler's write). */
export const onlyStatusChanged = (before: KubeObject, after: KubeObject): boolean =>
  jsonEqual(written(before), written(after));

/**
 * A change of reports alone: the object as its owner wrote it, and every status entry but the
 * reports' fields, as they were: nothing of it that a target's feed shows.
 */
export const reportsAlone = (previous: KubeObject | undefined, object: KubeObject): boolean =>
  previous !== undefined &&
  onlyStatusChanged(previous, object) &&
  onlyReportsChanged(entriesOf(previous.status), entriesOf(object.status));
