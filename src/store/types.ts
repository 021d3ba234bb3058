// The Store: the single source of truth. Every write gets the next value of one store-wide,
// ever-growing resourceVersion and is appended to a change feed that controllers and
// long-polls follow. SQLite and PostgreSQL implement the same interface.
import type { KubeObject } from '../schemas/meta.js';

export interface ObjectKey {
  kind: string;
  /** '' for cluster-scoped kinds */
  namespace: string;
  name: string;
}

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface Change {
  type: ChangeType;
  resourceVersion: number;
  /** The object after the change; for DELETED its last state. */
  object: KubeObject;
}

export interface ListOptions {
  /** Only this namespace; all when undefined. */
  namespace?: string;
  /** Start after this key (exclusive), in (namespace, name) order. */
  after?: { namespace: string; name: string };
  limit?: number;
}

export interface ListResult {
  items: KubeObject[];
  /** The store's resourceVersion when the list was read. */
  resourceVersion: number;
}

export interface Preconditions {
  resourceVersion?: string;
  uid?: string;
}

export type StoreErrorCode = 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Expired' | 'Invalid';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    /** Invalid: the field that cannot be stored, and why. */
    readonly field?: { field: string; message: string },
  ) {
    super(message);
  }
}

export type ChangeListener = (change: Change) => void;

/**
 * Told that the agent tokens of one SyncTarget incarnation (its uid) changed: a token was issued
 * and the older ones now expire. `undefined`: any target's tokens may have changed unseen (the
 * notifications from other processes were interrupted).
 */
export type AgentTokensListener = (syncTargetUid: string | undefined) => void;

/** An agent token as stored: its SHA-256 only, tied to one SyncTarget incarnation (its uid). */
export interface AgentTokenRecord {
  /** Hex SHA-256 of the token. */
  hash: string;
  syncTarget: string;
  syncTargetUid: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** null: valid until a newer token's grace period ends it. */
  expiresAt: number | null;
}

/** When an agent token was issued and when it ends (null: not yet set to end), in ms since the epoch. */
export type AgentTokenTimes = Pick<AgentTokenRecord, 'createdAt' | 'expiresAt'>;

/** The latest heartbeat time of a SyncTarget incarnation, in milliseconds since the epoch. */
export interface HeartbeatRecord {
  name: string;
  uid: string;
  time: number;
}

/**
 * Side data of SyncTargets kept outside the objects and the change feed: agent token hashes,
 * and heartbeat times written in batches (a heartbeat that changes no condition must not
 * rewrite the object, bump the resourceVersion or wake watchers).
 */
export interface AgentDataStore {
  /**
   * Stores a new token and caps the expiry of the target's other tokens at `olderValidUntil`; drops already expired
   * ones.
   */
  issueAgentToken(token: AgentTokenRecord, olderValidUntil: number): Promise<void>;
  findAgentToken(hash: string): Promise<AgentTokenRecord | undefined>;
  /**
   * The hashes of every stored token, in step with every write, when this process makes all the
   * writes (SQLite: one process owns the file), so a hash missing from it is not stored and needs
   * no read; undefined when other processes store tokens too (PostgreSQL replicas).
   */
  knownTokenHashes(): ReadonlySet<string> | undefined;
  /** The times of a target incarnation's tokens still valid at `now`, oldest first (never a hash). */
  listAgentTokenTimes(syncTargetUid: string, now: number): Promise<AgentTokenTimes[]>;
  /**
   * One transaction for the batch; a stored time never moves back for the same uid. A beat is kept
   * only while its SyncTarget incarnation (name and uid) is stored: a late one of a target deleted
   * or re-created since is dropped.
   */
  recordHeartbeats(beats: HeartbeatRecord[]): Promise<void>;
  /** The stored times of these targets (of all when `names` is undefined). */
  readHeartbeats(names?: string[]): Promise<HeartbeatRecord[]>;
  /** Deletes the tokens and the heartbeat time of a deleted SyncTarget incarnation. */
  forgetSyncTarget(uid: string): Promise<void>;
  /** Called after every issueAgentToken through any process using the store, so caches of tokens can drop them. */
  onAgentTokensChanged(listener: AgentTokensListener): () => void;
}

/**
 * Objects read from a store, handed to it or heard of from its feed are values: a writer builds
 * the next object from spreads and replaces what it changes, never changing one in place. The
 * stores rely on it: an entry of status.syncTargets that is the same object as at the stored
 * version is not written again (entries-apart.ts).
 */
export interface Store extends AgentDataStore {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Up to when (ms since the epoch) every issuance through any process is known to have reached
   * onAgentTokensChanged here: now where this process makes every write (SQLite), the send time
   * of the LISTEN connection's latest returned ping on PostgreSQL, undefined while unknown.
   */
  tokenNoticesConfirmedAt(): number | undefined;
  /** Creates or upgrades the schema; safe to call from several processes at once. */
  migrate(): Promise<void>;
  /** Resolves when the store answers; readiness probes call it. */
  ping(): Promise<void>;
  get(key: ObjectKey): Promise<KubeObject | undefined>;
  list(kind: string, options?: ListOptions): Promise<ListResult>;
  /** Stores a new object; StoreError AlreadyExists when the key is taken. */
  create(object: KubeObject): Promise<KubeObject>;
  /** Replaces an object; StoreError Conflict when a precondition fails, NotFound when absent. */
  update(object: KubeObject, preconditions?: Preconditions): Promise<KubeObject>;
  delete(key: ObjectKey, preconditions?: Preconditions): Promise<KubeObject>;
  currentResourceVersion(): Promise<number>;
  /** Changes after `resourceVersion`, oldest first; StoreError Expired when compacted away. */
  changesSince(resourceVersion: number, limit?: number): Promise<Change[]>;
  /** Called in order, after commit, for every change made through any process using the store. */
  onChange(listener: ChangeListener): () => void;
  close(): Promise<void>;
}

export const keyOf = (object: KubeObject): ObjectKey => ({
  kind: object.kind,
  namespace: object.metadata.namespace ?? '',
  name: object.metadata.name ?? '',
});

export const describeKey = (key: ObjectKey): string =>
  key.namespace ? `${key.kind} ${key.namespace}/${key.name}` : `${key.kind} ${key.name}`;
