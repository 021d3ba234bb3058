// The real `tmc syncer` process for the e2e tests and the end-to-end benchmark; killed at the
// runner's teardown, its output shown when a test of it failed.
import { runTmc } from '../helpers/server-process.js';
import { CEILING_MS, type Lifecycle, until } from './e2e-basics.js';

export interface SyncerProcess {
  pid: number;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Resolves once the output matches `pattern`. */
  logged(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves once the agent has listed its Deployments and starts syncing. */
  ready(): Promise<void>;
}

/** The agent of SyncTarget `target` against `server`, with its token file, syncing the cluster of `kubeconfig`. */
export function startTargetSyncer(
  t: Lifecycle,
  target: string,
  server: string,
  tokenFile: string,
  kubeconfig: string,
  env: NodeJS.ProcessEnv = {},
): SyncerProcess {
  const args = [
    '--sync-target-name',
    target,
    '--server',
    server,
    '--token-file',
    tokenFile,
    '--kubeconfig',
    kubeconfig,
  ];
  return startSyncer(t, args, env);
}

/** The real `tmc syncer` process; killed at teardown if still running. */
export function startSyncer(t: Lifecycle, args: string[], env: NodeJS.ProcessEnv = {}): SyncerProcess {
  const { child, output, exited } = runTmc(['syncer', '--log-level', 'debug', ...args], env);
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  t.teardown(async () => {
    await stop('SIGKILL');
    // What the agent did is the first thing to read when a test of it fails.
    if (!t.passing()) t.comment(`tmc syncer output (last 8000 characters):\n${output().slice(-8000)}`);
  });
  const logged = (pattern: RegExp, timeoutMs = CEILING_MS) =>
    until(
      `syncer output matching ${pattern}:\n${output().slice(-2000)}`,
      async () => pattern.test(output()),
      timeoutMs,
    ).then(() => undefined);
  // Loading the agent takes a while on a loaded machine: two minutes, not one.
  const ready = () => logged(/"event":"owned-synced"/, 2 * CEILING_MS);
  return { pid: child.pid!, output, exited, stop, logged, ready };
}
