// What an e2e test file calls first to get the shared test cluster:
//
//   const cluster = e2eCluster(t)
//   if (cluster) { ... tests using cluster.kubeconfigPath ... }
//
// Returns undefined after marking the file skipped (no Go, TMC_E2E=off) or failed (the
// cluster did not start, or any reason to skip under TMC_E2E=required).
// TMC_E2E_KUBECONFIG runs the e2e tests against a cluster of your own instead, e.g. the
// one from `npm run cluster:up`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readE2EState, e2eMode, e2eStatePath } from './e2e-state.js';

export interface E2ECluster {
  kubeconfigPath: string;
  /** The log file every container of the shared cluster shows (not known for a cluster of your own). */
  containerLog?: string;
}

/** The subset of tap's Test that this needs; keeps this file free of tap's types. */
export interface TestLike {
  plan(n: number, comment?: string): void;
  fail(message: string): unknown;
}

/** A cluster of this harness (`npm run cluster:up` too) keeps its container log beside its kubeconfig. */
function containerLogBeside(kubeconfigPath: string): { containerLog?: string } {
  const containerLog = join(dirname(kubeconfigPath), 'container.log');
  return existsSync(containerLog) ? { containerLog } : {};
}

export function e2eCluster(t: TestLike): E2ECluster | undefined {
  const own = process.env.TMC_E2E_KUBECONFIG;
  if (own) return { kubeconfigPath: own, ...containerLogBeside(own) };

  const state = readE2EState();
  if (state?.status === 'running')
    return { kubeconfigPath: state.kubeconfigPath, ...containerLogBeside(state.kubeconfigPath) };
  const reason =
    state?.reason ??
    `no e2e cluster: ${e2eStatePath()} is missing. Run the e2e tests through tap with ` +
      '`before: test/cluster/global-setup.ts` configured, or set TMC_E2E_KUBECONFIG';
  if (state?.status === 'failed' || e2eMode() === 'required') t.fail(reason);
  else t.plan(0, `skipped: ${reason}`);
  return undefined;
}
