// What the generic resource routes need to know about a kind. Each kind's file declares one
// of these; paths, verbs, errors and OpenAPI entries all follow from it.
import { Type, type TObject, type TSchema } from 'typebox';
import type { KubeObject } from '../../schemas/meta.js';
import type { Column } from '../../lib/columns.js';
import type { Cause } from '../../lib/validation.js';
import { type ApiError, conflict } from '../http/errors.js';

export interface ResourceDefinition {
  group: string;
  version: string;
  kind: string;
  /** The lower-case plural of the path, e.g. "synctargets". */
  plural: string;
  namespaced: boolean;
  /** The object's schema: request validation, defaults and the OpenAPI document. */
  schema: TObject;
  listSchema: TSchema;
  /** Names are DNS-1123 labels (at most 63 characters, no dots), as a Namespace's; subdomains otherwise. */
  labelNames?: boolean;
  /** Rules that a JSON schema cannot express (selectors, cross-field checks). */
  validate?: (object: KubeObject) => Cause[];
  /** Labels the server sets on every write, whatever the client sent (a Namespace's name label). */
  serverLabels?: (name: string) => Record<string, string>;
  /** The status a new object starts with; the client cannot set status. */
  initialStatus?: (object: KubeObject) => unknown;
  /**
   * The status kept when a write moves the generation (the spec changed), from the stored one:
   * a status that says which generation it is for must say the new one in the same write.
   */
  statusForGeneration?: (object: KubeObject) => unknown;
  /**
   * A built-in Kubernetes kind, whose schema carries the merge keys of its lists: PATCH takes
   * strategic merge patches. Others answer that type with a 415, as a custom resource does.
   */
  strategicMergePatch?: boolean;
  /** Abbreviations that kubectl and tmc accept for the plural (discovery's shortNames). */
  shortNames?: string[];
  /** Groups of kinds that `kubectl get <category>` lists together, e.g. "all". */
  categories?: string[];
  /**
   * The exports of the kind's schema module: the object schemas among them become named types
   * (components) in the Kubernetes OpenAPI documents, so generated clients get named classes.
   */
  namedSchemas?: Record<string, unknown>;
  /**
   * Called on the objects of every answer before they are sent: may fill in what the stored
   * objects do not show yet (the SyncTargets' latest heartbeat times, kept in memory).
   */
  present?: (objects: KubeObject[]) => Promise<void>;
  /**
   * Asked before an object is deleted: a reason it may not be (answered 409 Conflict), or
   * undefined (a CustomResourceDefinition whose objects are left).
   */
  beforeDelete?: (object: KubeObject) => Promise<string | undefined>;
  /**
   * A kind whose delete a controller finishes (a Namespace: its contents go first). DELETE stores
   * the object as marked and answers it, or answers the error `refused` (a second delete, a
   * namespace that may not go); such a kind serves no deletecollection, as namespaces do not.
   */
  deleteLater?: (object: KubeObject, now: Date) => { marked: KubeObject } | { refused: ApiError };
  /** A delete without a propagationPolicy orphans the dependents (a batch/v1 Job's); else Background. */
  orphansByDefault?: boolean;
  /** The columns of its Tables, when not the kind's own (a custom resource's printer columns). */
  columns?: Column[];
}

export const apiVersionOf = (def: ResourceDefinition): string =>
  def.group ? `${def.group}/${def.version}` : def.version;

/** /api/v1/... for the core group (kubectl looks there), /apis/<group>/<version>/... for the others. */
export const collectionPath = (def: ResourceDefinition, namespaceParam = true): string =>
  `/${def.group ? 'apis' : 'api'}/${apiVersionOf(def)}` +
  `${def.namespaced && namespaceParam ? '/namespaces/:namespace' : ''}/${def.plural}`;

export const errorTarget = (def: ResourceDefinition, name?: string) => ({ kind: def.plural, group: def.group, name });

/** A 409 when the kind says the object may not be deleted now (beforeDelete). */
export async function checkDeletable(def: ResourceDefinition, object: KubeObject): Promise<void> {
  const why = await def.beforeDelete?.(object);
  if (why) throw conflict(errorTarget(def, object.metadata.name), why);
}

/**
 * What a client may send: the object, with apiVersion and kind optional (the path implies
 * them) and loosely typed, so a mismatch gets the precise 400 of object-lifecycle.ts.
 */
export function inputSchemaOf(def: ResourceDefinition): TSchema {
  const properties = def.schema.properties as Record<string, TSchema>;
  return Type.Object(
    { ...properties, apiVersion: Type.Optional(Type.String()), kind: Type.Optional(Type.String()) },
    { description: (def.schema as { description?: string }).description },
  );
}
