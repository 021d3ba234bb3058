// Discovery documents shaped as kube-apiserver 1.35 serves them, and a client that serves them
// (404 for any other path), for the REST mapper tests.
import { KubeApiError } from '../../../src/syncer/downstream/kube-client.js';

export const verbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export const CORE_V1 = {
  kind: 'APIResourceList',
  groupVersion: 'v1',
  resources: [
    {
      name: 'configmaps',
      singularName: 'configmap',
      namespaced: true,
      kind: 'ConfigMap',
      verbs,
      shortNames: ['cm'],
      storageVersionHash: 'qFsyl6wFWjQ=',
    },
    {
      name: 'namespaces',
      singularName: 'namespace',
      namespaced: false,
      kind: 'Namespace',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['ns'],
    },
    { name: 'namespaces/finalize', singularName: '', namespaced: false, kind: 'Namespace', verbs: ['update'] },
    {
      name: 'services',
      singularName: 'service',
      namespaced: true,
      kind: 'Service',
      verbs,
      shortNames: ['svc'],
      categories: ['all'],
    },
    {
      name: 'services/proxy',
      singularName: '',
      namespaced: true,
      kind: 'ServiceProxyOptions',
      verbs: ['create', 'delete', 'get', 'patch', 'update'],
    },
    { name: 'services/status', singularName: '', namespaced: true, kind: 'Service', verbs: ['get', 'patch', 'update'] },
  ],
};
export const APPS_V1 = {
  kind: 'APIResourceList',
  apiVersion: 'v1',
  groupVersion: 'apps/v1',
  resources: [
    {
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    },
    {
      name: 'deployments',
      singularName: 'deployment',
      namespaced: true,
      kind: 'Deployment',
      verbs,
      shortNames: ['deploy'],
      categories: ['all'],
    },
    {
      name: 'statefulsets',
      singularName: 'statefulset',
      namespaced: true,
      kind: 'StatefulSet',
      verbs,
      shortNames: ['sts'],
      categories: ['all'],
    },
  ],
};

export function fakeCluster(documents: Record<string, unknown>) {
  const reads: string[] = [];
  const client = {
    async call<T>(method: string, path: string): Promise<T> {
      reads.push(`${method} ${path}`);
      const document = documents[path];
      if (!document)
        throw new KubeApiError(
          404,
          { code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' },
          `GET ${path}`,
        );
      return structuredClone(document) as T;
    },
  };
  return { client, reads };
}
