// Health of the kinds that are not pod controllers with replicas: Jobs run to an end,
// CronJobs schedule, Services and Ingresses get addresses, claims get bound, quotas get enforced.
import type { Health } from '../../schemas/health.js';
import { parseQuantity } from '../quantity.js';
import { condition, count, degraded, healthy, type ObservedObject, progressing, record, text } from './fields.js';

export function jobHealth(object: ObservedObject): Health {
  const status = record(object.status);
  const done = (type: string) => condition(status, type)?.status === 'True';
  const message = (type: string) => text(condition(status, type)?.message);
  if (done('Complete')) return healthy('Complete', `${count(status.succeeded)} pods succeeded`);
  if (done('Failed')) return degraded('Failed', message('Failed') ?? `${count(status.failed)} pods failed`);
  if (done('Suspended')) return healthy('Suspended', 'the Job is suspended');
  return progressing('Running', `${count(status.active)} pods active, ${count(status.succeeded)} succeeded`);
}

export function cronJobHealth(object: ObservedObject): Health {
  const spec = record(object.spec);
  const status = record(object.status);
  if (spec.suspend === true) return healthy('Suspended', 'the CronJob is suspended');
  const last = text(status.lastScheduleTime);
  if (!last) return healthy('NotScheduledYet', 'no Job scheduled yet');
  const succeeded = text(status.lastSuccessfulTime);
  return healthy('Scheduled', `last scheduled at ${last}${succeeded ? `, last succeeded at ${succeeded}` : ''}`);
}

const hasIngress = (status: Record<string, unknown>): boolean => {
  const ingress = record(status.loadBalancer).ingress;
  return Array.isArray(ingress) && ingress.some((entry) => text(record(entry).ip) ?? text(record(entry).hostname));
};

export function serviceHealth(object: ObservedObject): Health {
  const spec = record(object.spec);
  if (spec.type === 'ExternalName') {
    return healthy('ExternalName', `an alias of ${text(spec.externalName) ?? 'an external name'}`);
  }
  const ip = text(spec.clusterIP);
  if (!ip) return progressing('NoClusterIP', 'no cluster IP allocated yet');
  if (spec.type === 'LoadBalancer' && !hasIngress(record(object.status))) {
    return progressing('NoLoadBalancer', 'waiting for a load-balancer address');
  }
  return healthy(ip === 'None' ? 'Headless' : 'ClusterIP', ip === 'None' ? 'a headless Service' : `cluster IP ${ip}`);
}

export function persistentVolumeClaimHealth(object: ObservedObject): Health {
  const phase = record(object.status).phase;
  if (phase === 'Bound') return healthy('Bound', `bound to ${text(record(object.spec).volumeName) ?? 'a volume'}`);
  if (phase === 'Lost') return degraded('Lost', 'its volume is gone');
  if (phase === 'Pending') return progressing('Pending', 'waiting for a volume');
  return { state: 'Unknown', reason: 'NoPhase', message: 'the claim reports no phase yet' };
}

export function ingressHealth(object: ObservedObject): Health {
  const ingress = record(record(object.status).loadBalancer).ingress;
  if (hasIngress(record(object.status))) {
    const first = record((ingress as unknown[])[0]);
    return healthy('Address', `reachable at ${text(first.ip) ?? text(first.hostname)}`);
  }
  return progressing('NoAddress', 'waiting for an ingress controller to give it an address');
}

const sameQuantity = (a: unknown, b: unknown): boolean => {
  if (a === undefined) return false;
  const [x, y] = [parseQuantity(String(a)), parseQuantity(String(b))];
  return x !== undefined && y !== undefined ? x.nano === y.nano : String(a) === String(b);
};

// Quota admission passes over a quota whose status.hard the cluster's quota controller has not
// filled in yet: until then it limits and counts nothing.
export function resourceQuotaHealth(object: ObservedObject): Health {
  const wanted = record(record(object.spec).hard);
  const enforced = record(record(object.status).hard);
  if (Object.entries(wanted).every(([name, value]) => sameQuantity(enforced[name], value))) {
    return healthy('Enforced', 'the cluster enforces its limits');
  }
  return progressing('NotEnforced', "waiting for the cluster's quota controller to take up its limits");
}
