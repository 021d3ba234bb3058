// metadata.managedFields on every write of the resource routes: which manager a request is
// (its fieldManager, else the User-Agent's product as kube-apiserver takes it), and the entry an
// update records for it. What a client sends in metadata.managedFields is not taken: the
// server keeps the record.
import type { FastifyRequest } from 'fastify';
import type { KubeObject } from '../../schemas/meta.js';
import { type Actor, type ManagedFieldsEntry, decodeManagers, encodeManagers } from '../../lib/ssa/managers.js';
import { type Shape, shapeOf } from '../../lib/ssa/shape.js';
import { FieldError } from '../../lib/ssa/items.js';
import { recordUpdate } from '../../lib/ssa/updater.js';
import { ApiError, invalidObject } from '../http/errors.js';
import { type ResourceDefinition, apiVersionOf, errorTarget } from '../http/resource-definition.js';
import { kubeTime } from '../../lib/kube-time.js';

const MAX_MANAGER_LENGTH = 128;

export const shapeOfKind = (def: ResourceDefinition): Shape =>
  shapeOf(def.schema as unknown as Record<string, unknown>);

/** kube-apiserver's default manager: the User-Agent up to its first "/" (kubectl/v1.35 -> kubectl). */
export function managerOf(request: FastifyRequest): string {
  const given = (request.query as { fieldManager?: string } | undefined)?.fieldManager;
  if (given) return given;
  const agent = request.headers['user-agent'] ?? '';
  return agent.split('/', 1)[0]!.slice(0, MAX_MANAGER_LENGTH);
}

export const now = (): string => kubeTime();

export const managedFieldsOf = (object: KubeObject | undefined): ManagedFieldsEntry[] | undefined =>
  (object?.metadata as { managedFields?: ManagedFieldsEntry[] } | undefined)?.managedFields;

/** A list the server cannot track (an item without its keys, a key twice) is an invalid object. */
export function fieldError(def: ResourceDefinition, name: string | undefined, error: unknown): never {
  if (!(error instanceof FieldError)) throw error;
  const cause = { reason: 'FieldValueInvalid', field: error.field, message: `Invalid value: ${error.message}` };
  throw invalidObject(errorTarget(def, name), [cause]);
}

/** `next` (prepared to store) with the managedFields of an update by the request's manager. */
export function withUpdateEntry(
  def: ResourceDefinition,
  request: FastifyRequest,
  current: KubeObject | undefined,
  next: KubeObject,
): KubeObject {
  return withManagerEntry(def, managerOf(request), current, next);
}

/** `next` with the managedFields of an update by `manager` (a request's, or a controller's own). */
export function withManagerEntry(
  def: ResourceDefinition,
  manager: string,
  current: KubeObject | undefined,
  next: KubeObject,
): KubeObject {
  const actor: Actor = { manager, operation: 'Update', apiVersion: apiVersionOf(def) };
  const before = decodeManagers(managedFieldsOf(current));
  let managers: ReturnType<typeof recordUpdate>;
  try {
    managers = recordUpdate(current ?? {}, next, shapeOfKind(def), before, actor);
  } catch (error) {
    fieldError(def, next.metadata.name, error);
  }
  const managedFields = encodeManagers(managers, before, actor, now());
  const metadata = { ...next.metadata, managedFields };
  if (managedFields.length === 0) delete (metadata as { managedFields?: unknown }).managedFields;
  return { ...next, metadata };
}

/** The 422 kube-apiserver answers for bad PatchOptions (fieldManager, force). */
export function invalidPatchOptions(field: string, reason: string, message: string): ApiError {
  return new ApiError(422, 'Invalid', `PatchOptions.meta.k8s.io "" is invalid: ${field}: ${message}`, {
    group: 'meta.k8s.io',
    kind: 'PatchOptions',
    causes: [{ reason, field, message }],
  });
}
