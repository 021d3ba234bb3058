// How a client's body becomes a stored object: identity checks, validation, and the
// server-set metadata a client may not choose (uid, resourceVersion, generation, timestamps).
import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta } from '../../schemas/meta.js';
import { jsonEqual } from '../../lib/merge-patch.js';
import {
  type Cause,
  invalid,
  required,
  validateAnnotations,
  validateLabelName,
  validateLabels,
  validateSubdomainName,
} from '../../lib/validation.js';
import { validateOwnerReferences } from '../../lib/owner-references.js';
import { schemaCauses } from '../http/ajv.js';
import { badRequest, conflict, invalidObject } from '../http/errors.js';
import { type ResourceDefinition, apiVersionOf, errorTarget } from '../http/resource-definition.js';
import { kubeTime } from '../../lib/kube-time.js';

const GENERATE_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function generatedSuffix(): string {
  return [...randomBytes(5)].map((b) => GENERATE_NAME_ALPHABET[b % GENERATE_NAME_ALPHABET.length]).join('');
}

function checkIdentity(def: ResourceDefinition, body: KubeObject, namespace: string | undefined): void {
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersionOf(def)) {
    throw badRequest(
      `the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(def)})`,
    );
  }
  if (body.kind !== undefined && body.kind !== def.kind) {
    throw badRequest(`the kind in the data (${body.kind}) does not match the expected kind (${def.kind})`);
  }
  const bodyNamespace = body.metadata?.namespace;
  if (def.namespaced && bodyNamespace && bodyNamespace !== namespace) {
    throw badRequest(
      `the namespace of the provided object (${bodyNamespace}) does not match the namespace sent on the request (${namespace})`,
    );
  }
}

function metadataCauses(def: ResourceDefinition, meta: ObjectMeta): Cause[] {
  const causes: Cause[] = [];
  if (!meta.name) causes.push(required('metadata.name', 'Required value: name or generateName is required'));
  else if (def.labelNames) causes.push(...validateLabelName('metadata.name', meta.name));
  else causes.push(...validateSubdomainName('metadata.name', meta.name));
  if (def.namespaced) causes.push(...validateLabelName('metadata.namespace', meta.namespace ?? ''));
  causes.push(
    ...validateLabels('metadata.labels', meta.labels),
    ...validateAnnotations('metadata.annotations', meta.annotations),
    ...validateOwnerReferences('metadata.ownerReferences', meta.ownerReferences),
  );
  return causes;
}

/** The body with apiVersion and kind from the path (first, as Kubernetes prints them) and the given metadata. */
function withIdentity(def: ResourceDefinition, body: KubeObject, metadata: ObjectMeta): KubeObject {
  const { apiVersion: _apiVersion, kind: _kind, metadata: _metadata, ...rest } = body;
  // Empty label and annotation maps are left out, as kube-apiserver's encoding (omitempty)
  // leaves them out: kept, `kubectl diff` would show `annotations: {}` as a change.
  const { labels: given, annotations, ...others } = metadata;
  const labels = def.serverLabels ? { ...given, ...def.serverLabels(metadata.name ?? '') } : given;
  const kept = {
    ...others,
    ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
    ...(annotations && Object.keys(annotations).length > 0 ? { annotations } : {}),
  };
  return { apiVersion: apiVersionOf(def), kind: def.kind, metadata: kept, ...rest };
}

/** Schema, metadata and kind-specific rules together, so one answer names every bad field. */
export function validateObject(def: ResourceDefinition, object: KubeObject): void {
  const causes = schemaCauses(def.schema, object);
  if (!causes.some((c) => c.field.startsWith('metadata'))) causes.push(...metadataCauses(def, object.metadata));
  if (causes.length === 0) causes.push(...(def.validate?.(object) ?? []));
  if (causes.length > 0) throw invalidObject(errorTarget(def, object.metadata?.name), causes);
}

/** A POST body made ready to store. */
export function prepareCreate(def: ResourceDefinition, body: KubeObject, namespace: string | undefined): KubeObject {
  checkIdentity(def, body, namespace);
  const given = body.metadata ?? {};
  if (given.resourceVersion) {
    throw invalidObject(errorTarget(def, given.name), [
      invalid('metadata.resourceVersion', given.resourceVersion, 'must not be set on objects to be created'),
    ]);
  }
  const name = given.name || (given.generateName ? `${given.generateName}${generatedSuffix()}` : undefined);
  const object = withIdentity(def, body, {
    ...given,
    name,
    ...(def.namespaced ? { namespace } : { namespace: undefined }),
    uid: randomUUID(),
    generation: 1,
    creationTimestamp: kubeTime(),
    // Server-set: only a delete marks an object (a Namespace) for deletion.
    deletionTimestamp: undefined,
  });
  delete object.status;
  validateObject(def, object);
  const status = def.initialStatus?.(object);
  return status === undefined ? object : { ...object, status };
}

/**
 * A PUT body (or a patched object) made ready to replace `current`: only metadata and spec
 * change; status and the server-set fields are kept; generation moves when spec changes.
 */
export function prepareReplace(
  def: ResourceDefinition,
  current: KubeObject,
  body: KubeObject,
  namespace: string | undefined,
  name: string,
): KubeObject {
  checkIdentity(def, body, namespace);
  const given = body.metadata ?? {};
  if (given.name !== undefined && given.name !== name) {
    throw badRequest(`the name of the object (${given.name}) does not match the name on the URL (${name})`);
  }
  if (given.uid !== undefined && given.uid !== current.metadata.uid) {
    throw conflict(
      errorTarget(def, name),
      `the UID in the object (${given.uid}) does not match the UID of the stored object (${current.metadata.uid})`,
    );
  }
  if (!given.resourceVersion) {
    throw invalidObject(errorTarget(def, name), [
      required('metadata.resourceVersion', 'Required value: must be specified for an update'),
    ]);
  }
  const next = withIdentity(def, body, {
    ...given,
    name,
    namespace: current.metadata.namespace,
    uid: current.metadata.uid,
    creationTimestamp: current.metadata.creationTimestamp,
    deletionTimestamp: current.metadata.deletionTimestamp,
    generation: current.metadata.generation,
    generateName: current.metadata.generateName,
  });
  if (current.status === undefined) delete next.status;
  else next.status = current.status;
  validateObject(def, next);
  if (jsonEqual(next.spec, current.spec)) return next;
  next.metadata.generation = (current.metadata.generation ?? 0) + 1;
  if (def.statusForGeneration && next.status !== undefined) next.status = def.statusForGeneration(next);
  return next;
}
