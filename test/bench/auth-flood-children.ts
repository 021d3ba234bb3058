// The two child processes of the auth-flood benchmark: the tmc server (production defaults,
// SQLite, the audit log in a file, as a production server records every failed authentication)
// and the flooder, which sends bad tokens from its own address as fast as its connections allow
// once told 'go'. Each answers 'cpu' (its CPU time in µs) and 'stop' over the IPC channel.
import { Agent, request } from 'node:http';
import { join } from 'node:path';

function answerParent(stop: () => Promise<void>, report: () => unknown = () => undefined): void {
  process.on('message', async (message) => {
    if (message === 'cpu') {
      const usage = process.cpuUsage();
      process.send!({ cpu: usage.user + usage.system, report: report() });
    } else if (message === 'stop') {
      await stop();
      process.exit(0);
    }
  });
}

export async function serve(dataDir: string, adminToken: string): Promise<void> {
  // BENCH_BURST: the failed authentications an address may make before it is refused (--auth-failure-burst).
  const burst = process.env.BENCH_BURST ? { authFailureBurst: Number(process.env.BENCH_BURST) } : {};
  // Imported here: the flooder, a process of its own, loads nothing of the server.
  const { buildApp } = await import('../../src/server.js');
  const auditLogPath = join(dataDir, 'audit.log');
  const app = await buildApp({ dataDir, adminToken, logLevel: 'warn', auditLogPath, ...burst });
  await app.listen({ host: '127.0.0.1', port: 0 });
  answerParent(() => app.close());
  process.send!({ port: (app.server.address() as { port: number }).port });
}

/** Once told 'go', keeps `connections` requests with bad tokens in flight from 127.0.0.3 until stopped. */
export function flood(port: number, connections: number): void {
  const agent = new Agent({ keepAlive: true, maxSockets: connections, localAddress: '127.0.0.3' });
  const byStatus: Record<number, number> = {};
  let running = true;
  let n = 0;
  const one = (): void => {
    if (!running) return;
    const token = `tmcagent_${String(n++).padStart(43, 'A')}`;
    const sent = request(
      {
        host: '127.0.0.1',
        port,
        agent,
        path: '/apis/workload.kcp.io/v1alpha1/synctargets',
        headers: {
          authorization: `Bearer ${token}`,
        },
      },
      (response) => {
        byStatus[response.statusCode ?? 0] = (byStatus[response.statusCode ?? 0] ?? 0) + 1;
        response.resume();
        response.on('end', one);
      },
    );
    sent.on('error', () => setTimeout(one, 10));
    sent.end();
  };
  process.on('message', (message) => {
    if (message === 'go') for (let i = 0; i < connections; i++) one();
  });
  process.send!('ready');
  answerParent(
    async () => {
      running = false;
      agent.destroy();
    },
    () => byStatus,
  );
}

const [role, ...args] = process.argv.slice(2);
if (role === 'server') void serve(args[0]!, args[1]!);
if (role === 'flood') flood(Number(args[0]), Number(args[1]));
