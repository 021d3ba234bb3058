// The non-apply patches applied to the stored object: JSON patch (RFC 6902, by fast-json-patch),
// JSON merge patch and strategic merge patch. A patch that is malformed is a 400; one that is
// well formed but cannot be applied to this object (a failed `test`, a missing path) is a 422,
// as kube-apiserver answers them.
import jsonPatchModule from 'fast-json-patch';
import type { KubeObject } from '../../schemas/meta.js';
import { type Json, applyMergePatch } from '../../lib/merge-patch.js';
import { PatchFormatError, strategicMerge } from '../../lib/strategic-merge-patch.js';
import { ApiError, badRequest } from '../http/errors.js';
import { shapeOfKind } from './managed-fields.js';
import { JSON_PATCH, MERGE_PATCH } from '../http/patch-media-types.js';
import type { ResourceDefinition } from '../http/resource-definition.js';

// A CommonJS package: under NodeNext its default import is module.exports, which has them all.
const jsonPatch = jsonPatchModule as unknown as typeof import('fast-json-patch');

/** What fast-json-patch calls a malformed operation, rather than one this object cannot take. */
const MALFORMED = new Set([
  'SEQUENCE_NOT_AN_ARRAY',
  'OPERATION_NOT_AN_OBJECT',
  'OPERATION_OP_INVALID',
  'OPERATION_PATH_INVALID',
  'OPERATION_FROM_REQUIRED',
  'OPERATION_VALUE_REQUIRED',
  'OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED',
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function applyJsonPatch(current: KubeObject, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw badRequest('a JSON patch must be a list of operations: [{"op": "replace", "path": ..., "value": ...}]');
  }
  try {
    return jsonPatch.applyPatch(structuredClone(current), patch, true, true).newDocument;
  } catch (error) {
    // fast-json-patch refuses paths through __proto__, constructor or prototype with a TypeError.
    if (error instanceof TypeError && /banned/.test(error.message)) {
      throw badRequest(`the JSON patch is refused: ${error.message}`);
    }
    if (!(error instanceof jsonPatch.JsonPatchError)) throw error;
    const { name, index, operation } = error as InstanceType<typeof jsonPatch.JsonPatchError>;
    const where = `operation ${index ?? 0}${isObject(operation) ? ` (${operation.op} ${operation.path})` : ''}`;
    const message = `the JSON patch failed at ${where}: ${error.message.split('\n')[0]}`;
    throw MALFORMED.has(name) ? badRequest(message) : new ApiError(422, 'Invalid', message);
  }
}

/** The object a patch of the given type makes of the stored one. */
export function patchObject(def: ResourceDefinition, type: string, current: KubeObject, patch: unknown): KubeObject {
  let patched: unknown;
  if (type === JSON_PATCH) patched = applyJsonPatch(current, patch);
  else if (!isObject(patch)) {
    throw badRequest(`a ${type === MERGE_PATCH ? 'merge' : 'strategic merge'} patch must be a JSON object`);
  } else if (type === MERGE_PATCH) patched = applyMergePatch(current as unknown as Json, patch as Json);
  else {
    try {
      patched = strategicMerge(current, patch, shapeOfKind(def));
    } catch (error) {
      if (error instanceof PatchFormatError) throw badRequest(error.message);
      throw error;
    }
  }
  if (!isObject(patched) || !isObject(patched.metadata)) throw badRequest('a patch may not remove metadata');
  return patched as unknown as KubeObject;
}
