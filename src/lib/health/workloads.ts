// Rolled out or not, for the three pod controllers, as `kubectl rollout status` decides it:
// the latest spec observed, every replica updated, and the updated ones ready and available.
import type { Health } from '../../schemas/health.js';
import {
  condition,
  count,
  degraded,
  healthy,
  notObserved,
  type ObservedObject,
  progressing,
  record,
} from './fields.js';

export function deploymentHealth(object: ObservedObject): Health {
  const spec = record(object.spec);
  const status = record(object.status);
  const unobserved = notObserved(object);
  if (unobserved) return unobserved;
  const progress = condition(status, 'Progressing');
  if (progress?.reason === 'ProgressDeadlineExceeded') {
    const message = typeof progress.message === 'string' ? progress.message : 'the rollout stalled';
    return degraded('ProgressDeadlineExceeded', message);
  }
  if (spec.paused === true) return healthy('Paused', 'the rollout is paused');
  const wanted = count(spec.replicas, 1);
  const updated = count(status.updatedReplicas);
  const available = count(status.availableReplicas);
  if (updated < wanted) return progressing('Updating', `${updated} of ${wanted} replicas updated`);
  const old = count(status.replicas) - updated;
  if (old > 0) return progressing('Terminating', `${old} old replicas pending termination`);
  if (available < updated) return progressing('Starting', `${available} of ${updated} updated replicas available`);
  return healthy('RolledOut', `${available} of ${wanted} replicas available`);
}

export function statefulSetHealth(object: ObservedObject): Health {
  const spec = record(object.spec);
  const status = record(object.status);
  const unobserved = notObserved(object);
  if (unobserved) return unobserved;
  const wanted = count(spec.replicas, 1);
  const ready = count(status.readyReplicas);
  const strategy = record(spec.updateStrategy);
  if (strategy.type === 'OnDelete') return healthy('OnDelete', 'pods are updated only when deleted');
  if (ready < wanted) return progressing('Starting', `${ready} of ${wanted} replicas ready`);
  // availableReplicas exists since Kubernetes 1.22; older clusters do not send it.
  if (status.availableReplicas !== undefined && count(status.availableReplicas) < wanted) {
    return progressing('Starting', `${count(status.availableReplicas)} of ${wanted} replicas available`);
  }
  const partition = count(record(strategy.rollingUpdate).partition);
  if (partition > 0) {
    const expected = Math.max(wanted - partition, 0);
    const updated = count(status.updatedReplicas);
    if (updated < expected) return progressing('Updating', `${updated} of ${expected} replicas updated`);
    return healthy('RolledOut', `partitioned rollout: ${expected} of ${wanted} replicas updated`);
  }
  if (status.updateRevision !== status.currentRevision) {
    return progressing('Updating', `${count(status.updatedReplicas)} of ${wanted} replicas updated`);
  }
  return healthy('RolledOut', `${ready} of ${wanted} replicas ready`);
}

export function daemonSetHealth(object: ObservedObject): Health {
  const status = record(object.status);
  const unobserved = notObserved(object);
  if (unobserved) return unobserved;
  const wanted = count(status.desiredNumberScheduled);
  const updated = count(status.updatedNumberScheduled);
  const available = count(status.numberAvailable);
  if (updated < wanted) return progressing('Updating', `${updated} of ${wanted} nodes updated`);
  if (available < wanted) return progressing('Starting', `${available} of ${wanted} nodes available`);
  return healthy('RolledOut', `${available} of ${wanted} nodes available`);
}
