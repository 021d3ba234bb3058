// The audit log (api/audit.ts): a global hook, the one a record of every request needs, and
// where its events go: a file of JSON lines (--audit-log-path) or the server's own log.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { pino } from 'pino';
import { type AuditSink, auditHook } from '../api/audit.js';

/** Events as bare JSON lines through pino's own file stream: no level, time or host, only the Event. */
function fileSink(app: FastifyInstance, path: string): AuditSink {
  // Owner-only: the log names every user and what they did.
  const stream = pino.destination({ dest: path === '-' ? 1 : path, sync: true, mkdir: true, mode: 0o600 });
  if (path !== '-') app.addHook('onClose', async () => stream.end());
  return (event) => stream.write(`${JSON.stringify(event)}\n`);
}

async function audit(app: FastifyInstance): Promise<void> {
  const { auditLevel, auditLogPath } = app.config;
  // Off, it costs nothing: no hook at all.
  if (auditLevel === 'none') return;
  const sink: AuditSink = auditLogPath
    ? fileSink(app, auditLogPath)
    : (event) => app.log.info({ audit: event }, 'audit');
  app.addHook('onResponse', auditHook(auditLevel, sink));
}

export default fp(audit, { name: 'audit' });
