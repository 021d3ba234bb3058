// One child process of simulated agents for the fleet benchmark (processes, not threads: each
// has its own limit of open files, and 10,000 agents hold more connections than one process may).
// Each agent does what the syncer does (src/syncer): a heartbeat at the server's interval, the
// long poll of its feed (GET .../objects?resourceVersion=…&timeoutSeconds=30, held by the server)
// and, for every object whose generation it has not seen, a status report
// (PUT .../deployments/NS/NAME/status) once "applied". Nothing is applied anywhere: the agents are
// lean so that thousands fit in a few processes. Times are epoch milliseconds (timeOrigin + now),
// comparable across processes.
import { Agent, request } from 'node:http';

export interface AgentSpec {
  name: string;
  token?: string;
}
export interface WorkerInput {
  port: number;
  agents: AgentSpec[];
  intervalSeconds: number;
  /** The agents start one after another over this many seconds. */
  rampSeconds: number;
}
export interface WorkerResults {
  /** [sent at, latency] of every heartbeat. */
  heartbeats: [number, number][];
  /** When each agent had the object, and when its report was answered. */
  received: number[];
  reported: number[];
  failures: number;
  /** The failures by what went wrong (an errno or a status). */
  failureKinds: Record<string, number>;
}

const now = () => performance.timeOrigin + performance.now();
const ST = '/apis/workload.kcp.io/v1alpha1/synctargets';
const HEARTBEAT = JSON.stringify({
  syncerVersion: 'v0.1.0',
  kubernetesVersion: 'v1.33.0',
  capacity: { cpu: '8', memory: '32Gi' },
});

// Each agent keeps its own connections, as a syncer does: its long poll, and the one its
// heartbeats take, kept between beats for as long as the server's Keep-Alive says (Node's agent
// reads that hint only when given a timeout of its own).
const newPool = () => new Agent({ keepAlive: true, timeout: 120_000 });

function run(input: WorkerInput): void {
  const pools = new Map(input.agents.map((agent) => [agent.name, newPool()]));
  const results: WorkerResults = { heartbeats: [], received: [], reported: [], failures: 0, failureKinds: {} };
  const failed = (error: unknown) => {
    results.failures++;
    const kind = (error as { code?: string }).code ?? (error as Error).message.split(' ')[0]!;
    results.failureKinds[kind] = (results.failureKinds[kind] ?? 0) + 1;
  };
  let stopped = false;
  let polling = 0;
  let watched = '';
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) fn();
    }, ms);
    timers.add(timer);
  };

  const send = (agent: AgentSpec, method: string, path: string, body?: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const headers: Record<string, string> = agent.token ? { authorization: `Bearer ${agent.token}` } : {};
      if (body) headers['content-type'] = 'application/json';
      // As tmc syncer sends its status reports (a server that ignores it answers 200 with the object).
      if (method === 'PUT') headers.prefer = 'return=minimal';
      const pool = pools.get(agent.name);
      const req = request({ host: '127.0.0.1', port: input.port, method, path, headers, agent: pool }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });

  const heartbeat = async (agent: AgentSpec, first: boolean) => {
    const at = now();
    let interval = input.intervalSeconds;
    try {
      const reply = await send(agent, 'POST', `${ST}/${agent.name}/heartbeat`, HEARTBEAT);
      if (reply.status !== 200) throw new Error(String(reply.status));
      results.heartbeats.push([at, now() - at]);
      interval = JSON.parse(reply.body).heartbeatIntervalSeconds;
    } catch (error) {
      failed(error);
    }
    // Spread over the interval after the first, as agents started at different times are.
    later((first ? Math.random() : 1) * interval * 1000, () => void heartbeat(agent, false));
  };

  const feed = async (agent: AgentSpec) => {
    const generations = new Map<string, number>();
    let version: string | undefined;
    let first = true;
    while (!stopped) {
      const query = `timeoutSeconds=30${version === undefined ? '' : `&resourceVersion=${version}`}`;
      try {
        if (!first) polling++;
        const reply = await send(agent, 'GET', `${ST}/${agent.name}/objects?${query}`).finally(
          () => !first && polling--,
        );
        first = false;
        if (reply.status === 304) continue;
        if (reply.status !== 200) throw new Error(`${reply.status} ${reply.body.slice(0, 200)}`);
        const answer = JSON.parse(reply.body) as { resourceVersion: string; items: any[] };
        version = answer.resourceVersion;
        for (const item of answer.items) {
          const { name, namespace, generation } = item.metadata;
          if (generations.get(`${namespace}/${name}`) === generation) continue;
          generations.set(`${namespace}/${name}`, generation);
          if (name === watched) results.received.push(now());
          const report = {
            observedGeneration: generation,
            state: 'Applied',
            status: { replicas: 1, readyReplicas: 1 },
          };
          const put = await send(
            agent,
            'PUT',
            `${ST}/${agent.name}/deployments/${namespace}/${name}/status`,
            JSON.stringify(report),
          );
          if (put.status !== 200 && put.status !== 204)
            throw new Error(`status ${put.status} ${put.body.slice(0, 200)}`);
          if (name === watched) results.reported.push(now());
        }
      } catch (error) {
        if (stopped) return;
        failed(error);
        if (results.failures < 5) process.stderr.write(`agent ${agent.name}: ${(error as Error).message}\n`);
        await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000));
      }
    }
  };

  // Agents come up over the ramp, as a fleet's do, not in one millisecond.
  for (const [i, agent] of input.agents.entries()) {
    later((i / input.agents.length) * input.rampSeconds * 1000, () => {
      void heartbeat(agent, true);
      void feed(agent);
    });
  }
  process.on('message', (message: { type: string; name?: string }) => {
    if (message.type === 'watch') {
      watched = message.name!;
      results.received = [];
      results.reported = [];
    } else if (message.type === 'progress') {
      process.send!({ polling, received: results.received.length, reported: results.reported.length });
    } else if (message.type === 'stop') {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      for (const pool of pools.values()) pool.destroy();
      process.send!(results);
    }
  });
}

// The first message is the input; the rest are the benchmark's questions.
process.once('message', (input: WorkerInput) => run(input));
