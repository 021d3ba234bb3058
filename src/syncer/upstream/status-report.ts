// The status report for one object, built from what the agent sees downstream: the kind's own
// status and the health interpreter's verdict on it. A Deployment's status is cut to the
// fields the control plane's DeploymentStatusReport knows, so a server from before other kinds
// takes it as before (it drops the health field it does not know).
import { record } from '../../lib/health/fields.js';
import { interpretHealth } from '../../lib/health/index.js';
import type { DeploymentStatusReport } from '../../schemas/deployment-report.js';
import type { Health, ObjectStatusReport } from '../../schemas/health.js';
import { KubeApiError } from '../downstream/kube-client.js';
import { appliedGeneration, type KindNames } from '../downstream/ownership.js';
import { grantHint } from '../downstream/permissions.js';
import type { ResourceMapping } from '../downstream/rest-mapper.js';
import type { DriftedField } from '../../schemas/sync-policy.js';
import type { KubeObject } from '../../schemas/meta.js';

// The wire types are the server's schemas (type-only imports: nothing of them loads here).
export type StatusReport = ObjectStatusReport;
type DeploymentStatus = DeploymentStatusReport['status'];
type DeploymentCondition = NonNullable<DeploymentStatus['conditions']>[number];

const COUNTS = [
  'replicas',
  'updatedReplicas',
  'readyReplicas',
  'availableReplicas',
  'unavailableReplicas',
  'collisionCount',
] as const;
const CONDITION_FIELDS = ['type', 'status', 'reason', 'message', 'lastUpdateTime', 'lastTransitionTime'] as const;
// The server keeps at most 32 KiB of message; a status larger than this is not the kind's own.
const MAX_STATUS_JSON = 64 * 1024;

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
export function reportedStatus(status: Record<string, unknown> | undefined): DeploymentStatus {
  const out: DeploymentStatus = {};
  for (const field of COUNTS) {
    const value = status?.[field];
    if (Number.isSafeInteger(value) && (value as number) >= 0) out[field] = value as number;
  }
  if (Array.isArray(status?.conditions)) {
    const conditions = status.conditions.flatMap((c: unknown) =>
      c && typeof c === 'object' ? [condition(c as Record<string, unknown>)] : [],
    );
    out.conditions = conditions.filter((c): c is DeploymentCondition => c !== undefined).slice(0, 32);
  }
  return out;
}

const isDeployment = (object: KubeObject): boolean => object.apiVersion === 'apps/v1' && object.kind === 'Deployment';

/** Any kind's status as reported: as the cluster wrote it, without the downstream observedGeneration. */
export function kindStatus(object: KubeObject): Record<string, unknown> {
  if (isDeployment(object)) return reportedStatus(record(object.status));
  const { observedGeneration: _downstream, ...status } = record(object.status);
  return JSON.stringify(status).length > MAX_STATUS_JSON ? {} : status;
}

const UNKNOWN: Health = {
  state: 'Unknown',
  reason: 'NotApplied',
  message: 'the syncer has no object of its own to judge',
};

/** An owned object as applied: its upstream generation, its downstream status and health. */
export function appliedReport(object: KubeObject, fallbackGeneration: number): StatusReport {
  return {
    observedGeneration: appliedGeneration(object) ?? fallbackGeneration,
    state: 'Applied',
    health: interpretHealth(object),
    status: kindStatus(object),
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
    health: owned ? interpretHealth(owned) : UNKNOWN,
    status: owned ? kindStatus(owned) : {},
  };
}

/**
 * An object the agent cannot apply yet without anything being wrong (a custom resource whose
 * definition is not served yet): the health says what it waits for. A report has no Pending
 * state: it is what is applied so far, the owned object if there is one, else nothing (generation 0).
 */
export function waitingReport(health: Health, owned?: KubeObject): StatusReport {
  return {
    observedGeneration: (owned && appliedGeneration(owned)) ?? 0,
    state: 'Applied',
    ...(health.message ? { message: health.message } : {}),
    health,
    status: owned ? kindStatus(owned) : {},
  };
}

/** A report with what the day-two rules did: the fields left as they are downstream, an adoption. */
export interface DayTwo {
  retained: string[];
  adopted: boolean;
  drift?: DriftedField[];
}

export function dayTwoReport(report: StatusReport, { retained, adopted, drift = [] }: DayTwo): StatusReport {
  return {
    ...report,
    ...(retained.length > 0 ? { retained: retained.slice(0, 64) } : {}),
    ...(drift.length > 0 ? { drift: drift.slice(0, 64) } : {}),
    ...(adopted ? { adopted, message: 'Adopted: the object existed downstream and was taken over in place' } : {}),
  };
}

export const namesOf = (mapping: ResourceMapping): KindNames => ({
  resource: mapping.group ? `${mapping.resource}.${mapping.group}` : mapping.resource,
  kind: mapping.kind,
});

/**
 * What the downstream API server said, for the Error entry a user reads upstream. The syncer's
 * role grants a custom group only when bootstrapped with it: a refusal by RBAC there names the fix.
 */
export function failureMessage(error: unknown, { kind, group }: { kind: string; group: string }): string {
  if (!(error instanceof KubeApiError)) return (error as Error).message;
  const said = error.status.message ?? error.message;
  const refused = `the downstream API server refused the ${kind}: ${said}`;
  const hint = grantHint(error.statusCode, said, group);
  return hint ? `${refused}; ${hint}` : refused;
}
