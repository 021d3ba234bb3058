// The process side of `tmc server`: listen on HTTP or HTTPS and shut down gracefully on
// SIGTERM/SIGINT (stop accepting, let in-flight requests finish, close the store).
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { ServerConfig } from './config.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
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
