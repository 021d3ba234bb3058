// The shapes the agent reads from its downstream cluster: plain JSON as the API server sends
// it, with only the fields the agent looks at spelled out.

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  subresource?: string;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  managedFields?: ManagedFieldsEntry[];
  deletionTimestamp?: string;
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  /** A ConfigMap's data, a Role's rules...: every kind's other top-level fields. */
  [field: string]: unknown;
}

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
  keyOf(groupKind, object.metadata.namespace ?? '', object.metadata.name);

export function splitKey(key: string): { groupKind: string; namespace: string; name: string } {
  const [groupKind = '', namespace = '', ...name] = key.split('/');
  return { groupKind, namespace, name: name.join('/') };
}
