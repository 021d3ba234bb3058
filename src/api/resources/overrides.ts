// Override as a resource: namespaced scheduling.kcp.io/v1alpha1, without a status (each object's
// per-target status entries name the Overrides applied there). Admission checks each change on
// its own (one form, a well-formed pointer to a part an Override may change, a shortcut the
// selected kinds have), then tries the changes on every object the Override selects now, so a
// path that cannot apply to one of them is refused, naming the path and the object.
import { validateSelectorObject } from '../../lib/label-selector.js';
import { PointerError, parsePointer } from '../../lib/json-pointer.js';
import { type Cause, invalid, required } from '../../lib/validation.js';
import type { KubeObject } from '../../schemas/meta.js';
import { OVERRIDE_KIND, Override, OverrideList, type OverrideChange } from '../../schemas/override.js';
import * as schemas from '../../schemas/override.js';
import { ChangeError, applyChanges, kindProblem, pointerProblem } from '../../scheduling/override-changes.js';
import { overrideRuleOf } from '../../scheduling/override-rules.js';
import { selects } from '../../scheduling/placement-rules.js';
import { validateResourceSelector } from './placements.js';
import type { ResourceDefinition } from '../http/resource-definition.js';

/** The objects of a kind the server holds now (the shared informer's cache). */
export type ObjectsOfKind = (kind: string) => Iterable<KubeObject>;

const REGISTRY = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

function pointerCauses(field: string, change: OverrideChange): Cause[] {
  if (change.op === undefined) return [required(`${field}.op`, 'Required value: replace, add or remove, with path')];
  if (change.path === undefined) return [required(`${field}.path`, 'Required value: a JSON pointer, with op')];
  const causes: Cause[] = [];
  try {
    const problem = pointerProblem(parsePointer(change.path));
    if (problem) causes.push(invalid(`${field}.path`, change.path, problem));
  } catch (error) {
    if (!(error instanceof PointerError)) throw error;
    causes.push(invalid(`${field}.path`, change.path, error.message));
  }
  if (change.op === 'remove' && change.value !== undefined) {
    causes.push(invalid(`${field}.value`, change.value, 'remove takes no value'));
  } else if (change.op !== 'remove' && change.value === undefined) {
    causes.push(required(`${field}.value`, `Required value: ${change.op} needs a value`));
  }
  return causes;
}

function changeCauses(change: OverrideChange, i: number, kinds: readonly string[]): Cause[] {
  const field = `spec.changes[${i}]`;
  const forms = [
    change.op !== undefined || change.path !== undefined || change.value !== undefined,
    change.image !== undefined,
    change.replicas !== undefined,
  ].filter(Boolean).length;
  if (forms !== 1) {
    return [invalid(field, change, 'give exactly one of: op and path (and value), image, replicas')];
  }
  if (change.image) {
    const { registry, tag } = change.image;
    if (registry === undefined && tag === undefined) {
      return [required(`${field}.image`, 'Required value: registry, tag or both')];
    }
    const causes: Cause[] = [];
    if (registry !== undefined && !REGISTRY.test(registry)) {
      causes.push(
        invalid(`${field}.image.registry`, registry, 'must be a registry host, with an optional port and path'),
      );
    }
    if (tag !== undefined && !TAG.test(tag)) causes.push(invalid(`${field}.image.tag`, tag, 'must be an image tag'));
    if (causes.length > 0) return causes;
  }
  const causes = change.image || change.replicas !== undefined ? [] : pointerCauses(field, change);
  for (const kind of kinds) {
    const problem = kindProblem(kind, change);
    if (problem) causes.push(invalid(field, change.image ? 'image' : 'replicas', `cannot apply: ${problem}`));
  }
  return causes;
}

/** The changes tried on every object the Override selects now: one cause per change that fails somewhere. */
function objectCauses(object: KubeObject, objectsOf: ObjectsOfKind): Cause[] {
  const rule = overrideRuleOf(object);
  const failed = new Map<number, Cause>();
  for (const kind of new Set(rule.selectors.map((s) => s.kind))) {
    for (const selected of objectsOf(kind)) {
      if (!selects(rule, selected)) continue;
      try {
        applyChanges(selected, rule.changes);
      } catch (error) {
        if (!(error instanceof ChangeError)) throw error;
        const field = `spec.changes[${error.index}].${error.field}`;
        const target = `${selected.kind} ${selected.metadata.name}`;
        failed.set(
          error.index,
          invalid(field, rule.changes[error.index]?.path ?? error.field, `cannot apply to ${target}: ${error.message}`),
        );
      }
    }
  }
  return [...failed.values()];
}

export function validateOverride(object: KubeObject, objectsOf: ObjectsOfKind): Cause[] {
  const spec = (object as Override).spec;
  const selectors = spec.resourceSelectors ?? [];
  const causes = [
    ...selectors.flatMap(validateResourceSelector),
    ...validateSelectorObject('spec.targetSelector', spec.targetSelector),
  ];
  const kinds = [...new Set(selectors.map((s) => s.kind))];
  causes.push(...spec.changes.flatMap((change, i) => changeCauses(change, i, kinds)));
  return causes.length > 0 ? causes : objectCauses(object, objectsOf);
}

/** The Override kind, checking changes against the objects `objectsOf` holds. */
export const overrideResource = (objectsOf: ObjectsOfKind): ResourceDefinition => ({
  group: 'scheduling.kcp.io',
  version: 'v1alpha1',
  kind: OVERRIDE_KIND,
  plural: 'overrides',
  namespaced: true,
  schema: Override,
  listSchema: OverrideList,
  validate: (object) => validateOverride(object, objectsOf),
  categories: ['tmc'],
  namedSchemas: schemas,
});
