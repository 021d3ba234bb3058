// A decoded Kubernetes protobuf message as the JSON form of the same object: the names are the
// same (Kubernetes gives its proto fields their JSON names), the special types take their JSON
// shapes (a Time is an RFC 3339 string, an IntOrString a number or a string, a Quantity a string,
// bytes base64), and a scalar Go always writes is left out when zero, as its `omitempty` would.
import protobuf from 'protobufjs';

type Json = Record<string, unknown>;

/** A field Go keeps as a pointer: written only when set, so zero is a value (kube-meta-proto.ts). */
const isPointer = (field: protobuf.Field): boolean => field.options?.['(ptr)'] === true;
/** A Go struct embedded in its parent: its fields are the parent's in JSON (an Ingress rule's `http`). */
const isInline = (field: protobuf.Field): boolean => field.options?.['(inline)'] === true;

const isZero = (value: unknown): boolean => value === '' || value === 0 || value === false;

function rfc3339(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

function messageValue(type: protobuf.Type, value: Json): unknown {
  switch (type.name) {
    // The zero time is written as an empty message; its JSON is null, which omitempty leaves out.
    case 'Time':
      return value.seconds === undefined ? undefined : rfc3339(Number(value.seconds));
    case 'IntOrString':
      return Number(value.type ?? 0) === 1 ? (value.strVal ?? '') : (value.intVal ?? 0);
    case 'Quantity':
      return value.string ?? '';
    default:
      return jsonOf(type, value);
  }
}

function fieldValue(field: protobuf.Field, value: unknown): unknown {
  field.resolve();
  const message = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
  const one = (v: unknown) => (message ? messageValue(message, v as Json) : v);
  if (field.map) {
    const entries = Object.entries(value as Json).map(([key, v]) => [key, one(v)]);
    return entries.length > 0 ? Object.fromEntries(entries) : undefined;
  }
  if (field.repeated) {
    const items = (value as unknown[]).map(one);
    return items.length > 0 ? items : undefined;
  }
  if (message) return one(value);
  return isZero(value) && !isPointer(field) ? undefined : value;
}

/** `plain` (Type.toObject of a decoded message: longs as numbers, bytes as base64) in its JSON form. */
export function jsonOf(type: protobuf.Type, plain: Json): Json {
  const json: Json = {};
  for (const field of type.fieldsArray) {
    if (plain[field.name] === undefined) continue;
    const value = fieldValue(field, plain[field.name]);
    if (value === undefined) continue;
    if (isInline(field)) Object.assign(json, value);
    else json[field.name] = value;
  }
  return json;
}
