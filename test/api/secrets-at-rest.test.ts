// Secrets are encrypted at rest on both stores: the SQLite file (and its WAL) and a pg_dump of
// the PostgreSQL database hold neither a Secret's plaintext value nor its base64 form, in the
// objects or in the change feed, while the API reads the Secret back as written.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { testApp } from '../helpers/app.js';
import { kindPath } from '../helpers/kinds.js';
import { forEachStore } from '../helpers/stores.js';

const SECRETS = kindPath('v1', 'secrets');
const PLAIN = 'hunter2-correct-horse-battery-staple';
const STRING_PLAIN = 'string-data-value-4f1c9e';
const b64 = (text: string) => Buffer.from(text).toString('base64');

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const secret = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'Opaque',
  metadata: { name, labels: { app: 'web' }, annotations: { [LAST_APPLIED]: `{"password":"${PLAIN}"}` } },
  data: { password: b64(PLAIN) },
  stringData: { token: STRING_PLAIN },
});

/** Every byte the store keeps, as text: the SQLite files, or a pg_dump of the database. */
function storedBytes(dataDir: string, databaseUrl: string | undefined): string {
  if (databaseUrl) return execFileSync('pg_dump', ['--data-only', databaseUrl], { encoding: 'utf8' });
  return ['tmc.db', 'tmc.db-wal']
    .map((f) => join(dataDir, f))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('\n');
}

forEachStore(t, (t) => {
  t.test('a Secret is read back as written, stringData folded into data', async (t) => {
    const { call } = await testApp(t);
    const created = await call('POST', SECRETS, secret('db'));
    t.equal(created.statusCode, 201, created.body.slice(0, 200));
    t.same(created.json.data, { password: b64(PLAIN), token: b64(STRING_PLAIN) });
    t.notOk('stringData' in created.json, 'stringData is write-only');
    t.notOk('encrypted' in created.json, 'the sealed value never leaves the store');
    t.equal(created.json.type, 'Opaque');
    const got = await call('GET', `${SECRETS}/db`);
    t.same(got.json.data, created.json.data);
    t.same(got.json.metadata.annotations, secret('db').metadata.annotations);
    const listed = await call('GET', `${SECRETS}?labelSelector=app%3Dweb`);
    t.same(
      listed.json.items.map((s: any) => s.data.password),
      [b64(PLAIN)],
      'label selectors still work',
    );
    const patched = await call('PATCH', `${SECRETS}/db`, { stringData: { extra: 'x' } });
    t.same(Object.keys(patched.json.data).sort(), ['extra', 'password', 'token']);
  });

  t.test('neither the stored rows nor the change feed hold the plaintext', async (t) => {
    const { call, app, dataDir } = await testApp(t);
    t.equal((await call('POST', SECRETS, secret('db'))).statusCode, 201);
    t.equal(
      (
        await call('PUT', `${SECRETS}/db`, {
          ...(
            await call('GET', `${SECRETS}/db`)
          ).json,
          data: { password: b64(`${PLAIN}-2`) },
        })
      ).statusCode,
      200,
    );
    t.equal((await call('POST', SECRETS, secret('deleted'))).statusCode, 201);
    t.equal((await call('DELETE', `${SECRETS}/deleted`)).statusCode, 200);
    const bytes = storedBytes(dataDir, app.config.databaseUrl);
    t.ok(bytes.includes('k8s:enc:aesgcm:v1:'), 'sealed values are there');
    for (const needle of [PLAIN, b64(PLAIN), STRING_PLAIN, b64(STRING_PLAIN), b64(`${PLAIN}-2`)]) {
      t.notOk(bytes.includes(needle), `no ${needle.slice(0, 12)}... in the store`);
    }
    const changes = await app.store.changesSince(0);
    const secrets = changes.filter((c) => c.object.kind === 'Secret');
    t.ok(secrets.length === 4 && secrets.every((c) => !('encrypted' in c.object)), 'the feed reads opened');
  });

  t.test('a refused Secret does not echo its data', async (t) => {
    const { call } = await testApp(t);
    const refused = await call('POST', SECRETS, { ...secret('bad'), data: { password: `${PLAIN}!!` } });
    t.equal(refused.statusCode, 422);
    t.match(refused.json.details.causes, [{ field: 'data[password]' }]);
    t.notOk(refused.body.includes(PLAIN), 'the value is not in the error');
  });
});

t.test('the key file is created 0600 on first start and read again on the next', async (t) => {
  const first = await testApp(t);
  const file = join(first.dataDir, 'encryption.key');
  t.equal(statSync(file).mode & 0o777, 0o600);
  t.equal((await first.call('POST', SECRETS, secret('db'))).statusCode, 201);
  const text = readFileSync(file, 'utf8');
  await first.app.close();
  const again = await testApp(t, { dataDir: first.dataDir });
  t.equal(readFileSync(file, 'utf8'), text, 'the key is kept');
  t.same((await again.call('GET', `${SECRETS}/db`)).json.data.password, b64(PLAIN));
});
