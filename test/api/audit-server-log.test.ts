// Audit events without --audit-log-path: info lines of the server log, whatever its level, unless
// that log is off altogether.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import t from 'tap';
import { ST_PATH, syncTarget, testApp } from '../helpers/app.js';
import { createOk } from '../helpers/workloads.js';

t.test('without --audit-log-path the events are info lines of the server log, at any --log-level', async (t) => {
  const dataDir = t.testdir();
  const path = join(dataDir, 'server.log');
  const log = pino({ level: 'warn' }, pino.destination({ dest: path, sync: true }));
  const api = await testApp(t, { dataDir }, { loggerInstance: log });
  const reply = await api.call('POST', ST_PATH, syncTarget('edge-1'));
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((line) => line.msg === 'audit');
  t.equal(lines.length, 1, 'one audit line');
  t.match(lines[0], {
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
  const dataDir = t.testdir();
  const path = join(dataDir, 'server.log');
  const log = pino({ level: 'silent' }, pino.destination({ dest: path, sync: true }));
  const api = await testApp(t, { dataDir }, { loggerInstance: log });
  await createOk(api, ST_PATH, syncTarget('edge-1'));
  t.equal(readFileSync(path, 'utf8'), '', 'nothing written');
});
