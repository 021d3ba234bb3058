// Status up-sync: the latest report per object goes to the control plane once things have
// been quiet for a moment (a rollout changes the status many times a second), and only when it
// differs from the last report the server took. A failed send is retried with back-off, and a
// newer report replaces a waiting one, so an outage ends with one current report per object.
import type { Logger } from 'pino';
import { WorkQueue } from '../../runtime/workqueue.js';
import type { StatusReport } from './status-report.js';
import { splitKey } from '../types.js';
import { UpstreamError, type Upstream } from './upstream-client.js';

// The report can never succeed as it is: the object is gone upstream (404, also what a server
// that does not take this kind's reports answers), the report is stale or malformed (400,
// 422). The next change brings a fresh one.
const DROPPED = new Set([400, 404, 422]);

/** Where reports go: the reconciler's side of the reporter (a test can catch them instead). */
export interface ReportSink {
  set(key: string, report: StatusReport): void;
  forget(key: string): void;
}

/** The resource of a kind, "statefulsets.apps" for "StatefulSet.apps", as the report's URL names it. */
export type ResourceOf = (groupKind: string) => string | undefined;

export class StatusReporter implements ReportSink {
  /** Waiting reports, with their JSON (compared with what the server took). */
  private readonly pending = new Map<string, { report: StatusReport; json: string }>();
  /** By key, the JSON of the last report the server took. */
  private readonly sent = new Map<string, string>();
  private readonly queue: WorkQueue;

  constructor(
    private readonly upstream: Upstream,
    private readonly log: Logger,
    private readonly resourceOf: ResourceOf,
    private readonly debounceMs = 250,
  ) {
    this.queue = new WorkQueue({
      process: (key) => this.send(key),
      concurrency: 4,
      backoff: { baseMs: 1_000, maxMs: 30_000 },
      onError: (key, error, failures) => {
        // The feed and heartbeat loops already say when the server is down; one line per object is noise.
        if (failures === 1 || failures % 10 === 0)
          this.log.warn(
            { event: 'status-report-failed', key, failures, err: (error as Error).message },
            'status report failed: retrying',
          );
      },
    });
  }

  start(): void {
    this.queue.start();
  }

  async stop(): Promise<void> {
    await this.queue.stop();
  }

  /** The report to send for `key`; nothing is sent when the server already has exactly this one. */
  set(key: string, report: StatusReport): void {
    const json = JSON.stringify(report);
    if (this.sent.get(key) === json) {
      this.pending.delete(key);
      return;
    }
    this.pending.set(key, { report, json });
    this.queue.addAfter(key, this.debounceMs);
  }

  /** The object is no longer placed here: nothing more to report for it. */
  forget(key: string): void {
    this.pending.delete(key);
    this.sent.delete(key);
  }

  private async send(key: string): Promise<void> {
    const waiting = this.pending.get(key);
    if (!waiting) return;
    const { report } = waiting;
    const { groupKind, namespace, name } = splitKey(key);
    const resource = this.resourceOf(groupKind);
    if (!resource) {
      // Only a kind the REST mapper has mapped is ever reported: this cannot come from it.
      this.pending.delete(key);
      return;
    }
    try {
      await this.upstream.reportStatus(resource, namespace, name, report);
      this.sent.set(key, waiting.json);
      const { state, health, observedGeneration: generation } = report;
      this.log.debug({ event: 'status-reported', key, state, health: health.state, generation }, 'status reported');
    } catch (error) {
      if (error instanceof UpstreamError && error.statusCode !== undefined && DROPPED.has(error.statusCode)) {
        this.log.info({ event: 'status-report-dropped', key, err: error.message }, 'status report not taken: dropped');
        if (this.pending.get(key) === waiting) this.pending.delete(key);
        return;
      }
      throw error;
    }
    // A newer report that arrived while this one was in flight stays pending: set() queued it.
    if (this.pending.get(key) === waiting) this.pending.delete(key);
  }
}
