// The shape shared by the Kubernetes kinds tmc carries as given (ConfigMaps, Services, Jobs...):
// apiVersion, kind and metadata typed, the fields the server reads typed, every other field
// kept as sent. A status sent by a client is ignored, as for Deployments.
import { Type, type TObject, type TProperties } from 'typebox';
import { ObjectMeta, StringMap } from './meta.js';
import { PodSpec } from './pod.js';

/** An object of the given fields that keeps the fields it does not name. */
export const Open = <P extends TProperties>(properties: P, description?: string) =>
  Type.Object(properties, { additionalProperties: true, ...(description ? { description } : {}) });

export const AnyObject = (description?: string) => Open({}, description);

export const PodTemplate = Open(
  {
    metadata: Type.Optional(Open({ labels: Type.Optional(StringMap), annotations: Type.Optional(StringMap) })),
    // Typed as a Deployment's is: kubectl patches the containers by name, ports by number...
    spec: Type.Optional(PodSpec),
  },
  'a core/v1 PodTemplateSpec; its labels must match the selector where the kind has one',
);

/** A kind's object schema: the top-level fields (spec, data, rules...) besides the common ones. */
export function kubeObject(apiVersion: string, kind: string, fields: TProperties, description: string): TObject {
  return Type.Object(
    {
      apiVersion: Type.Literal(apiVersion),
      kind: Type.Literal(kind),
      metadata: ObjectMeta,
      ...fields,
      status: Type.Optional(AnyObject('set by the server')),
    },
    { additionalProperties: true, description },
  );
}
