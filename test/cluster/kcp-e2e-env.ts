// What a kcp e2e test file calls first to get the run's kcp (started by global-setup.ts):
//
//   const kcp = e2eKcp(t)
//   if (kcp) { ... tests using kcp.kubeconfigPath (an admin in the root workspace) ... }
//
// Returns undefined after marking the file skipped (no Go, TMC_E2E=off) or failed (kcp did not
// start, or any reason to skip under TMC_E2E=required). TMC_E2E_KCP_KUBECONFIG runs the tests
// against a kcp of your own instead, e.g. the one from `npm run kcp:up`.
import { e2eMode, e2eStatePath, readE2EState } from './e2e-state.js';
import type { TestLike } from './e2e-env.js';

export interface E2EKcp {
  kubeconfigPath: string;
}

export function e2eKcp(t: TestLike): E2EKcp | undefined {
  const own = process.env.TMC_E2E_KCP_KUBECONFIG;
  if (own) return { kubeconfigPath: own };

  const state = readE2EState()?.kcp;
  if (state?.status === 'running') return { kubeconfigPath: state.kubeconfigPath };
  const reason =
    state?.reason ??
    `no e2e kcp: ${e2eStatePath()} names none. Run the e2e tests through tap with ` +
      '`before: test/cluster/global-setup.ts` configured, or set TMC_E2E_KCP_KUBECONFIG';
  if (state?.status === 'failed' || e2eMode() === 'required') t.fail(reason);
  else t.plan(0, `skipped: ${reason}`);
  return undefined;
}
