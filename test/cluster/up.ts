// `npm run cluster:up`: starts a test cluster that keeps running after this command exits
// and prints the admin kubeconfig path as the last line of stdout, e.g.
//   kubectl --kubeconfig "$(npm run -s cluster:up | tail -n1)" get nodes
// `npm run cluster:down` stops it. Running up again while it runs reprints the path.
import { readState, isAlive } from './processes.js'
import { startCluster } from './harness.js'
import { readUpRecord, writeUpRecord } from './up-state.js'

const existing = readUpRecord()
const state = existing && readState(existing.dir)
if (existing && state && state.processes.length > 0 && state.processes.every(isAlive)) {
  process.stderr.write(`test cluster already running at ${existing.server} (dir ${existing.dir})\n`)
  console.log(existing.kubeconfigPath)
} else {
  if (existing) {
    process.stderr.write(`a previous test cluster (${existing.dir}) is not fully running; run cluster:down to clean it up\n`)
    process.exitCode = 1
  } else {
    const started = Date.now()
    const cluster = await startCluster({ detached: true })
    writeUpRecord({ dir: cluster.dir, kubeconfigPath: cluster.kubeconfigPath, server: cluster.server })
    const secs = ((Date.now() - started) / 1000).toFixed(1)
    process.stderr.write(
      `test cluster ${cluster.kubernetesVersion} up at ${cluster.server} in ${secs}s\n` +
        `  logs: ${cluster.dir}/logs   stop: npm run cluster:down\n`,
    )
    console.log(cluster.kubeconfigPath)
  }
}
