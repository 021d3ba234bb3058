// The status report for one Deployment, built from what the agent sees downstream. Only the
// fields the control plane's DeploymentStatusReport knows are sent, so a newer cluster's extra
// status fields never make a report fail.
import type { DeploymentStatusReport } from '../schemas/deployment.js';
import { appliedGeneration } from './ownership.js';
import type { KubeObject } from './types.js';

// The wire types are the server's schemas (type-only imports: nothing of them loads here).
export type StatusReport = DeploymentStatusReport;
type DownstreamStatus = StatusReport['status'];
type DeploymentCondition = NonNullable<DownstreamStatus['conditions']>[number];

const COUNTS = ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'] as const;
const CONDITION_FIELDS = ['type', 'status', 'reason', 'message', 'lastUpdateTime', 'lastTransitionTime'] as const;

function condition(raw: Record<string, unknown>): DeploymentCondition | undefined {
  if (typeof raw.type !== 'string' || typeof raw.status !== 'string') return undefined;
  const picked: Record<string, string> = {};
  for (const field of CONDITION_FIELDS) if (typeof raw[field] === 'string') picked[field] = raw[field];
  return picked as unknown as DeploymentCondition;
}

/**
 * The downstream DeploymentStatus as the report carries it. Its observedGeneration counts
 * downstream generations, which mean nothing upstream, so it stays behind.
 */
export function reportedStatus(status: Record<string, unknown> | undefined): DownstreamStatus {
  const out: DownstreamStatus = {};
  for (const field of COUNTS) {
    const value = status?.[field];
    if (Number.isSafeInteger(value) && (value as number) >= 0) out[field] = value as number;
  }
  if (Array.isArray(status?.conditions)) {
    const conditions = status.conditions.flatMap((c: unknown) => (c && typeof c === 'object' ? [condition(c as Record<string, unknown>)] : []));
    out.conditions = conditions.filter((c): c is DeploymentCondition => c !== undefined).slice(0, 32);
  }
  return out;
}

/** An owned Deployment as applied: its upstream generation and its downstream status. */
export function appliedReport(object: KubeObject, fallbackGeneration: number): StatusReport {
  return {
    observedGeneration: appliedGeneration(object) ?? fallbackGeneration,
    state: 'Applied',
    status: reportedStatus(object.status),
  };
}

/**
 * The upstream generation the agent failed to apply, and why. The downstream status is only
 * sent when the object there is the agent's: another owner's replicas are not this one's.
 */
export function errorReport(generation: number, message: string, owned?: KubeObject): StatusReport {
  return {
    observedGeneration: generation,
    state: 'Error',
    // The server keeps at most 32 KiB; an admission webhook's message can be longer.
    message: message.length > 32_000 ? `${message.slice(0, 32_000)}…` : message,
    status: owned ? reportedStatus(owned.status) : {},
  };
}
