// Where each agent's reverse tunnel is connected. Replicas on one PostgreSQL database record the
// tunnels they hold under their own --peer-url, so a replica asked for a target whose agent
// dialled another one knows where to pass the request. A lone server (SQLite, or no --peer-url)
// has every tunnel it can reach in its own hub: its directory records and finds nothing.

export interface TunnelDirectory {
  /** This replica holds the tunnel of this target incarnation now. */
  connected(target: string, uid: string): void;
  /** This replica's tunnel of the target closed (a newer one elsewhere is left alone). */
  disconnected(target: string): void;
  /** The --peer-url of the replica holding the incarnation's tunnel, if one says so. */
  locate(target: string, uid: string): Promise<string | undefined>;
  /** Forgets this replica's tunnels: it is shutting down. */
  close(): Promise<void>;
}

export const noTunnelDirectory: TunnelDirectory = {
  connected: () => undefined,
  disconnected: () => undefined,
  locate: async () => undefined,
  close: async () => undefined,
};
