// The two pieces of the end-to-end benchmark that are not about tmc: when each Deployment
// shows up downstream (one watch on the namespace, the moment its ADDED event arrives), and
// the clean-up that runs however the benchmark ends.
import * as k8s from '@kubernetes/client-node';
import type { Lifecycle } from '../e2e/control-plane.js';

const ARRIVAL_TIMEOUT_MS = 60_000;

export interface Arrivals {
  /** Resolves with performance.now() at the ADDED event of `name`; call before creating it. */
  of(name: string): Promise<number>;
  stop(): void;
}

/** Watches the Deployments of `ns` from now on; a watch that ends early fails every pending wait. */
export async function watchArrivals(kc: k8s.KubeConfig, ns: string): Promise<Arrivals> {
  const seen = new Map<string, number>();
  const waiting = new Map<string, { resolve: (at: number) => void; reject: (error: Error) => void }>();
  let ended: Error | undefined;
  const failAll = (error: Error) => {
    ended = error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  };
  // From the list's version, so objects already there never count as arrivals.
  const list = await kc.makeApiClient(k8s.AppsV1Api).listNamespacedDeployment({ namespace: ns });
  const watch = await new k8s.Watch(kc).watch(
    `/apis/apps/v1/namespaces/${ns}/deployments`,
    { resourceVersion: list.metadata?.resourceVersion },
    (type, object: k8s.V1Deployment) => {
      // Taken first thing: the arrival is when the event reaches this process, not after bookkeeping.
      const at = performance.now();
      const name = object.metadata?.name ?? '';
      if (type !== 'ADDED' || seen.has(name)) return;
      seen.set(name, at);
      waiting.get(name)?.resolve(at);
      waiting.delete(name);
    },
    (error) => failAll(new Error(`the downstream watch ended${error ? `: ${(error as Error).message}` : ''}`)),
  );
  return {
    of: (name) => {
      if (ended) return Promise.reject(ended);
      const at = seen.get(name);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(name);
          reject(new Error(`${ns}/${name} did not appear downstream within ${ARRIVAL_TIMEOUT_MS} ms`));
        }, ARRIVAL_TIMEOUT_MS);
        const settle =
          <T>(fn: (value: T) => void) =>
          (value: T) => {
            clearTimeout(timer);
            fn(value);
          };
        waiting.set(name, { resolve: settle(resolve), reject: settle(reject) });
      });
    },
    stop: () => {
      ended ??= new Error('stopped');
      watch.abort();
    },
  };
}

/** Teardowns run last-in first-out, once, on success, on error and on Ctrl-C alike. */
export class Cleanup implements Lifecycle {
  private readonly steps: (() => unknown)[] = [];
  private failed = false;

  teardown(fn: () => unknown): void {
    this.steps.push(fn);
  }

  passing(): boolean {
    return !this.failed;
  }

  comment(message: string): void {
    process.stderr.write(`${message}\n`);
  }

  async run(failed: boolean): Promise<void> {
    this.failed ||= failed;
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step();
      } catch (error) {
        process.stderr.write(`clean-up step failed: ${(error as Error).message}\n`);
      }
    }
  }
}
