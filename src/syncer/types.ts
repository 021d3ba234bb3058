// The keys the agent gives the objects it reads downstream, and the list shape it reads them in.
import type { KubeObject } from '../schemas/meta.js';

export interface KubeList<T = KubeObject> {
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/**
 * "Deployment.apps/shop/web", "ConfigMap/shop/settings": the key of an object here and upstream
 * (the agent keeps namespaces as they are). The kind with its group, not the version: one
 * object is served at several versions. None of the three parts can hold a slash.
 */
export const keyOf = (groupKind: string, namespace: string, name: string): string =>
  `${groupKind}/${namespace}/${name}`;

export const objectKey = (groupKind: string, object: KubeObject): string =>
  keyOf(groupKind, object.metadata.namespace ?? '', object.metadata.name ?? '');

export function splitKey(key: string): { groupKind: string; namespace: string; name: string } {
  const [groupKind = '', namespace = '', ...name] = key.split('/');
  return { groupKind, namespace, name: name.join('/') };
}
