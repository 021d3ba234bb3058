// A SyncTarget's health as a pure function of its last heartbeat: the server's Ready and
// HeartbeatHealthy conditions, and how the agent's own conditions are merged beside them.
import { merged } from '../lib/plain-objects.js';
import { type AgentCondition, CONTROLLER_CONDITION_TYPES, SERVER_CONDITION_TYPES } from '../schemas/agent.js';
import type { Condition } from '../schemas/meta.js';
import { transitionTime } from '../lib/conditions.js';

export type Health = 'NoHeartbeat' | 'HeartbeatHealthy' | 'HeartbeatTimeout';

const STATUS: Record<Health, Condition['status']> = {
  NoHeartbeat: 'False',
  HeartbeatHealthy: 'True',
  HeartbeatTimeout: 'Unknown',
};

export function healthOf(lastHeartbeat: number | undefined, now: number, thresholdMs: number): Health {
  if (lastHeartbeat === undefined) return 'NoHeartbeat';
  return now - lastHeartbeat < thresholdMs ? 'HeartbeatHealthy' : 'HeartbeatTimeout';
}

function messageOf(health: Health, thresholdMs: number): string {
  if (health === 'NoHeartbeat') return 'the syncer agent has not sent a heartbeat yet';
  if (health === 'HeartbeatHealthy') return `the syncer agent heartbeats within ${thresholdMs / 1000}s`;
  return `no heartbeat from the syncer agent for ${thresholdMs / 1000}s or longer`;
}

/** True when Ready or HeartbeatHealthy does not already say `health` (so a write is due). */
export function healthMismatch(conditions: Condition[] | undefined, health: Health): boolean {
  const status = STATUS[health];
  return SERVER_CONDITION_TYPES.some((type) => {
    const current = conditions?.find((c) => c.type === type);
    return current?.status !== status || current.reason !== health;
  });
}

/**
 * The server conditions for `health`, followed by the agent's conditions (the reported ones
 * when given, else the stored ones). lastTransitionTime moves only when a status changes.
 */
export function mergeConditions(
  stored: Condition[] | undefined,
  health: Health,
  thresholdMs: number,
  now: string,
  reported?: AgentCondition[],
): Condition[] {
  const previous = new Map((stored ?? []).map((c) => [c.type, c]));
  // Not a spread: see lib/plain-objects.ts (a condition per target).
  const stamp = (next: AgentCondition): Condition =>
    merged<Condition>(next, { lastTransitionTime: transitionTime(previous.get(next.type), next.status, now) });
  const serverOnes = SERVER_CONDITION_TYPES.map((type) =>
    stamp({ type, status: STATUS[health], reason: health, message: messageOf(health, thresholdMs) }),
  );
  const agentOnes = reported
    ? reported.map(stamp)
    : (stored ?? []).filter((c) => !SERVER_CONDITION_TYPES.includes(c.type));
  // A report replaces the agent's conditions only; those other controllers write stay.
  const controllerOnes = reported ? (stored ?? []).filter((c) => CONTROLLER_CONDITION_TYPES.includes(c.type)) : [];
  return [...serverOnes, ...agentOnes, ...controllerOnes];
}
