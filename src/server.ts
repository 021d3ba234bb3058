// The Fastify instance of `tmc server` and its process side: buildApp makes the instance from a
// configuration and registers the app (app.ts) without listening; startServer listens on HTTP
// or HTTPS and shuts down gracefully on SIGTERM/SIGINT (stop accepting, let in-flight requests
// finish, close the store).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import closeWithGrace from 'close-with-grace';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { answerClientError } from './api/client-errors.js';
import { answerFrameworkError } from './api/error-handler.js';
import { Connections } from './api/connections.js';
import { serverFactoryWith } from './api/front-door/http-server.js';
import app, { type AppPluginOptions } from './app.js';
import { type ServerConfig, resolveConfig } from './config.js';
import { connectionCap, openFileCount, openFileLimit } from './lib/fd-limit.js';
import { safeRequestId } from './lib/request-id.js';
import { MAX_NAME_LENGTH } from './lib/validation.js';
import { LOG_REDACT } from './lib/redact.js';

export interface AppOptions extends Omit<AppPluginOptions, 'config'> {
  /** A pino logger config or instance; defaults to JSON logs at the configured level. */
  logger?: FastifyServerOptions['logger'];
  loggerInstance?: FastifyBaseLogger;
  /** Answer ordinary heartbeats before Fastify's request cycle (default); off, the route answers all. */
  heartbeatFrontDoor?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
}

/** The app, loaded (a store that cannot be opened fails here) but not listening yet. */
export async function buildApp(input: Partial<ServerConfig> = {}, options: AppOptions = {}): Promise<FastifyInstance> {
  const config = resolveConfig(input);
  const https = config.tlsCertFile && config.tlsKeyFile
    ? { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) }
    : null;
  const { logger, loggerInstance, heartbeatFrontDoor = true, ...appOptions } = options;
  const connections = new Connections({
    perAddress: config.maxConnectionsPerAddress,
    total: connectionCap(openFileLimit(), openFileCount()),
  });
  const instance = Fastify({
    ...(loggerInstance ? { loggerInstance } : { logger: logger ?? { level: config.logLevel, redact: LOG_REDACT } }),
    bodyLimit: config.bodyLimit,
    // The client's x-request-id only when it is safe to echo (see safeRequestId).
    requestIdHeader: false,
    genReqId: (request) => safeRequestId(request.headers['x-request-id']) ?? randomUUID(),
    // Every name may be 253 characters long, even percent-encoded (Fastify's default stops at 100).
    routerOptions: { maxParamLength: 3 * MAX_NAME_LENGTH },
    // A URL Fastify cannot route (too long a segment, not valid percent-encoded UTF-8) gets a Status too.
    frameworkErrors: answerFrameworkError,
    ...(https ? { https } : {}),
    // Heartbeats are answered before Fastify's request cycle once the agent plugin is loaded.
    serverFactory: serverFactoryWith(() => (heartbeatFrontDoor ? instance.heartbeatFastPath : undefined), connections, config),
    // What Node turns away before any route (too slow, headers too large, not HTTP) gets a Status.
    clientErrorHandler: answerClientError,
  }) as unknown as FastifyInstance;
  await instance.register(app, { ...appOptions, config });
  connections.instrument(instance.metrics.registry);
  return instance;
}

export async function startServer(config: Partial<ServerConfig>, graceMs = 10_000): Promise<RunningServer> {
  const app = await buildApp(config);
  const closer = closeWithGrace({ delay: graceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an unexpected error');
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    app.readiness.markStopping();
    await app.close();
  });
  app.addHook('onClose', async () => closer.uninstall());
  const url = await app.listen({ host: app.config.bindAddress, port: app.config.port });
  app.log.info({ url, tls: Boolean(app.config.tlsCertFile), store: app.store.dialect }, `tmc server listening on ${url}`);
  return { app, url };
}
