// `npm run cluster:up`: starts a test cluster that keeps running after this command exits
// and prints the admin kubeconfig path as the last line of stdout, e.g.
//   kubectl --kubeconfig "$(npm run -s cluster:up | tail -n1)" get nodes
// `npm run cluster:down` stops it. Running up again while it runs reprints the path.
// Progress and errors go to stderr so stdout carries nothing but the path.
import { isAlive, readState } from './processes.js';
import { startCluster } from './harness.js';
import { readUpRecord, writeUpRecord } from './up-state.js';

async function up(): Promise<number> {
  const existing = readUpRecord();
  if (existing) {
    const state = readState(existing.dir);
    if (state && state.processes.length > 0 && state.processes.every(isAlive)) {
      process.stderr.write(`test cluster already running at ${existing.server} (dir ${existing.dir})\n`);
      console.log(existing.kubeconfigPath);
      return 0;
    }
    process.stderr.write(`the test cluster in ${existing.dir} is not fully running; run cluster:down, then up again\n`);
    return 1;
  }
  const started = Date.now();
  const cluster = await startCluster({
    detached: true,
    log: (m) => process.stderr.write(`  ${m}\n`),
  });
  writeUpRecord({ dir: cluster.dir, kubeconfigPath: cluster.kubeconfigPath, server: cluster.server });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `test cluster ${cluster.kubernetesVersion} up at ${cluster.server} in ${secs}s\n` +
      `  logs: ${cluster.dir}/logs   stop: npm run cluster:down\n`,
  );
  console.log(cluster.kubeconfigPath);
  return 0;
}

const code = await up().catch((err: unknown) => {
  process.stderr.write(`cluster:up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
});
// The cluster's processes are detached; exit now rather than wait for idle keep-alive sockets.
process.exit(code);
