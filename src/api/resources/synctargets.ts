// SyncTarget as a resource: cluster-scoped; starts with Ready=False/NoHeartbeat until its
// agent first reports.
import type { Condition } from '../../schemas/meta.js';
import { SYNC_TARGET_KIND, SyncTarget, SyncTargetList } from '../../schemas/synctarget.js';
import type { ResourceDefinition } from '../http/resource-definition.js';
import * as schemas from '../../schemas/synctarget.js';

export function noHeartbeatConditions(now: string): Condition[] {
  const message = 'the syncer agent has not sent a heartbeat yet';
  return [
    { type: 'Ready', status: 'False', reason: 'NoHeartbeat', message, lastTransitionTime: now },
    { type: 'HeartbeatHealthy', status: 'False', reason: 'NoHeartbeat', message, lastTransitionTime: now },
  ];
}

export const syncTargetResource: ResourceDefinition = {
  group: 'workload.kcp.io',
  version: 'v1alpha1',
  kind: SYNC_TARGET_KIND,
  plural: 'synctargets',
  namespaced: false,
  schema: SyncTarget,
  listSchema: SyncTargetList,
  initialStatus: (object) => {
    const now = object.metadata.creationTimestamp ?? new Date().toISOString();
    // The history starts with the first Ready: later transitions are added by the heartbeat code.
    const conditionHistory = [{ time: now, status: 'False', reason: 'NoHeartbeat' }];
    return { conditions: noHeartbeatConditions(now), conditionHistory };
  },
  shortNames: ['st'],
  categories: ['tmc'],
  namedSchemas: schemas,
};

/** What an agent route does, as RBAC and the audit log name it: a subresource of its SyncTarget. */
export const agentAuthz = (verb: string, subresource: string) => ({
  verb,
  apiGroup: syncTargetResource.group,
  resource: syncTargetResource.plural,
  subresource,
});
