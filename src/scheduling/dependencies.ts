// What a placed object needs on the same SyncTarget to work there, read from its spec alone:
// the ConfigMaps, Secrets, PersistentVolumeClaims and ServiceAccount its pod template names, and
// the Services (and TLS Secrets) an Ingress names. An Ingress in turn follows the Services it
// fronts (scheduler-watch.ts links them both ways; dependency-roots.ts keeps that from holding
// anything once no selected object needs it). A StatefulSet's volumeClaimTemplates are not
// among them: the downstream StatefulSet controller creates those claims itself. Services that
// pick a workload's pods by selector are found the other way round (serviceSelects).
// Pure functions of the object, so the scheduler and the tests share them.
import type { KubeObject } from '../schemas/meta.js';

export interface Reference {
  kind: 'ConfigMap' | 'Secret' | 'ServiceAccount' | 'PersistentVolumeClaim' | 'Service';
  name: string;
}

type Json = Record<string, unknown>;
const obj = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The kinds whose objects hold a pod template, and where. */
const TEMPLATE_PATHS: Record<string, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The kinds whose placement brings dependencies along. */
export const NEEDING_KINDS: readonly string[] = [...Object.keys(TEMPLATE_PATHS), 'Ingress'];

/** The kinds that follow the objects needing them. */
export const DEPENDENCY_KINDS: readonly Reference['kind'][] = [
  'ConfigMap',
  'Secret',
  'ServiceAccount',
  'PersistentVolumeClaim',
  'Service',
];

export const hasPodTemplate = (kind: string): boolean => Object.hasOwn(TEMPLATE_PATHS, kind);

export function podTemplateOf(object: KubeObject): Json | undefined {
  const path = TEMPLATE_PATHS[object.kind];
  if (!path) return undefined;
  let at: unknown = object;
  for (const step of path) at = obj(at)[step];
  return at === undefined ? undefined : obj(at);
}

/** The labels of the pods a workload makes, which a Service's selector matches. */
export const templateLabels = (object: KubeObject): Record<string, string> | undefined =>
  podTemplateOf(object) ? (obj(obj(podTemplateOf(object)?.metadata).labels) as Record<string, string>) : undefined;

function volumeReferences(volume: Json, add: (kind: Reference['kind'], name: unknown) => void): void {
  add('ConfigMap', obj(volume.configMap).name);
  add('Secret', obj(volume.secret).secretName);
  add('PersistentVolumeClaim', obj(volume.persistentVolumeClaim).claimName);
  for (const source of list(obj(volume.projected).sources)) {
    add('ConfigMap', obj(source.configMap).name);
    add('Secret', obj(source.secret).name);
  }
}

function containerReferences(container: Json, add: (kind: Reference['kind'], name: unknown) => void): void {
  for (const from of list(container.envFrom)) {
    add('ConfigMap', obj(from.configMapRef).name);
    add('Secret', obj(from.secretRef).name);
  }
  for (const env of list(container.env)) {
    const valueFrom = obj(env.valueFrom);
    add('ConfigMap', obj(valueFrom.configMapKeyRef).name);
    add('Secret', obj(valueFrom.secretKeyRef).name);
  }
}

export function podSpecReferences(spec: unknown): Reference[] {
  const found = new Map<string, Reference>();
  const add = (kind: Reference['kind'], name: unknown) => {
    const n = str(name);
    if (n !== undefined) found.set(`${kind}/${n}`, { kind, name: n });
  };
  const pod = obj(spec);
  for (const volume of list(pod.volumes)) volumeReferences(volume, add);
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const container of list(pod[field])) containerReferences(container, add);
  }
  for (const secret of list(pod.imagePullSecrets)) add('Secret', secret.name);
  // serviceAccount is the deprecated alias Kubernetes still honours when serviceAccountName is absent.
  add('ServiceAccount', str(pod.serviceAccountName) ?? pod.serviceAccount);
  return sortReferences([...found.values()]);
}

function ingressReferences(ingress: KubeObject): Reference[] {
  const spec = obj((ingress as unknown as Json).spec);
  const found = new Map<string, Reference>();
  const add = (kind: Reference['kind'], name: unknown) => {
    const n = str(name);
    if (n !== undefined) found.set(`${kind}/${n}`, { kind, name: n });
  };
  add('Service', obj(obj(spec.defaultBackend).service).name);
  for (const rule of list(spec.rules)) {
    for (const path of list(obj(rule.http).paths)) add('Service', obj(obj(path.backend).service).name);
  }
  for (const tls of list(spec.tls)) add('Secret', tls.secretName);
  return sortReferences([...found.values()]);
}

const sortReferences = (refs: Reference[]): Reference[] =>
  refs.sort((a, b) => (a.kind === b.kind ? (a.name < b.name ? -1 : 1) : a.kind < b.kind ? -1 : 1));

/** The objects of the same namespace that `object` names and needs on every SyncTarget it is on. */
export function referencesOf(object: KubeObject): Reference[] {
  if (object.kind === 'Ingress') return ingressReferences(object);
  const template = podTemplateOf(object);
  return template ? podSpecReferences(template.spec) : [];
}

/** Whether a Service's selector picks the pods of a workload with these template labels. */
export function serviceSelects(service: KubeObject, labels: Record<string, string> | undefined): boolean {
  const selector = obj(obj((service as unknown as Json).spec).selector);
  const keys = Object.keys(selector);
  // A Service without a selector picks no pods (its endpoints are managed by hand).
  return keys.length > 0 && labels !== undefined && keys.every((k) => labels[k] === selector[k]);
}
