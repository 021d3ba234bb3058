// The agents' side of the feed benchmark: plain node:http on keep-alive connections, one per
// agent, as a fleet of real agents would hold them, and the child-process servers.
import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

// Every agent keeps its connection (the default pool would close all but 256 idle ones).
export const keepAlive = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: Infinity });

export interface Reply {
  status: number;
  body: string;
}

export function call(port: number, method: string, path: string, token?: string, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    if (payload) headers['content-type'] = 'application/json';
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: keepAlive }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

export async function ok(port: number, method: string, path: string, token?: string, body?: unknown): Promise<any> {
  const reply = await call(port, method, path, token, body);
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${reply.body}`);
  return reply.body ? JSON.parse(reply.body) : undefined;
}

export interface Server {
  port: number;
  memory(): Promise<{ heapUsed: number; rss: number }>;
  stop(): Promise<void>;
}

/** Runs `script` in `mode` in a child process (with --expose-gc) and waits for its port. */
export async function startServer(script: string, mode: string, args: string[]): Promise<Server> {
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...flags, '--expose-gc', '--import', 'tsx', fileURLToPath(script), mode, ...args],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`the ${mode} server exited with ${code}`)));
  });
  return {
    port,
    memory: () =>
      new Promise((resolve) => {
        child.once('message', resolve as (m: unknown) => void);
        child.send('memory');
      }),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

export const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
};
export const median = (values: number[]): number => percentile(values, 50);
export const ms = (value: number): string => `${value.toFixed(1).padStart(7)} ms`;
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

export async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}
