// Runs the built `tmc server` as a real process, as an operator would, and waits for it to listen.
import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const TMC_BIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far (JSON log lines and stderr). */
  output(): string;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface RunOptions {
  /** The process's limit on open files (`ulimit -n`), when it should differ from this one's. */
  fdLimit?: number;
}

export interface StartOptions extends RunOptions {
  /**
   * Logs warnings only, on a port chosen here, and waits for /healthz instead of the listening
   * line. For tests that send thousands of requests: a log line each, read by this busy process,
   * would fill the pipe and stall the server on its writes.
   */
  quiet?: boolean;
  /**
   * Serve HTTPS with the certificate the server makes in <data-dir>/pki, as it does by default.
   * Otherwise the helper adds --insecure-http (unless the arguments give a certificate): most
   * process tests are about HTTP behaviour, not TLS.
   */
  https?: boolean;
}

export interface RunningTmc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function runTmc(args: string[], env: NodeJS.ProcessEnv = {}, options: RunOptions = {}): RunningTmc {
  const [command, argv] =
    options.fdLimit === undefined
      ? [process.execPath, [TMC_BIN, ...args]]
      : // The shell sets the limit and becomes node (exec): signals and exit codes are the server's own.
        ['sh', ['-c', `ulimit -n ${options.fdLimit} && exec "$0" "$@"`, process.execPath, TMC_BIN, ...args]];
  const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  // 'close', not 'exit': it comes after the last output, which tests read once the process is gone.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

export async function startServerProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 90_000,
  options: StartOptions = {},
): Promise<ServerProcess> {
  const port = options.quiet ? await freePort() : 0;
  const quiet = options.quiet ? ['--log-level', 'warn'] : [];
  if (options.quiet && options.https) throw new Error('quiet servers are polled over plain HTTP: not with https');
  const plain = options.https || args.includes('--tls-cert-file') ? [] : ['--insecure-http'];
  const serverArgs = ['server', '--bind-address', '127.0.0.1', '--port', String(port), ...plain, ...quiet, ...args];
  const { child, output, exited } = runTmc(serverArgs, env, options);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`tmc server did not start within ${timeoutMs} ms:\n${output()}`)),
      timeoutMs,
    );
    const listeningAt = async (): Promise<string | undefined> => {
      if (!options.quiet) return /tmc server listening on (\S+?)"/.exec(output())?.[1];
      return (await healthy(port)) ? `http://127.0.0.1:${port}` : undefined;
    };
    let polling = false;
    const poll = setInterval(async () => {
      if (polling) return;
      polling = true;
      const url = await listeningAt();
      polling = false;
      if (url) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(url);
      }
    }, 25);
    void exited.then((code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`tmc server exited with ${code} before listening:\n${output()}`));
    });
  });
  return {
    child,
    url,
    output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;
  } catch {
    return false;
  }
}
