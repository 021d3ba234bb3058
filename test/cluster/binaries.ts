// Where the test cluster's binaries live and how they get built.
//
// The binaries are built from Go modules (see go/k8s and go/kwok) by build.sh and cached
// per Kubernetes version outside the repo, so only the first start on a machine pays for
// the build and a fresh clone or `git clean` never throws them away.
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const clusterSourceDir = dirname(fileURLToPath(import.meta.url));

export const componentNames = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok',
  // Not a cluster component: the client the tests use, so they never depend on the machine's.
  'kubectl',
] as const;
export type ComponentName = (typeof componentNames)[number];

export const goInstallHint =
  'Go >= 1.26 must be on PATH to build the test cluster (https://go.dev/dl/); ' +
  'the first build downloads Go modules and takes 20-40 minutes, later runs reuse ' +
  '~/.cache/tmc-test-cluster (override with TMC_TEST_CLUSTER_CACHE)';

/** Thrown when binaries are missing and there is no Go toolchain to build them. */
export class GoMissingError extends Error {
  constructor() {
    super(goInstallHint);
    this.name = 'GoMissingError';
  }
}

/** The Kubernetes release pinned in go/k8s/go.mod; it names the cache folder. */
export function kubernetesVersion(): string {
  const goMod = readFileSync(join(clusterSourceDir, 'go', 'k8s', 'go.mod'), 'utf8');
  const m = /^\s*(?:require\s+)?k8s\.io\/kubernetes\s+(v[0-9][\w.+-]*)/m.exec(goMod);
  if (!m?.[1]) throw new Error('cannot find the k8s.io/kubernetes version in go/k8s/go.mod');
  return m[1];
}

export function cacheRoot(): string {
  return process.env.TMC_TEST_CLUSTER_CACHE || join(homedir(), '.cache', 'tmc-test-cluster');
}

export function binaryDir(): string {
  return join(cacheRoot(), kubernetesVersion());
}

export type Binaries = Record<ComponentName, string>;

function binaryPaths(dir: string): Binaries {
  const entries = componentNames.map((name) => [name, join(dir, name)] as const);
  return Object.fromEntries(entries) as Binaries;
}

export function missingBinaries(dir = binaryDir()): ComponentName[] {
  return componentNames.filter((name) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return false;
    } catch {
      return true;
    }
  });
}

export function goAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('go', ['version'], (err) => resolve(!err));
  });
}

/**
 * Returns the paths of all binaries, running build.sh first when any is missing.
 * Build output goes to stderr: stdout of `cluster:up` is reserved for the kubeconfig path,
 * and tap's `before` script shares stdout with the TAP stream.
 */
export async function ensureBinaries(): Promise<Binaries> {
  const dir = binaryDir();
  const missing = missingBinaries(dir);
  if (missing.length === 0) return binaryPaths(dir);
  if (!(await goAvailable())) throw new GoMissingError();
  process.stderr.write(`test cluster: building ${missing.join(', ')} into ${dir}\n`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [join(clusterSourceDir, 'build.sh')], {
      stdio: ['ignore', process.stderr, process.stderr],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`test/cluster/build.sh failed (${signal ?? `exit ${code}`})`));
    });
  });
  const still = missingBinaries(dir);
  if (still.length > 0) throw new Error(`build.sh did not produce ${still.join(', ')} in ${dir}`);
  return binaryPaths(dir);
}
