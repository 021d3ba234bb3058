// The apimachinery messages the Kubernetes kinds' protobuf forms share (k8s.io/apimachinery's
// generated.proto, by field number), in proto2 as Kubernetes writes them. `[(ptr) = true]` marks
// a field that Go keeps as a pointer: present only when set, so its zero value means something;
// every other scalar is always written and its zero means "not given" (protobuf-json.ts).
export const META_PROTO = `
syntax = "proto2";
message TypeMeta { optional string apiVersion = 1; optional string kind = 2; }
message Unknown {
  optional TypeMeta typeMeta = 1; optional bytes raw = 2; optional string contentEncoding = 3;
  optional string contentType = 4;
}
message Time { optional int64 seconds = 1; optional int32 nanos = 2; }
message IntOrString { optional int64 type = 1; optional int32 intVal = 2; optional string strVal = 3; }
message Quantity { optional string string = 1; }
message OwnerReference {
  optional string kind = 1; optional string name = 3; optional string uid = 4; optional string apiVersion = 5;
  optional bool controller = 6 [(ptr) = true]; optional bool blockOwnerDeletion = 7 [(ptr) = true];
}
message ObjectMeta {
  optional string name = 1; optional string generateName = 2; optional string namespace = 3;
  optional string selfLink = 4; optional string uid = 5; optional string resourceVersion = 6;
  optional int64 generation = 7; optional Time creationTimestamp = 8; optional Time deletionTimestamp = 9;
  optional int64 deletionGracePeriodSeconds = 10 [(ptr) = true];
  map<string, string> labels = 11; map<string, string> annotations = 12;
  repeated OwnerReference ownerReferences = 13; repeated string finalizers = 14;
}
message LabelSelectorRequirement {
  optional string key = 1; optional string operator = 2; repeated string values = 3;
}
message LabelSelector { map<string, string> matchLabels = 1; repeated LabelSelectorRequirement matchExpressions = 2; }
`;
