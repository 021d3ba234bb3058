// Leader election: whether this replica runs the controllers (always, on SQLite), and
// whileLeader, which runs a controller only while it does. On close the controllers stop, then
// the leadership is given up, both before the store closes.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LeaderTasks, type LeaderElector, type LeaderTask, type LeaderTaskHandle } from '../store/leader-election.js';
import { openLeaderElector } from '../store/open-store.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Whether this replica runs the controllers (always, on SQLite). */
    leader: LeaderElector;
    /** Runs a controller only while this replica leads; stopped when the app closes. */
    whileLeader(name: string, task: LeaderTask): LeaderTaskHandle;
  }
}

export interface LeaderPluginOptions {
  /** A leader elector to use instead of the one that goes with the store. */
  leader?: LeaderElector;
}

async function leaderPlugin(app: FastifyInstance, options: LeaderPluginOptions): Promise<void> {
  const leader = options.leader ?? openLeaderElector(app.store, app.log);
  await leader.start();
  const tasks = new LeaderTasks(leader, app.log);
  app.decorate('leader', leader);
  app.decorate('whileLeader', (name: string, task: LeaderTask) => tasks.run(name, task));
  app.addHook('onClose', async () => {
    await tasks.close();
    await leader.stop();
  });
}

export default fp(leaderPlugin, { name: 'leader', dependencies: ['store'] });
