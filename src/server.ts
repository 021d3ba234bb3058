// The Fastify instance of `tmc server` and its process side: buildApp makes the instance from a
// configuration and registers the app (app.ts) without listening; startServer listens on HTTPS
// (its own certificate unless given one; plain HTTP only with --insecure-http), writes the admin
// kubeconfig, and shuts down gracefully on SIGTERM/SIGINT (stop accepting, let in-flight
// requests finish, close the store).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import closeWithGrace from 'close-with-grace';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { warmBodyValidators } from './api/http/ajv.js';
import { answerClientError } from './api/http/client-errors.js';
import { answerFrameworkError } from './api/http/error-handler.js';
import { Connections } from './api/http/connections.js';
import { serverFactoryWith } from './api/agent/front-door/http-server.js';
import app, { type AppPluginOptions } from './app.js';
import { type ServerConfig, resolveConfig } from './config.js';
import { connectionCap, openFileCount, openFileLimit } from './lib/fd-limit.js';
import { cgroupMemoryLimit, rssCeiling } from './lib/memory-limit.js';
import { type MemoryFigures, MemoryPressure } from './runtime/memory-pressure.js';
import { safeRequestId } from './lib/request-id.js';
import { MAX_NAME_LENGTH } from './lib/validation.js';
import { LOG_REDACT } from './lib/redact.js';
import { logServingTls, servingTls, writeServerKubeconfig } from './pki/serving.js';

export interface AppOptions extends Omit<AppPluginOptions, 'config'> {
  /** A pino logger config or instance; defaults to JSON logs at the configured level. */
  logger?: FastifyServerOptions['logger'];
  loggerInstance?: FastifyBaseLogger;
  /** Serve HTTPS with this certificate and key (startServer's own); else --tls-cert-file/--tls-key-file, else HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Answer ordinary heartbeats before Fastify's request cycle (default); off, the route answers all. */
  heartbeatFrontDoor?: boolean;
  /** The process's memory figures, read once a second (tests give their own). */
  memoryFigures?: () => MemoryFigures;
}

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** <data-dir>/admin.kubeconfig, written once listening. */
  kubeconfig: string;
}

/** The app, loaded (a store that cannot be opened fails here) but not listening yet. */
export async function buildApp(input: Partial<ServerConfig> = {}, options: AppOptions = {}): Promise<FastifyInstance> {
  const config = resolveConfig(input);
  const { logger, loggerInstance, tls, heartbeatFrontDoor = true, memoryFigures, ...appOptions } = options;
  const https = tls
    ? { cert: tls.cert, key: tls.key }
    : config.tlsCertFile && config.tlsKeyFile
      ? { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) }
      : null;
  const frontDoor = heartbeatFrontDoor && config.auditLevel !== 'all';
  const memory = new MemoryPressure({
    rssLimit: rssCeiling(cgroupMemoryLimit()),
    read: memoryFigures,
    onChange: (short, figures) => {
      const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
      const heap = {
        heapUsedMiB: mib(figures.heapUsed),
        heapLimitMiB: mib(figures.heapLimit),
        rssMiB: mib(figures.rss),
      };
      if (short) instance.log.warn(heap, 'short of memory: new connections are refused (503) until it recovers');
      else instance.log.info(heap, 'memory recovered: new connections are taken again');
    },
  });
  const connections = new Connections({
    perAddress: config.maxConnectionsPerAddress,
    total: connectionCap(openFileLimit(), openFileCount()),
    memoryShort: () => memory.short,
    onRefusing: (reason, refused) =>
      instance.log.warn(
        { reason, refused },
        reason === 'memory'
          ? 'new connections refused (503): the server is short of memory'
          : 'new connections refused (503): the server is near its open-files limit',
      ),
    onPacing: (pressed, open, keepAliveMs) => {
      const figures = { connections: open, keepAliveSeconds: keepAliveMs / 1000 };
      // A warning: the operator can raise the limit (ulimit -n) before agents pay a handshake per beat.
      if (pressed)
        instance.log.warn(
          figures,
          'past half the connections the open-files limit allows: idle connections are closed sooner',
        );
      else
        instance.log.info(figures, 'connections well below the open-files limit again: idle connections kept as usual');
    },
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
    // At --audit-level all every heartbeat is recorded: the route's hooks do that, the front door does not.
    serverFactory: serverFactoryWith(
      () => (frontDoor ? instance.heartbeatFastPath : undefined),
      connections,
      config,
      () => instance.authFailures,
    ),
    // What Node turns away before any route (too slow, headers too large, not HTTP) gets a Status.
    clientErrorHandler: answerClientError,
  }) as unknown as FastifyInstance;
  await instance.register(app, { ...appOptions, config });
  connections.instrument(instance.metrics.registry);
  memory.instrument(instance.metrics.registry);
  memory.start();
  instance.addHook('onClose', async () => memory.stop());
  return instance;
}

const LISTEN_BACKLOG = 8192;

/** The kinds' body validators compiled now, in the background, rather than at each kind's first write. */
function warmValidators(app: FastifyInstance): void {
  const writable = app.kubeApi.resources.servedResources().filter((r) => r.verbs.includes('create'));
  const started = performance.now();
  warmBodyValidators(
    writable.map((r) => r.def.schema),
    () => app.readiness.isStopping,
  ).then(
    (count) => app.log.debug({ count, ms: Math.round(performance.now() - started) }, 'body validators compiled'),
    (err) => app.log.warn({ err }, 'compiling the body validators ahead failed: each compiles at its first write'),
  );
}

export async function startServer(config: Partial<ServerConfig>, graceMs = 10_000): Promise<RunningServer> {
  const resolved = resolveConfig(config);
  const tls = servingTls(resolved);
  const app = await buildApp(resolved, tls ? { tls } : {});
  logServingTls(app.log, tls);
  const closer = closeWithGrace({ delay: graceMs }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an unexpected error');
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    app.readiness.markStopping();
    await app.close();
  });
  app.addHook('onClose', async () => closer.uninstall());
  // A fleet reconnects at once after a restart: Node's default queue of 511 unaccepted connections
  // overflows and agents see resets. The kernel caps this at net.core.somaxconn.
  const url = await app.listen({ host: app.config.bindAddress, port: app.config.port, backlog: LISTEN_BACKLOG });
  // Before the line that says the server listens: whoever waits for that line may read the file.
  const kubeconfig = writeServerKubeconfig(app.config, app.server.address() as AddressInfo, tls, app.log);
  app.log.info({ url, tls: tls !== null, store: app.store.dialect }, `tmc server listening on ${url}`);
  warmValidators(app);
  return { app, url, kubeconfig };
}
