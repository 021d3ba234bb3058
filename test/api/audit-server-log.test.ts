// Audit events without --audit-log-path: info lines of the server log, whatever its level, unless
// that log is off altogether.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import t, { type Test } from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { createOk } from '../helpers/workloads.js';
import { LOG_REDACT_PATHS } from '../../src/lib/redact.js';

/** An app whose server log is a file at `level`; `lines()` reads it back. */
async function appLoggingTo(t: Test, level: string) {
  const dataDir = t.testdir();
  const path = join(dataDir, 'server.log');
  const log = pino({ level }, pino.destination({ dest: path, sync: true }));
  const api = await testApp(t, { dataDir }, { loggerInstance: log });
  const text = () => readFileSync(path, 'utf8');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  return { api, text, lines };
}

/** Every key of a JSON value, at any depth. */
const keysOf = (value: unknown): string[] =>
  value && typeof value === 'object'
    ? Object.entries(value).flatMap(([key, inner]) => [...(Array.isArray(value) ? [] : [key]), ...keysOf(inner)])
    : [];

t.test('without --audit-log-path the events are info lines of the server log, at any --log-level', async (t) => {
  const { api, lines } = await appLoggingTo(t, 'warn');
  const reply = await api.call('POST', ST_PATH, syncTarget('edge-1'));
  const audit = lines().filter((line) => line.msg === 'audit');
  t.equal(audit.length, 1, 'one audit line');
  t.match(audit[0], {
    level: 30,
    audit: {
      verb: 'create',
      auditID: reply.headers['x-request-id'],
      user: { username: 'system:admin' },
      objectRef: { resource: 'synctargets', name: 'edge-1' },
    },
  });
});

t.test('a silent server log (--log-level silent) takes no audit lines either', async (t) => {
  const { api, text } = await appLoggingTo(t, 'silent');
  await createOk(api, ST_PATH, syncTarget('edge-1'));
  t.equal(text(), '', 'nothing written');
});

t.test('no field of an audit line is a name the log redacts, so those lines may skip redaction', async (t) => {
  const { api, lines } = await appLoggingTo(t, 'info');
  await createOk(api, ST_PATH, syncTarget('edge-1'));
  // A refusal, an agent token's issuance and a delete: events of every shape the log takes.
  t.equal((await api.call('GET', ST_PATH, undefined, { token: 'wrong-token' })).statusCode, 401);
  t.equal((await api.call('POST', `${ST_PATH}/edge-1/tokens`, {})).statusCode, 201);
  t.equal((await api.call('DELETE', `${ST_PATH}/edge-1`)).statusCode, 200);
  const events = lines()
    .filter((line) => line.msg === 'audit')
    .map((line) => line.audit);
  t.equal(events.length, 4, 'four events');
  const redacted = new Set(LOG_REDACT_PATHS.map((path) => path.split('.').at(-1)!));
  t.same(
    events.flatMap(keysOf).filter((key) => redacted.has(key)),
    [],
    'none of the names the log redacts',
  );
});
