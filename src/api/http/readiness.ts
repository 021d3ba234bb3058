// Named readiness checks. /readyz runs them all; other components (the store, the kcp
// mirror) register theirs, and shutdown flips the server to not-ready before it drains.
export type ReadinessCheck = () => Promise<string | undefined> | string | undefined;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, string>;
}

export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly details = new Map<string, () => string>();
  private stopping = false;

  /** A check returns undefined when healthy, or a message saying what is wrong. */
  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** A line shown beside the checks that never makes the server not ready (the kcp mirror's state). */
  inform(name: string, describe: () => string): void {
    this.details.set(name, describe);
  }

  markStopping(): void {
    this.stopping = true;
  }

  /** Whether the server is shutting down: background work started after listening stops then. */
  get isStopping(): boolean {
    return this.stopping;
  }

  async report(): Promise<ReadinessReport> {
    const checks: Record<string, string> = {};
    let ready = !this.stopping;
    if (this.stopping) checks.shutdown = 'the server is shutting down';
    for (const [name, check] of this.checks) {
      let problem: string | undefined;
      try {
        problem = await check();
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      checks[name] = problem ?? 'ok';
      if (problem) ready = false;
    }
    for (const [name, describe] of this.details) checks[name] = describe();
    return { ready, checks };
  }
}
