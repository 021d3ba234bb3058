// A Namespace the server makes itself (the first object created in a namespace, or one of the
// system namespaces): as one created through the API with nothing but its name.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../schemas/meta.js';
import { NAMESPACE_FINALIZER, NAMESPACE_KIND, namespaceNameLabel } from '../schemas/namespace.js';
import { kubeTime } from '../lib/kube-time.js';

export function namespaceObject(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: NAMESPACE_KIND,
    metadata: {
      name,
      labels: namespaceNameLabel(name),
      uid: randomUUID(),
      generation: 1,
      creationTimestamp: kubeTime(),
    },
    spec: { finalizers: [NAMESPACE_FINALIZER] },
    status: { phase: 'Active' },
  };
}

/** The namespace marked for deletion: Terminating from now on, until the controller has emptied it. */
export function terminating(namespace: KubeObject, now: Date): KubeObject {
  return {
    ...namespace,
    metadata: { ...namespace.metadata, deletionTimestamp: kubeTime(now) },
    status: { ...(namespace.status as object | undefined), phase: 'Terminating' },
  };
}
