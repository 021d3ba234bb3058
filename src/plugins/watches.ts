// The open watches of this server: the list routes hand them their streams, and they all end
// when the server closes (a watch would otherwise hold the close until its timeout).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { OpenWatches } from '../api/watch/watch.js';
import { WATCH_DEFAULTS, type WatchSettings } from '../api/watch/watch-settings.js';

async function watches(app: FastifyInstance, options: Partial<WatchSettings>): Promise<void> {
  const open = new OpenWatches({ ...WATCH_DEFAULTS, ...options });
  app.decorate('watches', open);
  // preClose: before the server waits for its connections to finish.
  app.addHook('preClose', (done) => {
    open.endAll();
    done();
  });
}

export default fp(watches, { name: 'watches' });
