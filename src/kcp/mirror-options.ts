// What the kcp mirror is given: its timings, and the heartbeat times it copies into kcp.

/** Heartbeat times kept in memory by the heartbeat code (src/heartbeat). */
export interface HeartbeatTimes {
  latest(name: string, uid: string): number | undefined;
  /** Reads the times other replicas flushed to the store. */
  refresh(): Promise<void>;
}

export interface KcpMirrorOptions {
  heartbeatIntervalMs: number;
  resyncMs: number;
  backoff: { baseMs: number; maxMs: number };
  concurrency: number;
  /** The SyncTarget CRD manifest (default: the one in deploy/crds), read when the mirror is made. */
  crdFile?: URL | string;
}
