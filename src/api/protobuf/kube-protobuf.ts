// Kubernetes objects in the protobuf form kubectl sends them in: `kubectl create deployment|
// configmap|secret|job|...`, `kubectl expose` and `kubectl autoscale` post the built-in kinds as
// application/vnd.kubernetes.protobuf, whatever the server. The body is the runtime.Unknown
// envelope after the "k8s\0" magic, holding the object's message; it is read into the JSON form
// the routes take, so it is validated and stored as JSON would be. A field this server's messages
// do not know would be dropped by the decoder: such a body is refused whole instead.
import protobuf from 'protobufjs';
import { ApiError, badRequest } from '../http/errors.js';
import { CORE_PROTO } from './kube-core-proto.js';
import { KINDS_PROTO } from './kube-kinds-proto.js';
import { META_PROTO } from './kube-meta-proto.js';
import { jsonOf } from './protobuf-json.js';

export const KUBE_PROTOBUF = 'application/vnd.kubernetes.protobuf';

const root = protobuf.parse(META_PROTO + CORE_PROTO + KINDS_PROTO, { keepCase: true }).root;
const Unknown = root.lookupType('Unknown');
const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
}

const unreadable = (error: unknown) =>
  badRequest(`the protobuf body could not be read: ${(error as Error).message}; send it as application/json`);

/** The envelope of a protobuf body: the object's apiVersion and kind, and its message's bytes. */
export function envelopeOf(body: Buffer): Envelope {
  if (!body.subarray(0, 4).equals(MAGIC)) {
    throw badRequest('a protobuf body must start with the Kubernetes "k8s\\0" envelope');
  }
  let envelope: { typeMeta?: { apiVersion?: string; kind?: string }; raw?: Uint8Array; contentEncoding?: string };
  try {
    envelope = Unknown.toObject(Unknown.decode(body.subarray(4))) as typeof envelope;
  } catch (error) {
    throw unreadable(error);
  }
  if (envelope.contentEncoding) {
    const message = `a protobuf body with content encoding "${envelope.contentEncoding}" is not taken`;
    throw new ApiError(415, 'UnsupportedMediaType', message);
  }
  const { apiVersion = '', kind = '' } = envelope.typeMeta ?? {};
  return { apiVersion, kind, raw: envelope.raw ?? new Uint8Array() };
}

/** The message of a kind (the routes ask for theirs): an object with metadata, named after its kind. */
function messageOf(kind: string): protobuf.Type | undefined {
  const type = root.lookup(kind);
  return type instanceof protobuf.Type && type.fields.metadata?.type === 'ObjectMeta' ? type : undefined;
}

/** Whether kubectl's protobuf form of the kind a route serves is read here. */
export const hasProtobufForm = (kind: string): boolean => messageOf(kind) !== undefined;

/** The object of kind `expected` in a protobuf body, in its JSON form; a 400 or 415 when it cannot be read whole. */
export function decodeKubeObject(body: Buffer, expected: string): Record<string, unknown> {
  const { apiVersion, kind, raw } = envelopeOf(body);
  if (kind !== expected) throw badRequest(`the protobuf body holds a ${JSON.stringify(kind)}, not a ${expected}`);
  const type = messageOf(kind)!;
  let message: protobuf.Message;
  try {
    message = type.decode(raw);
  } catch (error) {
    throw unreadable(error);
  }
  // The decoder skips fields it has no number for: what it kept, written again, is shorter.
  if (type.encode(message).finish().length !== raw.length) {
    const why =
      `this ${kind} has fields that this server does not read in protobuf form (it reads those kubectl create ` +
      'sets): send it as application/json, e.g. `kubectl create ... --dry-run=client -o yaml | ' +
      'kubectl apply --server-side -f -`';
    throw new ApiError(415, 'UnsupportedMediaType', why);
  }
  const plain = type.toObject(message, { longs: Number, bytes: String, defaults: false });
  return { apiVersion, kind, ...jsonOf(type, plain) };
}
