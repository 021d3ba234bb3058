// A v1 Namespace, as kube-apiserver keeps it: a spec of finalizers (`kubernetes`, set on create:
// the contents go before the namespace does) and a phase, Active or Terminating. tmc keeps the
// Namespaces of its API; it never places them on clusters (agents create a namespace there
// when they first apply something into it, with the Namespace's labels and annotations).
import { Type } from 'typebox';
import { Condition, ObjectMeta } from './meta.js';

export const NAMESPACE_KIND = 'Namespace';
/** The finalizer of every Namespace: its contents are deleted before it is. */
export const NAMESPACE_FINALIZER = 'kubernetes';
/** The namespaces kube-apiserver makes at start; tmc makes them too, so clients find them. */
export const SYSTEM_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
/**
 * The label kube-apiserver gives every Namespace, its name, whatever a client sends: what a
 * NetworkPolicy's namespaceSelector or a webhook's selects one namespace by.
 */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
export const namespaceNameLabel = (name: string): Record<string, string> => ({ [NAMESPACE_NAME_LABEL]: name });
/** The namespaces kube-apiserver refuses to delete. */
export const IMMORTAL_NAMESPACES: readonly string[] = ['default', 'kube-system', 'kube-public'];

export const NamespacePhase = Type.Union([Type.Literal('Active'), Type.Literal('Terminating')], {
  description: 'Active, or Terminating once deleted: its contents are being deleted',
});

export const Namespace = Type.Object(
  {
    apiVersion: Type.Literal('v1'),
    kind: Type.Literal(NAMESPACE_KIND),
    metadata: ObjectMeta,
    spec: Type.Optional(
      Type.Object(
        {
          finalizers: Type.Optional(
            Type.Array(Type.String(), {
              default: [NAMESPACE_FINALIZER],
              description: 'what must be done before it is deleted; set on create',
            }),
          ),
        },
        { default: { finalizers: [NAMESPACE_FINALIZER] } },
      ),
    ),
    status: Type.Optional(
      Type.Object(
        { phase: Type.Optional(NamespacePhase), conditions: Type.Optional(Type.Array(Condition)) },
        { description: 'set by the server' },
      ),
    ),
  },
  {
    additionalProperties: true,
    description:
      'A v1 Namespace: made on the first object created in it, or explicitly; deleting it deletes everything in it',
  },
);
