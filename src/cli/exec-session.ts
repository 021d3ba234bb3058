// The client end of Kubernetes' exec channel protocol over one WebSocket (v5.channel.k8s.io, v4
// accepted): every message is a channel byte, then data. 0 stdin, 1 stdout, 2 stderr, 3 the
// command's result (a Status), 4 a terminal's size, 255 closes a channel (v5 only: stdin ended,
// so a `cat` sees end of file and the command can finish while its output still comes back).
import type { Readable, Writable } from 'node:stream';
import WebSocket from 'ws';
import { CliError } from './errors.js';

export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const STDIN = 0;
const STDOUT = 1;
const STDERR = 2;
const RESULT = 3;
const RESIZE = 4;
const CLOSE = 255;

export interface ExecIo {
  stdin?: Readable;
  stdout: Writable;
  stderr: Writable;
  /** A terminal to report the size of (with `tty`): its columns and rows, and its `resize` events. */
  terminal?: Writable & { columns?: number; rows?: number };
}

interface ResultStatus {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

/** The command's exit code from its result; a failure that is not an exit code is an error. */
export function exitCodeOf(result: ResultStatus): number {
  if (result.status === 'Success') return 0;
  const code = result.details?.causes?.find((cause) => cause.reason === 'ExitCode')?.message;
  if (result.reason === 'NonZeroExitCode' && code !== undefined && /^\d+$/.test(code)) return Number(code);
  throw new CliError(result.message ?? 'the command failed in the container');
}

const frame = (channel: number, data: Buffer | string): Buffer =>
  Buffer.concat([Buffer.from([channel]), Buffer.isBuffer(data) ? data : Buffer.from(data)]);

/** Why an upgrade was refused, from the Status in the answer's body. */
function refusal(status: number | undefined, body: string): CliError {
  try {
    const parsed = JSON.parse(body) as { message?: string };
    if (parsed.message) return new CliError(parsed.message);
  } catch {}
  return new CliError(`the server refused the exec (HTTP ${status}): ${body.slice(0, 200)}`);
}

/** Runs the exec at `url` until the command ends; its exit code. */
export function runExec(url: string, options: WebSocket.ClientOptions, io: ExecIo): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, EXEC_PROTOCOLS, { ...options, handshakeTimeout: 30_000 });
    let result: ResultStatus | undefined;
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => reject(refusal(response.statusCode, body)));
    });
    socket.on('open', () => {
      const { stdin, terminal } = io;
      const size = () =>
        socket.send(frame(RESIZE, JSON.stringify({ Width: terminal?.columns, Height: terminal?.rows })));
      if (terminal?.columns) {
        size();
        terminal.on('resize', size);
        socket.on('close', () => terminal.off('resize', size));
      }
      stdin?.on('data', (chunk: Buffer) => socket.send(frame(STDIN, chunk)));
      // v4 has no way to say "stdin ended" but closing the whole connection: the output would be lost.
      stdin?.on(
        'end',
        () => socket.protocol === 'v5.channel.k8s.io' && socket.send(frame(CLOSE, Buffer.from([STDIN]))),
      );
    });
    socket.on('message', (data: Buffer) => {
      const channel = data[0];
      const payload = data.subarray(1);
      if (channel === STDOUT) io.stdout.write(payload);
      else if (channel === STDERR) io.stderr.write(payload);
      else if (channel === RESULT) result = JSON.parse(payload.toString('utf8')) as ResultStatus;
    });
    socket.on('error', (error) => reject(new CliError(`exec: ${error.message}`)));
    socket.on('close', () => {
      io.stdin?.pause();
      if (!result) return reject(new CliError('the connection closed before the command ended'));
      try {
        resolve(exitCodeOf(result));
      } catch (error) {
        reject(error);
      }
    });
  });
}
