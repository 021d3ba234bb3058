// The changes of an Override applied to one object, as pure functions: JSON pointer operations
// and the two shortcuts, image (registry and tag of every container and initContainer image of
// the pod template) and replicas. A change that cannot apply throws, naming which one and why.
import { PointerError, applyOperation, parsePointer } from '../lib/json-pointer.js';
import type { ImageOverride, OverrideChange } from '../schemas/override.js';
import { hasPodTemplate, podTemplateOf } from './dependencies.js';

/** The kinds with spec.replicas, which the replicas shortcut sets. */
export const REPLICATED_KINDS: readonly string[] = ['Deployment', 'StatefulSet'];

export class ChangeError extends Error {
  override name = 'ChangeError';

  constructor(
    readonly index: number,
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

interface Changeable {
  kind: string;
}

/** A registry is the first part of a reference when it looks like a host: a dot, a port or localhost. */
const splitRegistry = (name: string): [registry: string | undefined, rest: string] => {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  return /[.:]/.test(first) || first === 'localhost' ? [first, name.slice(slash + 1)] : [undefined, name];
};

/** An image reference with its registry and tag rewritten; a digest goes with a new tag. */
export function rewriteImage(image: string, change: ImageOverride): string {
  const at = image.indexOf('@');
  let name = at < 0 ? image : image.slice(0, at);
  let pin = at < 0 ? '' : image.slice(at);
  const colon = name.lastIndexOf(':');
  let tag = colon > name.lastIndexOf('/') ? name.slice(colon) : '';
  if (tag) name = name.slice(0, colon);
  if (change.tag !== undefined) [tag, pin] = [`:${change.tag}`, ''];
  if (change.registry !== undefined) name = `${change.registry}/${splitRegistry(name)[1]}`;
  return `${name}${tag}${pin}`;
}

function rewriteImages(object: Changeable, change: ImageOverride, index: number): void {
  const template = podTemplateOf(object as never);
  if (!template) throw new ChangeError(index, 'image', `${object.kind} has no pod template whose images could change`);
  const spec = (template.spec ?? {}) as Record<string, unknown>;
  for (const field of ['initContainers', 'containers']) {
    const containers = spec[field];
    if (!Array.isArray(containers)) continue;
    for (const c of containers as Record<string, unknown>[]) {
      if (typeof c.image === 'string') c.image = rewriteImage(c.image, change);
    }
  }
}

/** Identity and status are the server's: an Override changes spec, data, labels and annotations. */
export function pointerProblem(tokens: readonly string[]): string | undefined {
  const [first, second] = tokens;
  if (first === undefined) return 'the whole object cannot be changed';
  if (['apiVersion', 'kind', 'status'].includes(first)) return `${first} cannot be changed`;
  if (first === 'metadata' && !['labels', 'annotations'].includes(second ?? '')) {
    return 'of metadata, only labels and annotations can be changed';
  }
  return undefined;
}

/** Applies change number `index` to `object` in place. */
export function applyChange(object: Changeable, change: OverrideChange, index: number): void {
  if (change.image !== undefined) return rewriteImages(object, change.image, index);
  if (change.replicas !== undefined) {
    if (!REPLICATED_KINDS.includes(object.kind)) {
      throw new ChangeError(index, 'replicas', `${object.kind} has no spec.replicas`);
    }
    const spec = (object as { spec?: Record<string, unknown> }).spec;
    if (spec) spec.replicas = change.replicas;
    return;
  }
  try {
    const tokens = parsePointer(change.path ?? '');
    const problem = pointerProblem(tokens);
    if (problem) throw new PointerError(`${change.path}: ${problem}`);
    applyOperation(object, change.op ?? 'replace', tokens, change.value);
  } catch (error) {
    if (error instanceof PointerError) throw new ChangeError(index, 'path', error.message);
    throw error;
  }
}

/** A copy of `object` with every change applied, in order; the first that cannot apply throws. */
export function applyChanges<T extends Changeable>(object: T, changes: readonly OverrideChange[]): T {
  const copy = structuredClone(object);
  for (const [i, change] of changes.entries()) applyChange(copy, change, i);
  return copy;
}

/** Whether the kinds a change may meet can take it, before any object is looked at. */
export function kindProblem(kind: string, change: OverrideChange): string | undefined {
  if (change.image !== undefined && !hasPodTemplate(kind)) {
    return `${kind} has no pod template whose images could change`;
  }
  if (change.replicas !== undefined && !REPLICATED_KINDS.includes(kind)) return `${kind} has no spec.replicas`;
  return undefined;
}
