// The app as one Fastify plugin: the store, auth, the API routes, the operations endpoints and
// the controllers, each a plugin of its own under plugins/, registered here in order (the
// OpenAPI document first, so it lists every route; the store before what reads it). server.ts
// makes the Fastify instance and registers this.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { ServerConfig } from './config.js';
import type { KcpMirrorOptions } from './kcp/mirror-options.js';
import agentRoutes from './plugins/agent-routes.js';
import access from './plugins/access.js';
import accessRoutes from './plugins/access-routes.js';
import agents from './plugins/agents.js';
import audit from './plugins/audit.js';
import auth from './plugins/auth.js';
import customResources from './plugins/custom-resources.js';
import garbageCollector from './plugins/garbage-collector.js';
import dashboard from './plugins/dashboard.js';
import http from './plugins/http.js';
import informers from './plugins/informers.js';
import kubeApi from './plugins/kube-api.js';
import namespaces from './plugins/namespaces.js';
import leader from './plugins/leader.js';
import openApi from './plugins/openapi.js';
import ops from './plugins/ops.js';
import store from './plugins/store.js';
import syncTargets from './plugins/synctargets.js';
import workloads from './plugins/workloads.js';
import type { WatchSettings } from './api/watch/watch-settings.js';
import watches from './plugins/watches.js';
import type { LeaderElector } from './store/leader-election.js';
import type { Store } from './store/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig;
  }
}

export interface AppPluginOptions {
  config: ServerConfig;
  /** An already open store (tests share one between app instances). */
  store?: Store;
  /** A leader elector to use instead of the one that goes with the store. */
  leader?: LeaderElector;
  /** Timings of the kcp mirror (tests shorten the resync and the back-off). */
  kcpMirror?: Partial<KcpMirrorOptions>;
  /** How watches behave (tests shorten the bookmark interval and the buffer bound). */
  watch?: Partial<WatchSettings>;
  /** The scheduler's clock in ms (tests of change windows set the time); default Date.now. */
  clock?: () => number;
}

async function app(instance: FastifyInstance, options: AppPluginOptions): Promise<void> {
  instance.decorate('config', options.config);
  instance.register(http);
  instance.register(openApi);
  instance.register(ops);
  instance.register(audit);
  instance.register(watches, options.watch ?? {});
  instance.register(store, { store: options.store });
  instance.register(informers);
  instance.register(leader, { leader: options.leader });
  instance.register(agents);
  instance.register(access);
  instance.register(auth);
  instance.register(kubeApi);
  instance.register(syncTargets);
  instance.register(workloads, { clock: options.clock });
  instance.register(namespaces);
  instance.register(agentRoutes);
  instance.register(accessRoutes);
  instance.register(customResources);
  instance.register(garbageCollector);
  instance.register(dashboard);
  if (options.config.kcpKubeconfig) {
    // Loaded only when enabled: the Kubernetes client is large and most servers never need it.
    instance.register(import('./plugins/kcp-mirror.js'), options.kcpMirror ?? {});
  }
}

export default fp(app, { name: 'tmc' });
