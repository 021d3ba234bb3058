// Fields of an owned object that other controllers own downstream, which the agent leaves as
// they are there (Karmada calls this retaining): the built-in rules below, and the ignoreFields
// of the Placements and of the object.
//
// How: the value found downstream is copied into what is applied. Not sending the field at all
// looks cleaner with server-side apply, but a field the tmc-syncer manager still owns alone
// (one the other controller has not written yet, or has written back to the same value) is then
// removed by the apply and reset to its default: leaving out spec.replicas under an HPA that has
// not scaled yet would drop the Deployment to 1 pod. Applying the value that is there changes
// nothing, so the other controller keeps working and no drift correction ever fights it.
// A field is retained only once the object exists downstream: a create sends what the user gave.
import { getPointer, setPointer } from '../../lib/json-pointer.js';
import type { DesiredState } from './desired-state.js';
import type { FeedItem } from '../upstream/feed-answer.js';
import type { IgnoreField } from '../../schemas/sync-policy.js';
import type { KubeObject } from '../../schemas/meta.js';

export interface RetainInput {
  /** The object as it is downstream. */
  current: KubeObject;
  /** Whether a HorizontalPodAutoscaler placed with it, and present downstream, scales it. */
  autoscaled: boolean;
  ignoreFields: readonly IgnoreField[];
  /** What the agent applied last (when it remembers), for OnDownstreamChange. */
  previous?: KubeObject;
}

export interface Retained {
  manifest: KubeObject;
  /** The JSON pointers whose downstream values were kept. */
  retained: string[];
}

type Ports = { port?: number; protocol?: string; nodePort?: number }[];

/** Node ports the cluster allocated, for the ports the user lists (matched by port and protocol). */
function nodePorts(manifest: KubeObject, current: KubeObject): string[] {
  const wanted = (getPointer(manifest, '/spec/ports') ?? []) as Ports;
  const have = (getPointer(current, '/spec/ports') ?? []) as Ports;
  if (!Array.isArray(wanted) || !Array.isArray(have)) return [];
  return wanted.flatMap((port, i) => {
    const there = have[i];
    const same = there && there.port === port?.port && (there.protocol ?? 'TCP') === (port?.protocol ?? 'TCP');
    return same && there.nodePort !== undefined ? [`/spec/ports/${i}/nodePort`] : [];
  });
}

/** The built-in rules: fields the API server allocates or another controller writes. */
export function builtinRetained(manifest: KubeObject, current: KubeObject, autoscaled: boolean): string[] {
  const group = manifest.apiVersion.includes('/') ? manifest.apiVersion.split('/')[0] : '';
  switch (`${manifest.kind}.${group}`) {
    case 'Deployment.apps':
    case 'StatefulSet.apps':
      return autoscaled ? ['/spec/replicas'] : [];
    case 'Service.':
      return ['/spec/clusterIP', '/spec/clusterIPs', '/spec/healthCheckNodePort', ...nodePorts(manifest, current)];
    case 'ServiceAccount.':
      return ['/secrets'];
    case 'PersistentVolumeClaim.':
      return ['/spec/volumeName'];
    case 'Job.batch':
      // The Job controller generates the selector and the pod labels that match it (controller-uid).
      return ['/spec/selector', '/spec/template/metadata/labels'];
    default:
      return [];
  }
}

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The user's rules that hold now: OnDownstreamChange gives way once the upstream value changes. */
function ignoredNow(manifest: KubeObject, input: RetainInput): string[] {
  return input.ignoreFields.flatMap((field) => {
    if (field.when !== 'OnDownstreamChange' || !input.previous) return [field.path];
    const changedUpstream = !sameJson(getPointer(manifest, field.path), getPointer(input.previous, field.path));
    return changedUpstream ? [] : [field.path];
  });
}

// The object's identity and the ownership marks are the agent's own: no rule may keep them from being set.
const retainable = (path: string): boolean =>
  /^\/metadata\/(labels|annotations)\/./.test(path)
    ? !path.includes('kcp.io~1')
    : !/^\/(apiVersion|kind|metadata)(\/|$)/.test(path);

/** What to apply over `input.current`: `manifest` with the retained fields as they are downstream. */
export function retainFields(manifest: KubeObject, input: RetainInput): Retained {
  const builtin = builtinRetained(manifest, input.current, input.autoscaled);
  const paths = [...new Set([...builtin, ...ignoredNow(manifest, input)])];
  let out = manifest;
  const retained: string[] = [];
  for (const path of paths) {
    if (!retainable(path)) continue;
    const value = getPointer(input.current, path);
    if (value === undefined) continue;
    const next = setPointer(out, path, value);
    if (next === undefined) continue;
    out = next;
    retained.push(path);
  }
  return { manifest: out, retained: retained.sort() };
}

/** Whether `hpa` (an autoscaling HorizontalPodAutoscaler) scales the object of this kind and name. */
export function scales(hpa: KubeObject, apiVersion: string, kind: string, name: string): boolean {
  type Ref = { apiVersion?: string; kind?: string; name?: string };
  const ref = getPointer(hpa, '/spec/scaleTargetRef') as Ref | undefined;
  const group = (v: string | undefined) => (v?.includes('/') ? v.split('/')[0] : '');
  return ref?.kind === kind && ref.name === name && group(ref.apiVersion) === group(apiVersion);
}

/** Whether an HPA placed here with the Deployment or StatefulSet `item`, and present downstream, scales it. */
export function isAutoscaled(desired: DesiredState, downstream: (key: string) => boolean, item: FeedItem): boolean {
  const {
    apiVersion,
    kind,
    metadata: { namespace, name },
  } = item;
  if (kind !== 'Deployment' && kind !== 'StatefulSet') return false;
  const prefix = `HorizontalPodAutoscaler.autoscaling/${namespace}/`;
  return desired.keys().some((key) => {
    const hpa = key.startsWith(prefix) ? desired.get(key) : undefined;
    return hpa !== undefined && downstream(key) && scales(hpa.manifest, apiVersion, kind, name);
  });
}
