// A time as Kubernetes writes a metav1.Time: RFC 3339 in whole seconds (creationTimestamp,
// deletionTimestamp, managedFields times), so tmc's objects read as kube-apiserver's do.
export const kubeTime = (date: Date = new Date()): string => date.toISOString().replace(/\.\d+Z$/, 'Z');
