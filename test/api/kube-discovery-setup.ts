// Shared expectations and a raw GET for the Kubernetes discovery tests (kube-discovery-*.test.ts).
import { AGGREGATED_DISCOVERY } from '../../src/api/discovery/discovery.js';
import { ADMIN_TOKEN, type call } from '../helpers/app.js';

// What kubectl sends (client-go's discovery client).
export const KUBECTL_ACCEPT = [
  AGGREGATED_DISCOVERY,
  'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList',
  'application/json',
].join(',');
export const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
export const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];
export const statusOf = (plural: string, kind: string, namespaced: boolean) => ({
  name: `${plural}/status`,
  singularName: '',
  namespaced,
  kind,
  verbs: SUBRESOURCE_VERBS,
});
export const get = (app: Parameters<typeof call>[0], url: string, accept?: string) => {
  const headers = { authorization: `Bearer ${ADMIN_TOKEN}`, ...(accept ? { accept } : {}) };
  return app.inject({ method: 'GET', url, headers });
};
