// The watchers of the watch benchmark: plain node:http, one connection each, reading the
// newline-delimited events as kubectl or an informer would, and noting when each awaited object
// arrives. And what the load generator itself costs, to show it was not the bottleneck.
import { Agent, request } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

// A connection per watcher, none pooled away.
const agent = new Agent({ maxSockets: Infinity });

export interface Watcher {
  /** Resolves with the arrival time (performance.now()) of the first event naming `name`. */
  arrival(name: string): Promise<number>;
  close(): void;
}

/** Opens a watch and resolves once the server answered its headers (it is subscribed by then). */
export function openWatcher(port: number, path: string, token: string): Promise<Watcher> {
  return new Promise((resolve, reject) => {
    const waiting = new Map<string, (at: number) => void>();
    const arrived = new Map<string, number>();
    const headers = { authorization: `Bearer ${token}` };
    const req = request({ host: '127.0.0.1', port, path, headers, agent }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`watch ${path}: ${res.statusCode}`));
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        let newline: number;
        while ((newline = text.indexOf('\n')) >= 0) {
          const event = JSON.parse(text.slice(0, newline)) as { object: { metadata?: { name?: string } } };
          text = text.slice(newline + 1);
          const name = event.object.metadata?.name ?? '';
          const at = performance.now();
          if (!arrived.has(name)) arrived.set(name, at);
          waiting.get(name)?.(at);
        }
      });
      resolve({
        arrival: (name) =>
          new Promise((done) => {
            const at = arrived.get(name);
            if (at !== undefined) return done(at);
            waiting.set(name, done);
          }),
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export interface GeneratorLoad {
  /** This process's CPU time over the wall time, as a share of one core. */
  cpuShare: number;
  /** p99 and max of this process's event loop delay, in ms. */
  lagP99: number;
  lagMax: number;
}

/** Measures this process while `work` runs. */
export async function measured<T>(work: () => Promise<T>): Promise<{ result: T; load: GeneratorLoad }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  histogram.disable();
  const load = {
    cpuShare: (used.user + used.system) / 1000 / wall,
    lagP99: histogram.percentile(99) / 1e6,
    lagMax: histogram.max / 1e6,
  };
  return { result, load };
}
