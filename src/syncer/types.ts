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
}

export interface KubeList<T = KubeObject> {
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** "namespace/name": the key of a Deployment here and upstream (the agent keeps namespaces as they are). */
export const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;

export const objectKey = (object: KubeObject): string => keyOf(object.metadata.namespace ?? '', object.metadata.name);

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
