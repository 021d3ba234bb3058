// The audit log (api/http/audit.ts): a global hook, the one a record of every request needs, and
// where its events go: a file of JSON lines (--audit-log-path) or the server's own log.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { pino } from 'pino';
import { type AuditSink, auditHook } from '../api/http/audit.js';
import { RotatingFile } from '../lib/rotating-file.js';

/** Events as bare JSON lines, no level, time or host of pino's own: only the Event. */
function fileSink(app: FastifyInstance, path: string): AuditSink {
  if (path === '-') {
    const stdout = pino.destination({ dest: 1, sync: true });
    return (event) => stdout.write(`${JSON.stringify(event)}\n`);
  }
  const { auditLogMaxSize, auditLogMaxBackup } = app.config;
  // Owner-only (RotatingFile): the log names every user and what they did.
  const file = new RotatingFile(path, auditLogMaxSize * 1024 * 1024, auditLogMaxBackup);
  app.addHook('onClose', async () => file.close());
  return (event) => file.write(`${JSON.stringify(event)}\n`);
}

async function audit(app: FastifyInstance): Promise<void> {
  const { auditLevel, auditLogPath } = app.config;
  // Off, it costs nothing: no hook at all.
  if (auditLevel === 'none') return;
  // In the server's log, the events keep their info level whatever --log-level says: an audit
  // record is turned off by --audit-level, never dropped by a quieter log. Only `silent`, a log
  // turned off altogether, keeps them out too: nothing may reach a stream its owner closed.
  // No field of an event is a name the log's redaction looks for (test/api/audit-server-log.test.ts
  // holds that), so its lines skip that pass: it cost about as much as the rest of the line, paid
  // for each agent's status report in a fan-out.
  const auditLog = app.log.level === 'silent' ? app.log : app.log.child({}, { level: 'info', redact: { paths: [] } });
  const sink: AuditSink = auditLogPath
    ? fileSink(app, auditLogPath)
    : (event) => auditLog.info({ audit: event }, 'audit');
  app.addHook('onResponse', auditHook(auditLevel, sink));
}

export default fp(audit, { name: 'audit' });
