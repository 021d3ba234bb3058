// core/v1 messages in protobuf form (k8s.io/api's core/v1 generated.proto, by field number): the
// kinds `kubectl create` and `kubectl expose` make (`kubectl create quota` a ResourceQuota), the
// LimitRange beside it, and the pod template of the workloads. A field
// left out here is refused when a body carries it (kube-protobuf.ts), never dropped.
export const CORE_PROTO = `
message NamespaceSpec { repeated string finalizers = 1; }
message NamespaceStatus { optional string phase = 1; }
message Namespace {
  optional ObjectMeta metadata = 1; optional NamespaceSpec spec = 2; optional NamespaceStatus status = 3;
}
message ConfigMap {
  optional ObjectMeta metadata = 1; map<string, string> data = 2; map<string, bytes> binaryData = 3;
  optional bool immutable = 4 [(ptr) = true];
}
message Secret {
  optional ObjectMeta metadata = 1; map<string, bytes> data = 2; optional string type = 3;
  map<string, string> stringData = 4; optional bool immutable = 5 [(ptr) = true];
}
message ObjectReference {
  optional string kind = 1; optional string namespace = 2; optional string name = 3; optional string uid = 4;
  optional string apiVersion = 5; optional string resourceVersion = 6; optional string fieldPath = 7;
}
message LocalObjectReference { optional string name = 1; }
message ServiceAccount {
  optional ObjectMeta metadata = 1; repeated ObjectReference secrets = 2;
  repeated LocalObjectReference imagePullSecrets = 3; optional bool automountServiceAccountToken = 4 [(ptr) = true];
}
message ServicePort {
  optional string name = 1; optional string protocol = 2; optional int32 port = 3;
  optional IntOrString targetPort = 4;
  optional int32 nodePort = 5; optional string appProtocol = 6 [(ptr) = true];
}
message ServiceSpec {
  repeated ServicePort ports = 1; map<string, string> selector = 2; optional string clusterIP = 3;
  optional string type = 4; repeated string externalIPs = 5; optional string sessionAffinity = 7;
  optional string loadBalancerIP = 8; repeated string loadBalancerSourceRanges = 9; optional string externalName = 10;
  optional string externalTrafficPolicy = 11; optional int32 healthCheckNodePort = 12;
  optional bool publishNotReadyAddresses = 13; optional string ipFamilyPolicy = 17 [(ptr) = true];
  repeated string clusterIPs = 18; repeated string ipFamilies = 19;
  optional bool allocateLoadBalancerNodePorts = 20 [(ptr) = true];
  optional string loadBalancerClass = 21 [(ptr) = true];
  optional string internalTrafficPolicy = 22 [(ptr) = true]; optional string trafficDistribution = 23 [(ptr) = true];
}
message LoadBalancerStatus {}
message ServiceStatus { optional LoadBalancerStatus loadBalancer = 1; }
message Service {
  optional ObjectMeta metadata = 1; optional ServiceSpec spec = 2; optional ServiceStatus status = 3;
}
message ContainerPort {
  optional string name = 1; optional int32 hostPort = 2; optional int32 containerPort = 3;
  optional string protocol = 4; optional string hostIP = 5;
}
message EnvVar { optional string name = 1; optional string value = 2; }
message ResourceRequirements { map<string, Quantity> limits = 1; map<string, Quantity> requests = 2; }
message Container {
  optional string name = 1; optional string image = 2; repeated string command = 3; repeated string args = 4;
  optional string workingDir = 5; repeated ContainerPort ports = 6; repeated EnvVar env = 7;
  optional ResourceRequirements resources = 8; optional string terminationMessagePath = 13;
  optional string imagePullPolicy = 14; optional bool stdin = 16; optional bool stdinOnce = 17;
  optional bool tty = 18;
  optional string terminationMessagePolicy = 20; optional string restartPolicy = 24 [(ptr) = true];
}
message PodSpec {
  repeated Container containers = 2; optional string restartPolicy = 3;
  optional int64 terminationGracePeriodSeconds = 4 [(ptr) = true];
  optional int64 activeDeadlineSeconds = 5 [(ptr) = true];
  optional string dnsPolicy = 6; map<string, string> nodeSelector = 7; optional string serviceAccountName = 8;
  optional string serviceAccount = 9; optional string nodeName = 10; optional bool hostNetwork = 11;
  optional bool hostPID = 12; optional bool hostIPC = 13; repeated LocalObjectReference imagePullSecrets = 15;
  optional string hostname = 16; optional string subdomain = 17; optional string schedulerName = 19;
  repeated Container initContainers = 20; optional bool automountServiceAccountToken = 21 [(ptr) = true];
  optional string priorityClassName = 24; optional int32 priority = 25 [(ptr) = true];
  optional bool enableServiceLinks = 30 [(ptr) = true]; optional string preemptionPolicy = 31 [(ptr) = true];
}
message PodTemplateSpec { optional ObjectMeta metadata = 1; optional PodSpec spec = 2; }
message ScopedResourceSelectorRequirement {
  optional string scopeName = 1; optional string operator = 2; repeated string values = 3;
}
message ScopeSelector { repeated ScopedResourceSelectorRequirement matchExpressions = 1; }
message ResourceQuotaSpec {
  map<string, Quantity> hard = 1; repeated string scopes = 2; optional ScopeSelector scopeSelector = 3;
}
message ResourceQuotaStatus { map<string, Quantity> hard = 1; map<string, Quantity> used = 2; }
message ResourceQuota {
  optional ObjectMeta metadata = 1; optional ResourceQuotaSpec spec = 2; optional ResourceQuotaStatus status = 3;
}
message LimitRangeItem {
  optional string type = 1; map<string, Quantity> max = 2; map<string, Quantity> min = 3;
  map<string, Quantity> default = 4; map<string, Quantity> defaultRequest = 5;
  map<string, Quantity> maxLimitRequestRatio = 6;
}
message LimitRangeSpec { repeated LimitRangeItem limits = 1; }
message LimitRange { optional ObjectMeta metadata = 1; optional LimitRangeSpec spec = 2; }
`;
