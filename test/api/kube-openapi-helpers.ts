// Shared by the Kubernetes OpenAPI tests: the group versions served, and walks over a document.
export type Json = Record<string, any>;

export const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const WORKLOAD = 'io.kcp.workload.v1alpha1';
export const GVK = 'x-kubernetes-group-version-kind';
export const GROUP_VERSIONS = [
  'apis/workload.kcp.io/v1alpha1',
  'apis/apps/v1',
  'apis/scheduling.kcp.io/v1alpha1',
  'api/v1',
  'apis/batch/v1',
  'apis/networking.k8s.io/v1',
  'apis/rbac.authorization.k8s.io/v1',
  'apis/policy/v1',
  'apis/autoscaling/v2',
  'apis/tmc.kcp.io/v1alpha1',
  'apis/apiextensions.k8s.io/v1',
];
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every $ref in a document, wherever it is. */
export function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, found);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === '$ref') found.push(inner as string);
      else refs(inner, found);
    }
  }
  return found;
}
export const operations = (doc: Json): Json[] =>
  Object.values(doc.paths as Json).flatMap((item: Json) => METHODS.filter((m) => item[m]).map((m) => item[m]));
