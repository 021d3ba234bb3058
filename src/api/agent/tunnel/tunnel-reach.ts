// How a proxy or exec request reaches its target's agent: the tunnel on this replica, else the
// replica the tunnel directory names (peer-tunnel.ts), else a 503 that says what to check. A
// request another replica passed here is answered from this replica's own tunnels only.
import type { IncomingHttpHeaders } from 'node:http';
import type { Store } from '../../../store/types.js';
import type { TunnelDirectory } from '../../../store/tunnel-directory.js';
import { ApiError, notFound } from '../../http/errors.js';
import { errorTarget } from '../../http/resource-definition.js';
import { syncTargetResource } from '../../resources/synctargets.js';
import { FORWARDED_HEADER, type PeerDialer } from './peer-tunnel.js';
import type { StreamOpener, TunnelHub } from './tunnel-hub.js';

const unavailable = (name: string) =>
  new ApiError(
    503,
    'ServiceUnavailable',
    `sync target "${name}" has no agent tunnel connected to this server: is its agent (tmc syncer) running, and can it reach the server?`,
  );

export class TunnelReach {
  constructor(
    private readonly hub: TunnelHub,
    private readonly store: Store,
    private readonly directory: TunnelDirectory,
    /** Absent without --peer-url: nothing is passed on. */
    private readonly peers?: PeerDialer,
  ) {}

  /** The way to the agent of target `name` for a caller with these headers; 404 or 503 when there is none. */
  async reach(name: string, caller: IncomingHttpHeaders): Promise<StreamOpener> {
    const target = await this.store.get({ kind: syncTargetResource.kind, namespace: '', name });
    if (!target) throw notFound(errorTarget(syncTargetResource, name));
    const uid = target.metadata.uid ?? '';
    // A tunnel of an earlier incarnation of the name (deleted and created again) is not this target's.
    this.hub.forget(name, uid);
    const local = this.hub.tunnelOf(name);
    if (local) return local;
    if (this.peers && caller[FORWARDED_HEADER] === undefined) {
      const peer = await this.directory.locate(name, uid);
      if (peer && peer !== this.peers.self) return this.peers.through(peer, name, caller);
    }
    throw unavailable(name);
  }
}
