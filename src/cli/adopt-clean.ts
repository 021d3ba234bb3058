// What `tmc adopt` keeps of an object read from a downstream cluster: the object as its owner
// wrote it, without what the cluster set (status, uid, resourceVersion, managedFields,
// creationTimestamp, generation, controllers' annotations, allocated addresses). Defaulted
// fields stay: written back by the agent with the same values they change nothing, so the pod
// template is the same and no rollout starts.
import type { KubeObject } from '../schemas/meta.js';

/** Annotations the cluster or its controllers write; kubectl's last-applied copy holds the whole old object. */
const GENERATED_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/selected-node',
  'kubernetes.io/service-account.uid',
  'batch.kubernetes.io/job-tracking',
  'endpoints.kubernetes.io/last-change-trigger-time',
];
/** The labels the Job controller adds to a Job and its pod template (with its generated selector). */
const JOB_LABELS = ['controller-uid', 'batch.kubernetes.io/controller-uid', 'job-name', 'batch.kubernetes.io/job-name'];
/** tmc's own marks: an object carrying them is an agent's already. */
export const SYNC_TARGET_MARK = 'workload.kcp.io/sync-target';

type Fields = Record<string, unknown>;

const without = (map: Record<string, string> | undefined, keys: readonly string[]) => {
  const kept = Object.entries(map ?? {}).filter(([key]) => !keys.includes(key));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
};

/** A Service's addresses and node ports are the cluster's allocation: each cluster makes its own. */
function serviceSpec(spec: Fields): Fields {
  const { clusterIP: _ip, clusterIPs: _ips, healthCheckNodePort: _hc, ...rest } = spec;
  const ports = Array.isArray(rest.ports)
    ? rest.ports.map((port: Fields) => {
        const { nodePort: _port, ...others } = port;
        return others;
      })
    : rest.ports;
  return { ...rest, ...(ports ? { ports } : {}) };
}

/** A Job's selector and pod labels are generated unless it says manualSelector. */
function jobSpec(spec: Fields): Fields {
  if (spec.manualSelector === true) return spec;
  const { selector: _selector, ...rest } = spec;
  const template = (rest.template ?? {}) as Fields;
  const metadata = (template.metadata ?? {}) as { labels?: Record<string, string> };
  const labels = without(metadata.labels, JOB_LABELS);
  return { ...rest, template: { ...template, metadata: { ...metadata, labels } } };
}

/** Templates read back carry `metadata: {creationTimestamp: null}`: nobody wrote it. */
function withoutNullTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullTimestamps);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([key, v]) => !(key === 'creationTimestamp' && v === null));
  return Object.fromEntries(entries.map(([key, v]) => [key, withoutNullTimestamps(v)]));
}

function specFor(kind: string, raw: unknown): unknown {
  if (!raw || typeof raw !== 'object') return raw;
  const spec = withoutNullTimestamps(raw);
  if (kind === 'Service') return serviceSpec(spec as Fields);
  if (kind === 'Job') return jobSpec(spec as Fields);
  if (kind === 'PersistentVolumeClaim') {
    const { volumeName: _bound, ...rest } = spec as Fields;
    return rest;
  }
  return spec;
}

/** The object to write to tmc for one read downstream. */
export function adoptable(object: KubeObject): KubeObject {
  const { apiVersion, kind, metadata, status: _status, spec, ...rest } = object;
  const labels = kind === 'Job' ? without(metadata.labels, JOB_LABELS) : without(metadata.labels, [SYNC_TARGET_MARK]);
  const annotations = without(metadata.annotations, GENERATED_ANNOTATIONS);
  // A ServiceAccount's token Secrets are the cluster's (the agent keeps them downstream).
  const { secrets: _tokens, ...others } = rest as Fields;
  const fields = kind === 'ServiceAccount' ? others : rest;
  return {
    apiVersion,
    kind,
    metadata: {
      name: metadata.name,
      ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
    },
    ...(spec === undefined ? {} : { spec: specFor(kind, spec) }),
    ...fields,
  };
}

/**
 * Why an object is not offered for adoption, or undefined: objects another controller makes
 * (it would make them again, or fight tmc), the cluster's own per-namespace objects, and objects
 * a sync target's agent already owns.
 */
export function notAdoptable(object: KubeObject & { metadata: { ownerReferences?: unknown[] } }): string | undefined {
  const { name, annotations = {}, ownerReferences = [] } = object.metadata;
  const owner = ownerReferences[0] as { kind?: string; name?: string } | undefined;
  if (owner) return `made by ${owner.kind ?? 'an owner'} ${owner.name ?? ''}`.trimEnd();
  const target = annotations[SYNC_TARGET_MARK];
  if (target) return `already synced by tmc from SyncTarget "${target}"`;
  if (object.kind === 'ConfigMap' && name === 'kube-root-ca.crt')
    return "the cluster's CA bundle, made in every namespace";
  if (object.kind === 'ServiceAccount' && name === 'default') return 'the default ServiceAccount of the namespace';
  if (object.kind === 'Secret' && (object as Fields).type === 'kubernetes.io/service-account-token')
    return 'a service account token, made by the cluster';
  return undefined;
}
