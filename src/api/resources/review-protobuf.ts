// The self reviews in the protobuf form kubectl sends them in (`kubectl auth can-i` posts
// SelfSubjectAccessReview and SelfSubjectRulesReview as application/vnd.kubernetes.protobuf, and
// `kubectl auth whoami` its SelfSubjectReview, whatever the server): the runtime.Unknown envelope
// after the "k8s\0" magic, and the fields the reviews read, by their field numbers in k8s.io/api's
// generated.proto.
// Answers are JSON, which the client also accepts.
import protobuf from 'protobufjs';
import { badRequest } from '../http/errors.js';
import { envelopeOf } from '../protobuf/kube-protobuf.js';

const PROTO = `
syntax = "proto2";
message ResourceAttributes {
  optional string namespace = 1; optional string verb = 2; optional string group = 3; optional string version = 4;
  optional string resource = 5; optional string subresource = 6; optional string name = 7;
}
message NonResourceAttributes { optional string path = 1; optional string verb = 2; }
message SelfSubjectAccessReviewSpec {
  optional ResourceAttributes resourceAttributes = 1; optional NonResourceAttributes nonResourceAttributes = 2;
}
message SelfSubjectAccessReview { optional SelfSubjectAccessReviewSpec spec = 2; }
message SelfSubjectRulesReviewSpec { optional string namespace = 1; }
message SelfSubjectRulesReview { optional SelfSubjectRulesReviewSpec spec = 2; }
message SelfSubjectReview {}
`;

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const MESSAGES: Record<string, protobuf.Type> = {
  SelfSubjectAccessReview: root.lookupType('SelfSubjectAccessReview'),
  SelfSubjectRulesReview: root.lookupType('SelfSubjectRulesReview'),
  // authentication/v1: `kubectl auth whoami` asks with metadata alone, which the answer leaves empty.
  SelfSubjectReview: root.lookupType('SelfSubjectReview'),
};
/** The review as its JSON form would have it; a 400 for anything else. */
export function decodeReview(body: Buffer): Record<string, unknown> {
  const { apiVersion, kind, raw } = envelopeOf(body);
  const message = MESSAGES[kind];
  if (!message) throw badRequest(`protobuf bodies are taken for the self reviews only, not ${JSON.stringify(kind)}`);
  try {
    const decoded = message.toObject(message.decode(raw), { defaults: false });
    return { apiVersion, kind, spec: decoded.spec ?? {} };
  } catch (error) {
    throw badRequest(`the protobuf body could not be read: ${(error as Error).message}`);
  }
}
