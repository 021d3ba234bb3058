// The dependencies each placed object names, indexed both ways ("Kind ns/name" keys), and the
// links a change moves along: what needs an object directly, and what an object carries along.
import type { KubeObject } from '../schemas/meta.js';
import { objectKey } from '../runtime/informer.js';
import { NEEDING_KINDS, referencesOf, serviceSelects, templateLabels } from './dependencies.js';
import { PlacedByTarget } from './target-index.js';

export const keyFor = (kind: string, key: string) => `${kind} ${key}`;
export const keyOfObject = (object: KubeObject) => keyFor(object.kind, objectKey(object));
const POD_TEMPLATE_KINDS = NEEDING_KINDS.filter((k) => k !== 'Ingress');

export class NeedIndex {
  /** From each placed object's key to the keys of the dependencies it names, and back. */
  private readonly needs = new PlacedByTarget();

  constructor(private readonly objectsIn: (namespace: string, kinds: Iterable<string>) => Iterable<KubeObject>) {}

  clear(): void {
    this.needs.clear();
  }

  index(object: KubeObject, gone: boolean): void {
    if (!NEEDING_KINDS.includes(object.kind)) return;
    const namespace = object.metadata.namespace ?? '';
    const named = gone ? [] : referencesOf(object).map((r) => keyFor(r.kind, `${namespace}/${r.name}`));
    this.needs.set(keyOfObject(object), new Set(named));
  }

  /**
   * The keys of the objects needing `object` directly: those naming it, the workloads whose pods a
   * Service picks, and for an Ingress the Services it fronts (it follows them).
   */
  needersOf(object: KubeObject): Set<string> {
    const key = keyOfObject(object);
    const needers = new Set(this.needs.keysOn(key));
    const namespace = object.metadata.namespace ?? '';
    if (object.kind === 'Service') {
      for (const w of this.objectsIn(namespace, POD_TEMPLATE_KINDS)) {
        if (serviceSelects(object, templateLabels(w))) needers.add(keyOfObject(w));
      }
    }
    if (object.kind === 'Ingress') {
      for (const named of this.needs.targetsOf(key)) if (named.startsWith('Service ')) needers.add(named);
    }
    return needers;
  }

  /** What a placed object carries along: what it names, the Services picking its pods, a Service's Ingresses. */
  dependencyKeys(object: KubeObject | undefined): Set<string> {
    if (object?.kind === 'Service') {
      return new Set(this.needs.keysOn(keyOfObject(object)).filter((k) => k.startsWith('Ingress ')));
    }
    if (!object || !NEEDING_KINDS.includes(object.kind)) return new Set();
    const namespace = object.metadata.namespace ?? '';
    const keys = new Set(referencesOf(object).map((r) => keyFor(r.kind, `${namespace}/${r.name}`)));
    const labels = templateLabels(object);
    if (!labels) return keys;
    for (const s of this.objectsIn(namespace, ['Service'])) if (serviceSelects(s, labels)) keys.add(keyOfObject(s));
    return keys;
  }
}
