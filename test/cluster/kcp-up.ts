// `npm run kcp:up`: starts a kcp that keeps running after this command exits and prints the
// admin kubeconfig path (an admin in the root workspace) as the last line of stdout, e.g.
//   kubectl --kubeconfig "$(npm run -s kcp:up | tail -n1)" get workspaces
// `npm run kcp:down` stops it. Running up again while it runs reprints the path.
// Progress and errors go to stderr so stdout carries nothing but the path.
import { startKcp } from './kcp-harness.js';
import { isAlive, readState } from './processes.js';
import { readUpRecord, writeUpRecord } from './up-state.js';

const RECORD = 'kcp-up.json';

async function up(): Promise<number> {
  const existing = readUpRecord(RECORD);
  if (existing) {
    const state = readState(existing.dir);
    if (state && state.processes.length > 0 && state.processes.every(isAlive)) {
      process.stderr.write(`kcp already running at ${existing.server} (dir ${existing.dir})\n`);
      console.log(existing.kubeconfigPath);
      return 0;
    }
    process.stderr.write(`the kcp in ${existing.dir} is not running; run kcp:down, then up again\n`);
    return 1;
  }
  const started = Date.now();
  const kcp = await startKcp({ detached: true, log: (m) => process.stderr.write(`  ${m}\n`) });
  writeUpRecord({ dir: kcp.dir, kubeconfigPath: kcp.kubeconfigPath, server: kcp.server }, RECORD);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(
    `kcp ${kcp.version} up at ${kcp.server} in ${secs}s\n` +
      `  log: ${kcp.dir}/logs/kcp.log   stop: npm run kcp:down\n`,
  );
  console.log(kcp.kubeconfigPath);
  return 0;
}

const code = await up().catch((err: unknown) => {
  process.stderr.write(`kcp:up failed: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
});
// kcp is detached; exit now rather than wait for idle keep-alive sockets.
process.exit(code);
