// What the e2e processes and their tests share: the runner's lifecycle, the paths, and waits on
// conditions with a one-minute ceiling (two shared cores).
/** What the processes need of their runner: tap's Test has it, and so can a plain script. */
export interface Lifecycle {
  teardown(fn: () => unknown): void;
  passing(): boolean;
  comment(message: string): void;
}

export const CEILING_MS = 60_000;
export const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
export const deploymentsPath = (ns: string) => `/apis/apps/v1/namespaces/${ns}/deployments`;
export const suffix = () => Math.random().toString(36).slice(2, 8);

/** Thrown by a probe when waiting longer cannot help (the process it waits for has exited). */
export class GiveUp extends Error {}

/** Polls `probe` every 100 ms until it returns something; fails naming `what` after the ceiling. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = CEILING_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function deploymentManifest(name: string, replicas: number, image: string) {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'main', image }] } },
    },
  };
}
