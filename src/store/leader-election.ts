// Leader election: controllers (heartbeat monitor, scheduler, kcp mirror) must run on exactly
// one replica at a time. An elector says whether this process leads now and announces changes;
// runWhileLeader starts a controller on gaining leadership and stops it on losing it.
//
// A lost leadership is announced as soon as it is noticed, but a controller may still be
// finishing a step while the next leader starts. Controllers are level-based and write with
// optimistic concurrency, so such a short overlap costs a retried write, never a wrong state.
import type { FastifyBaseLogger } from 'fastify';

export type LeadershipListener = (leader: boolean) => void;

export interface LeaderElector {
  /** Starts campaigning; resolves after the first attempt (so a lone replica leads at once). */
  start(): Promise<void>;
  isLeader(): boolean;
  onChange(listener: LeadershipListener): () => void;
  /** Gives up leadership (listeners hear `false`) and stops campaigning. */
  stop(): Promise<void>;
}

/** Keeps the listeners and announces only real changes. */
export class LeadershipState {
  private leader = false;
  private readonly listeners = new Set<LeadershipListener>();

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly election: string,
  ) {}

  get isLeader(): boolean {
    return this.leader;
  }

  set(leader: boolean): void {
    if (leader === this.leader) return;
    this.leader = leader;
    this.log.info({ election: this.election, leader }, leader ? 'became the leader' : 'no longer the leader');
    for (const listener of this.listeners) {
      try {
        listener(leader);
      } catch (error) {
        this.log.error({ err: error, election: this.election }, 'a leadership listener failed');
      }
    }
  }

  subscribe(listener: LeadershipListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** One process, one store (SQLite): this process always leads. */
export class AlwaysLeader implements LeaderElector {
  private readonly state: LeadershipState;

  constructor(log: FastifyBaseLogger, election = 'controllers') {
    this.state = new LeadershipState(log, election);
  }

  async start(): Promise<void> {
    this.state.set(true);
  }

  isLeader(): boolean {
    return this.state.isLeader;
  }

  onChange(listener: LeadershipListener): () => void {
    return this.state.subscribe(listener);
  }

  async stop(): Promise<void> {
    this.state.set(false);
  }
}

/** Something that runs only on the leader. */
export interface LeaderTask {
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

export interface LeaderTaskHandle {
  /** Stops following leadership and stops the task if it runs. */
  close(): Promise<void>;
}

/**
 * Runs `task` while `elector` leads. Starts and stops are queued one after the other, so a
 * quick loss and regain never runs two copies of the task. A start that fails is logged and
 * retried at the next gain of leadership.
 */
export function runWhileLeader(
  elector: LeaderElector,
  name: string,
  task: LeaderTask,
  log: FastifyBaseLogger,
): LeaderTaskHandle {
  let running = false;
  let closed = false;
  let queue = Promise.resolve();
  const follow = (leader: boolean) => {
    queue = queue.then(async () => {
      const want = leader && !closed;
      if (want === running) return;
      try {
        await (want ? task.start() : task.stop());
        running = want;
        log.info({ task: name }, want ? 'leader task started' : 'leader task stopped');
      } catch (error) {
        running = false;
        log.error({ err: error, task: name }, want ? 'a leader task failed to start' : 'a leader task failed to stop');
      }
    });
  };
  const unsubscribe = elector.onChange(follow);
  follow(elector.isLeader());
  return {
    async close() {
      closed = true;
      unsubscribe();
      follow(false);
      await queue;
    },
  };
}

/** The leader tasks of one app: each runs while the app's elector leads; close() stops them all. */
export class LeaderTasks {
  private readonly handles = new Set<LeaderTaskHandle>();

  constructor(
    private readonly elector: LeaderElector,
    private readonly log: FastifyBaseLogger,
  ) {}

  run(name: string, task: LeaderTask): LeaderTaskHandle {
    const handle = runWhileLeader(this.elector, name, task, this.log);
    this.handles.add(handle);
    return {
      close: async () => {
        this.handles.delete(handle);
        await handle.close();
      },
    };
  }

  async close(): Promise<void> {
    const handles = [...this.handles];
    this.handles.clear();
    await Promise.all(handles.map((handle) => handle.close()));
  }
}
