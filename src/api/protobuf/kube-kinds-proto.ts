// The messages of the other groups' kinds that `kubectl create` makes (apps/v1 Deployment, batch/v1
// Job and CronJob, rbac/v1, networking/v1 Ingress, policy/v1 PodDisruptionBudget, autoscaling/v2
// HorizontalPodAutoscaler), by their field numbers in k8s.io/api's generated.proto. Statuses keep
// the fields Go always writes; a client's status is ignored by the server anyway.
export const KINDS_PROTO = `
message RollingUpdateDeployment { optional IntOrString maxUnavailable = 1; optional IntOrString maxSurge = 2; }
message DeploymentStrategy { optional string type = 1; optional RollingUpdateDeployment rollingUpdate = 2; }
message DeploymentSpec {
  optional int32 replicas = 1 [(ptr) = true]; optional LabelSelector selector = 2;
  optional PodTemplateSpec template = 3;
  optional DeploymentStrategy strategy = 4; optional int32 minReadySeconds = 5;
  optional int32 revisionHistoryLimit = 6 [(ptr) = true]; optional bool paused = 7;
  optional int32 progressDeadlineSeconds = 9 [(ptr) = true];
}
message DeploymentStatus {
  optional int64 observedGeneration = 1; optional int32 replicas = 2; optional int32 updatedReplicas = 3;
  optional int32 availableReplicas = 4; optional int32 unavailableReplicas = 5; optional int32 readyReplicas = 7;
  optional int32 collisionCount = 8 [(ptr) = true]; optional int32 terminatingReplicas = 9 [(ptr) = true];
}
message Deployment {
  optional ObjectMeta metadata = 1; optional DeploymentSpec spec = 2; optional DeploymentStatus status = 3;
}
message JobSpec {
  optional int32 parallelism = 1 [(ptr) = true]; optional int32 completions = 2 [(ptr) = true];
  optional int64 activeDeadlineSeconds = 3 [(ptr) = true]; optional LabelSelector selector = 4;
  optional bool manualSelector = 5 [(ptr) = true]; optional PodTemplateSpec template = 6;
  optional int32 backoffLimit = 7 [(ptr) = true]; optional int32 ttlSecondsAfterFinished = 8 [(ptr) = true];
  optional string completionMode = 9 [(ptr) = true]; optional bool suspend = 10 [(ptr) = true];
  optional int32 backoffLimitPerIndex = 12 [(ptr) = true]; optional int32 maxFailedIndexes = 13 [(ptr) = true];
  optional string podReplacementPolicy = 14 [(ptr) = true]; optional string managedBy = 15 [(ptr) = true];
}
message JobStatus {
  optional int32 active = 4; optional int32 succeeded = 5; optional int32 failed = 6;
  optional string completedIndexes = 7; optional int32 ready = 9 [(ptr) = true];
  optional string failedIndexes = 10 [(ptr) = true];
  optional int32 terminating = 11 [(ptr) = true];
}
message Job { optional ObjectMeta metadata = 1; optional JobSpec spec = 2; optional JobStatus status = 3; }
message JobTemplateSpec { optional ObjectMeta metadata = 1; optional JobSpec spec = 2; }
message CronJobSpec {
  optional string schedule = 1; optional int64 startingDeadlineSeconds = 2 [(ptr) = true];
  optional string concurrencyPolicy = 3; optional bool suspend = 4 [(ptr) = true];
  optional JobTemplateSpec jobTemplate = 5;
  optional int32 successfulJobsHistoryLimit = 6 [(ptr) = true];
  optional int32 failedJobsHistoryLimit = 7 [(ptr) = true];
  optional string timeZone = 8 [(ptr) = true];
}
message CronJobStatus {}
message CronJob {
  optional ObjectMeta metadata = 1; optional CronJobSpec spec = 2; optional CronJobStatus status = 3;
}
message PolicyRule {
  repeated string verbs = 1; repeated string apiGroups = 2; repeated string resources = 3;
  repeated string resourceNames = 4; repeated string nonResourceURLs = 5;
}
message Subject {
  optional string kind = 1; optional string apiGroup = 2; optional string name = 3; optional string namespace = 4;
}
message RoleRef { optional string apiGroup = 1; optional string kind = 2; optional string name = 3; }
message AggregationRule { repeated LabelSelector clusterRoleSelectors = 1; }
message Role { optional ObjectMeta metadata = 1; repeated PolicyRule rules = 2; }
message ClusterRole {
  optional ObjectMeta metadata = 1; repeated PolicyRule rules = 2; optional AggregationRule aggregationRule = 3;
}
message RoleBinding { optional ObjectMeta metadata = 1; repeated Subject subjects = 2; optional RoleRef roleRef = 3; }
message ClusterRoleBinding {
  optional ObjectMeta metadata = 1; repeated Subject subjects = 2; optional RoleRef roleRef = 3;
}
message ServiceBackendPort { optional string name = 1; optional int32 number = 2; }
message IngressServiceBackend { optional string name = 1; optional ServiceBackendPort port = 2; }
message IngressBackend { optional IngressServiceBackend service = 4; }
message HTTPIngressPath {
  optional string path = 1; optional IngressBackend backend = 2; optional string pathType = 3 [(ptr) = true];
}
message HTTPIngressRuleValue { repeated HTTPIngressPath paths = 1; }
message IngressRuleValue { optional HTTPIngressRuleValue http = 1; }
message IngressRule { optional string host = 1; optional IngressRuleValue ingressRuleValue = 2 [(inline) = true]; }
message IngressTLS { repeated string hosts = 1; optional string secretName = 2; }
message IngressSpec {
  optional IngressBackend defaultBackend = 1; repeated IngressTLS tls = 2; repeated IngressRule rules = 3;
  optional string ingressClassName = 4 [(ptr) = true];
}
message IngressLoadBalancerStatus {}
message IngressStatus { optional IngressLoadBalancerStatus loadBalancer = 1; }
message Ingress {
  optional ObjectMeta metadata = 1; optional IngressSpec spec = 2; optional IngressStatus status = 3;
}
message PodDisruptionBudgetSpec {
  optional IntOrString minAvailable = 1; optional LabelSelector selector = 2; optional IntOrString maxUnavailable = 3;
  optional string unhealthyPodEvictionPolicy = 4 [(ptr) = true];
}
message PodDisruptionBudgetStatus {
  optional int64 observedGeneration = 1; optional int32 disruptionsAllowed = 3; optional int32 currentHealthy = 4;
  optional int32 desiredHealthy = 5; optional int32 expectedPods = 6;
}
message PodDisruptionBudget {
  optional ObjectMeta metadata = 1; optional PodDisruptionBudgetSpec spec = 2;
  optional PodDisruptionBudgetStatus status = 3;
}
message CrossVersionObjectReference {
  optional string kind = 1; optional string name = 2; optional string apiVersion = 3;
}
message MetricTarget {
  optional string type = 1; optional Quantity value = 2; optional Quantity averageValue = 3;
  optional int32 averageUtilization = 4 [(ptr) = true];
}
message ResourceMetricSource { optional string name = 1; optional MetricTarget target = 2; }
message MetricSpec { optional string type = 1; optional ResourceMetricSource resource = 4; }
message HorizontalPodAutoscalerSpec {
  optional CrossVersionObjectReference scaleTargetRef = 1; optional int32 minReplicas = 2 [(ptr) = true];
  optional int32 maxReplicas = 3; repeated MetricSpec metrics = 4;
}
message HorizontalPodAutoscalerStatus {
  optional int64 observedGeneration = 1 [(ptr) = true]; optional Time lastScaleTime = 2;
  optional int32 currentReplicas = 3; optional int32 desiredReplicas = 4;
}
message HorizontalPodAutoscaler {
  optional ObjectMeta metadata = 1; optional HorizontalPodAutoscalerSpec spec = 2;
  optional HorizontalPodAutoscalerStatus status = 3;
}
`;
