// PostgreSQL advisory lock keys and notification channels used by tmc. Advisory locks are
// per database and take two int4 keys: the first marks the lock as tmc's, so tmc cannot collide
// with another application that uses advisory locks in the same database.
import { createHash } from 'node:crypto';

export interface AdvisoryLockKey {
  classId: number;
  objectId: number;
}

/** "tmc" in ASCII. */
const TMC = 0x746d63;

export const MIGRATION_LOCK: AdvisoryLockKey = { classId: TMC, objectId: 1 };

/** Transaction locks per SyncTarget uid (second key: hashtext of the uid) while issuing agent tokens. */
export const AGENT_TOKEN_LOCK_CLASS = TMC + 1;

/** A stable key per election name, so that independent elections do not share a lock. */
export function leaderLockKey(election: string): AdvisoryLockKey {
  const objectId = createHash('sha256').update(`leader:${election}`).digest().readInt32BE(0);
  return { classId: TMC, objectId: objectId === 1 ? 2 : objectId };
}

/** NOTIFY channel carrying the resourceVersion of every committed change. */
export const CHANGES_CHANNEL = 'tmc_changes';

/**
 * NOTIFY channel carrying the SyncTarget uid whose agent tokens just changed, so that every
 * replica drops its cached copies (tokens stay out of the change feed on purpose).
 */
export const AGENT_TOKENS_CHANNEL = 'tmc_agent_tokens';

/**
 * NOTIFY channel on which each replica's LISTEN connection notifies itself once a second: a ping
 * that comes back proves every notification committed before it arrived (listen-confirmation.ts).
 */
export const LISTEN_PING_CHANNEL = 'tmc_listen_ping';
