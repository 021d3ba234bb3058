// The kcp half of tap's `before` script: starts one kcp for the whole run (beside the test
// cluster) and says how it went, in the form the e2e state file records.
import { GoMissingError, goAvailable, goInstallHint } from './binaries.js';
import type { KcpE2EState } from './e2e-state.js';
import { kcpBinaryMissing } from './kcp-binaries.js';
import { startKcp } from './kcp-harness.js';

export async function setupKcp(): Promise<KcpE2EState> {
  if (kcpBinaryMissing() && !(await goAvailable())) return { status: 'skipped', reason: goInstallHint };
  try {
    const started = Date.now();
    const kcp = await startKcp({ detached: true, log: (m) => process.stderr.write(`e2e kcp: ${m}\n`) });
    process.stderr.write(
      `e2e kcp ${kcp.version} up at ${kcp.server} in ${((Date.now() - started) / 1000).toFixed(1)}s ` +
        `(log: ${kcp.dir}/logs/kcp.log)\n`,
    );
    const { kubeconfigPath, server, caFile, dir, version } = kcp;
    return { status: 'running', kubeconfigPath, server, caFile, dir, version };
  } catch (err) {
    if (err instanceof GoMissingError) return { status: 'skipped', reason: err.message };
    const reason = err instanceof Error ? err.message : String(err);
    process.stderr.write(`e2e kcp did not start: ${reason}\n`);
    return { status: 'failed', reason: `the e2e kcp did not start: ${reason}` };
  }
}
