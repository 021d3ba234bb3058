// Where the kcp binary lives and how it gets built: build-kcp.sh builds cmd/kcp of the release
// pinned in go/kcp/go.mod into <cache>/kcp-<version>/, beside the Kubernetes binaries.
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoMissingError, cacheRoot, clusterSourceDir, goAvailable } from './binaries.js';

/** The kcp release pinned in go/kcp/go.mod; it names the cache folder. */
export function kcpVersion(): string {
  const goMod = readFileSync(join(clusterSourceDir, 'go', 'kcp', 'go.mod'), 'utf8');
  const m = /^\s*(?:require\s+)?github\.com\/kcp-dev\/kcp\s+(v[0-9][\w.+-]*)/m.exec(goMod);
  if (!m?.[1]) throw new Error('cannot find the github.com/kcp-dev/kcp version in go/kcp/go.mod');
  return m[1];
}

export const kcpBinaryPath = (): string => join(cacheRoot(), `kcp-${kcpVersion()}`, 'kcp');

export function kcpBinaryMissing(): boolean {
  try {
    accessSync(kcpBinaryPath(), constants.X_OK);
    return false;
  } catch {
    return true;
  }
}

/** The kcp binary's path, running build-kcp.sh first when it is missing (output to stderr). */
export async function ensureKcpBinary(): Promise<string> {
  const bin = kcpBinaryPath();
  if (!kcpBinaryMissing()) return bin;
  if (!(await goAvailable())) throw new GoMissingError();
  process.stderr.write(`kcp: building ${bin}\n`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [join(clusterSourceDir, 'build-kcp.sh')], {
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`test/cluster/build-kcp.sh failed (${signal ?? `exit ${code}`})`));
    });
  });
  if (kcpBinaryMissing()) throw new Error(`build-kcp.sh did not produce ${bin}`);
  return bin;
}
