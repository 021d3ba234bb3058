// The capacity part of the heartbeat, sent only when it changed: nodes and pods are read at most
// every `refreshMs` (listing every pod on each heartbeat would cost a large cluster far more than
// the heartbeat), and the figures travel only until the control plane has taken them, since it
// keeps a field a heartbeat leaves out.
import { type ClusterCapacity, readCapacity } from './cluster-info.js';
import type { KubeClient } from './kube-client.js';

const keyOf = (c: Partial<ClusterCapacity>): string =>
  JSON.stringify([c.capacity ?? null, c.allocatable ?? null, c.freePods ?? null]);

export class CapacityReport {
  private last?: ClusterCapacity;
  private readAt = -Infinity;
  /** The figures the control plane has: set after a heartbeat that carried them went through. */
  private acked?: string;

  constructor(
    private readonly client: Pick<KubeClient, 'call'>,
    private readonly refreshMs = 30_000,
    private readonly now = Date.now,
  ) {}

  /** The figures when the control plane lacks them, else nothing. A failed read throws. */
  async report(signal?: AbortSignal): Promise<Partial<ClusterCapacity>> {
    if (!this.last || this.now() - this.readAt >= this.refreshMs) {
      this.last = await readCapacity(this.client, signal);
      this.readAt = this.now();
    }
    return keyOf(this.last) === this.acked ? {} : this.last;
  }

  /** After a heartbeat went through: the capacity it carried, if any, is what the control plane has. */
  ack(sent: Partial<ClusterCapacity>): void {
    if (sent.capacity !== undefined) this.acked = keyOf(sent);
  }
}
