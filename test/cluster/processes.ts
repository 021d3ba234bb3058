// Starting and stopping the cluster's processes, and the state file that remembers them.
//
// Every process is spawned detached (its own process group) with stdout and stderr going
// to a log file, so it outlives the Node process that started it: `cluster:up` and tap's
// `before` script exit while the cluster keeps running. The state file in the cluster's
// temp dir records each pid, so any later process can stop exactly what was started.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ProcessRecord {
  name: string;
  pid: number;
  bin: string;
  log: string;
}

export interface ClusterState {
  dir: string;
  server?: string;
  kubeconfigPath?: string;
  processes: ProcessRecord[];
}

export const stateFile = (dir: string): string => join(dir, 'state.json');

export function readState(dir: string): ClusterState | undefined {
  const file = stateFile(dir);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterState;
}

export function writeState(state: ClusterState): void {
  writeFileSync(stateFile(state.dir), `${JSON.stringify(state, null, 2)}\n`);
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
}

/** Spawns a component and records it in the state before returning. */
export function startProcess(
  state: ClusterState,
  name: string,
  bin: string,
  args: string[],
  opts: StartOptions = {},
): ProcessRecord {
  const logDir = join(state.dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `${name}.log`);
  const fd = openSync(log, 'a');
  try {
    const child = spawn(bin, args, {
      cwd: state.dir,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: opts.env ?? process.env,
    });
    // A spawn failure (ENOENT, EACCES) surfaces as an 'error' event; without a listener it
    // would crash the process. isAlive() then reports the component as gone.
    child.on('error', (err) => {
      writeFileSync(log, `spawn failed: ${err.message}\n`, { flag: 'a' });
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${name} (${bin}); see ${log}`);
    const record = { name, pid: child.pid, bin, log };
    state.processes.push(record);
    writeState(state);
    return record;
  } finally {
    closeSync(fd);
  }
}

/**
 * True while the pid still runs the recorded binary. Checking /proc/<pid>/exe guards
 * against killing an unrelated process that reused the pid of one that already exited.
 */
export function isAlive(proc: ProcessRecord): boolean {
  try {
    process.kill(proc.pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${proc.pid}/cmdline`, 'utf8');
    // A zombie (exited, not yet reaped by us) has an empty cmdline.
    return cmdline.split('\0')[0] === proc.bin;
  } catch {
    return false;
  }
}

export function tailOfLog(proc: ProcessRecord, lines = 20): string {
  try {
    return readFileSync(proc.log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function signal(proc: ProcessRecord, sig: NodeJS.Signals): void {
  try {
    process.kill(proc.pid, sig);
  } catch {
    // already gone
  }
}

async function waitGone(proc: ProcessRecord, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(proc)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Stops processes one at a time in reverse start order: SIGTERM, then SIGKILL if still
 * running after graceMs. One at a time matters: the apiserver exits in about a second
 * while etcd is up, but takes over ten when etcd goes away under it.
 */
export async function stopProcesses(procs: ProcessRecord[], graceMs = 10_000): Promise<void> {
  const left: ProcessRecord[] = [];
  for (const proc of [...procs].reverse()) {
    if (!isAlive(proc)) continue;
    signal(proc, 'SIGTERM');
    if (await waitGone(proc, graceMs)) continue;
    signal(proc, 'SIGKILL');
    if (!(await waitGone(proc, 5_000))) left.push(proc);
  }
  if (left.length > 0) {
    throw new Error(`could not stop ${left.map((p) => `${p.name} (pid ${p.pid})`).join(', ')}`);
  }
}

/** Best-effort synchronous kill, for a process 'exit' handler where nothing can be awaited. */
export function killNow(procs: ProcessRecord[]): void {
  for (const proc of procs) if (isAlive(proc)) signal(proc, 'SIGKILL');
}
