// tap `before` script: starts one test cluster and one kcp for the whole run and records them in
// the e2e state file (see e2e-state.ts). It always exits 0 so a cluster problem never hides
// the unit and API test results; the e2e test files report it instead (e2e-env.ts).
// Progress goes to stderr because stdout is shared with the TAP stream.
import { GoMissingError, goInstallHint, missingBinaries, goAvailable } from './binaries.js';
import { startCluster, stopClusterByDir } from './harness.js';
import { rmSync } from 'node:fs';
import { abandonedE2EStates, e2eMode, writeE2EState, type E2EState, type KcpE2EState } from './e2e-state.js';
import { setupKcp } from './kcp-setup.js';

async function setup(): Promise<E2EState> {
  // Clusters left behind by runs whose `after` script never ran: stop them first. A run still
  // going keeps its own.
  for (const { file, state } of abandonedE2EStates()) {
    if (state.status === 'running') await stopClusterByDir(state.dir);
    if (state.kcp?.status === 'running') await stopClusterByDir(state.kcp.dir);
    rmSync(file, { force: true });
  }

  const mode = e2eMode();
  if (mode === 'off') return { status: 'skipped', reason: 'TMC_E2E=off' };
  if (missingBinaries().length > 0 && !(await goAvailable())) {
    return { status: 'skipped', reason: goInstallHint };
  }
  try {
    const started = Date.now();
    const start = () => startCluster({ detached: true, log: (m) => process.stderr.write(`e2e cluster: ${m}\n`) });
    // Once more on a failure, on new ports and a new directory: one miss would fail every e2e test,
    // and a start can fail for reasons outside the code under test (once: etcd stopped a second
    // after it answered healthy, while kcp started beside it; etcd now logs at info to say why).
    const cluster = await start().catch((err: unknown) => {
      if (err instanceof GoMissingError) throw err;
      process.stderr.write(`e2e cluster did not start (${String(err).trim()}); once more\n`);
      return start();
    });
    process.stderr.write(
      `e2e cluster ${cluster.kubernetesVersion} up at ${cluster.server} in ` +
        `${((Date.now() - started) / 1000).toFixed(1)}s (logs: ${cluster.dir}/logs)\n`,
    );
    const { kubeconfigPath, server, dir, kubernetesVersion } = cluster;
    return { status: 'running', kubeconfigPath, server, dir, kubernetesVersion };
  } catch (err) {
    if (err instanceof GoMissingError) return { status: 'skipped', reason: err.message };
    const reason = err instanceof Error ? err.message : String(err);
    process.stderr.write(`e2e cluster did not start: ${reason}\n`);
    return { status: 'failed', reason: `the e2e test cluster did not start: ${reason}` };
  }
}

async function kcp(): Promise<KcpE2EState> {
  const mode = e2eMode();
  return mode === 'off' ? { status: 'skipped', reason: 'TMC_E2E=off' } : setupKcp();
}

// Both at once: kcp's start (and, on a cold cache, its build) overlaps the cluster's.
const [cluster, kcpState] = await Promise.all([setup(), kcp()]);
writeE2EState({ ...cluster, kcp: kcpState });
// The cluster's processes are detached; exit now rather than wait for idle keep-alive sockets.
process.exit();
