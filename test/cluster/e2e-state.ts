// The file through which tap's `before` script (global-setup.ts) hands the shared e2e
// cluster to the test files and to the `after` script (global-teardown.ts). They are
// separate processes, so an environment variable set in one would not reach the others.
// All three are children of the same tap runner, so the file is named after its pid: two
// runs in one checkout (a single file beside a whole suite) each get a cluster of their own.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { clusterSourceDir } from './binaries.js';

export type E2EState = (
  | { status: 'running'; kubeconfigPath: string; server: string; dir: string; kubernetesVersion: string }
  /** No cluster on purpose or for want of Go: e2e tests skip (or fail under TMC_E2E=required). */
  | { status: 'skipped'; reason: string }
  /** Go was there but the build or the start failed: e2e tests fail with this reason. */
  | { status: 'failed'; reason: string }
) & { kcp?: KcpE2EState };

/** The run's kcp (kcp-harness.ts), started beside the cluster; its own status, the same meanings. */
export type KcpE2EState =
  | { status: 'running'; kubeconfigPath: string; server: string; caFile: string; dir: string; version: string }
  | { status: 'skipped'; reason: string }
  | { status: 'failed'; reason: string };

/** `TMC_E2E`: `auto` (default) starts a cluster when possible, `required` turns every
 *  reason to skip into a failure, `off` never starts one. */
export type E2EMode = 'auto' | 'required' | 'off';

export function e2eMode(): E2EMode {
  const mode = process.env.TMC_E2E ?? 'auto';
  if (mode === 'auto' || mode === 'required' || mode === 'off') return mode;
  throw new Error(`TMC_E2E must be auto, required or off, not ${JSON.stringify(mode)}`);
}

const STATE_FILE = /^tmc-e2e-cluster-(\d+)\.json$/;
const stateDir = (): string => join(resolve(clusterSourceDir, '..', '..'), '.tap');

export function e2eStatePath(): string {
  return process.env.TMC_E2E_STATE || join(stateDir(), `tmc-e2e-cluster-${process.ppid}.json`);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** State files of runs whose tap runner is gone (killed before its `after` script ran). */
export function abandonedE2EStates(): { file: string; state: E2EState }[] {
  if (!existsSync(stateDir())) return [];
  return readdirSync(stateDir()).flatMap((name) => {
    const runner = STATE_FILE.exec(name)?.[1];
    if (!runner || alive(Number(runner))) return [];
    const file = join(stateDir(), name);
    return [{ file, state: JSON.parse(readFileSync(file, 'utf8')) as E2EState }];
  });
}

export function readE2EState(): E2EState | undefined {
  const file = e2eStatePath();
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as E2EState;
}

export function writeE2EState(state: E2EState): void {
  const file = e2eStatePath();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
}

export function removeE2EState(): void {
  rmSync(e2eStatePath(), { force: true });
}
