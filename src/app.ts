// Builds the Fastify app from a configuration, without listening: the store, auth, the API
// routes, the operations endpoints and the controllers. server.ts adds the listener.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { AdminTokens, type TokenVerifier, installAuth } from './api/auth.js';
import { validatorCompiler } from './api/ajv.js';
import { installBodyGuard } from './api/body-guard.js';
import { answerClientError } from './api/client-errors.js';
import { Connections } from './api/connections.js';
import { installErrorHandlers } from './api/error-handler.js';
import { type FrontDoor, serverFactoryWith } from './api/http-server.js';
import { registerOpenApi } from './api/openapi.js';
import { registerOps } from './api/ops.js';
import { Readiness } from './api/readiness.js';
import { MERGE_PATCH, registerResource } from './api/resource-routes.js';
import { syncTargetResource } from './api/synctargets.js';
import { resolveAdminTokens } from './admin-token.js';
import { type ServerConfig, resolveConfig } from './config.js';
import { connectionCap, openFileCount, openFileLimit } from './lib/fd-limit.js';
import { createAgentPlane } from './heartbeat/setup.js';
import type { KcpMirrorOptions } from './kcp/setup.js';
import { type Metrics, createMetrics } from './metrics.js';
import { LeaderTasks, type LeaderElector, type LeaderTask, type LeaderTaskHandle } from './store/leader-election.js';
import { installWorkloads } from './scheduling/setup.js';
import { openLeaderElector, openStore } from './store/open-store.js';
import type { Store } from './store/types.js';
import { VERSION } from './version.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: ServerConfig;
    store: Store;
    metrics: Metrics;
    readiness: Readiness;
    /** Whether this replica runs the controllers (always, on SQLite). */
    leader: LeaderElector;
    /** Runs a controller only while this replica leads; stopped when the app closes. */
    whileLeader(name: string, task: LeaderTask): LeaderTaskHandle;
  }
}

export interface AppOptions {
  /** A pino logger config or instance; defaults to JSON logs at the configured level. */
  logger?: FastifyServerOptions['logger'];
  loggerInstance?: FastifyBaseLogger;
  /** An already open store (tests share one between app instances). */
  store?: Store;
  /** A leader elector to use instead of the one that goes with the store. */
  leader?: LeaderElector;
  /** Timings of the kcp mirror (tests shorten the resync and the back-off). */
  kcpMirror?: Partial<KcpMirrorOptions>;
}

export async function buildApp(input: Partial<ServerConfig> = {}, options: AppOptions = {}): Promise<FastifyInstance> {
  const config = resolveConfig(input);
  const https = config.tlsCertFile && config.tlsKeyFile
    ? { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) }
    : null;
  // Heartbeats are answered before Fastify's request cycle once the agent plane is up.
  let frontDoor: FrontDoor | undefined;
  const connections = new Connections({
    perAddress: config.maxConnectionsPerAddress,
    total: connectionCap(openFileLimit(), openFileCount()),
  });
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? { level: config.logLevel } }),
    bodyLimit: config.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    ...(https ? { https } : {}),
    serverFactory: serverFactoryWith(() => frontDoor, connections, config),
    clientErrorHandler: answerClientError,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  // Plain JSON.stringify: response schemas document the API but must never drop fields.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  // Every body is JSON; Fastify's built-in text/plain parser would turn a wrong type into a 400.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser(MERGE_PATCH, { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));
  // Callback-style hooks on every request: an async one costs a promise and a tick each.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  installErrorHandlers(app);

  const readiness = new Readiness();
  const metrics = createMetrics();
  connections.instrument(metrics.registry);
  const store = options.store ?? (await openStore(config, app.log));
  await store.migrate();
  readiness.add('store', async () => {
    await store.ping();
    return undefined;
  });
  app.decorate('config', config);
  app.decorate('store', store);
  app.decorate('metrics', metrics);
  app.decorate('readiness', readiness);
  const leader = options.leader ?? openLeaderElector(store, app.log);
  await leader.start();
  const leaderTasks = new LeaderTasks(leader, app.log);
  app.decorate('leader', leader);
  app.decorate('whileLeader', (name: string, task: LeaderTask) => leaderTasks.run(name, task));

  const agents = await createAgentPlane(app, config, store);
  // Agent tokens first: they are most of the traffic, and the agent verifier turns other
  // tokens away by their shape alone, without hashing them.
  const verifiers: TokenVerifier[] = [agents.tokens, new AdminTokens(resolveAdminTokens(config, app.log))];
  installAuth(app, verifiers);
  installBodyGuard(app);
  await registerOpenApi(app, VERSION);
  registerOps(app, readiness, metrics);
  registerResource(app, syncTargetResource, store);
  await installWorkloads(app, store);
  agents.registerRoutes();
  frontDoor = agents.fastPath;
  if (config.kcpKubeconfig) {
    // Loaded only when enabled: the Kubernetes client is large and most servers never need it.
    const { installKcpMirror } = await import('./kcp/setup.js');
    const times = { latest: (name: string, uid: string) => agents.heartbeats.clock.latest(name, uid), refresh: () => agents.heartbeats.refresh() };
    installKcpMirror(app, config, store, times, options.kcpMirror);
  }

  app.addHook('onClose', async () => {
    readiness.markStopping();
    await agents.stop();
    // Controllers stop before leadership is released, and both before the store closes.
    await leaderTasks.close();
    await leader.stop();
    if (!options.store) await store.close();
  });
  return app;
}
